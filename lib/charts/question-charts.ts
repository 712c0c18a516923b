import 'server-only';
import type { QuestionView } from '@/lib/data/questions';
import { deriveFromNumbers, memoNumbersChart, registerWarmer } from '@/lib/data/question-cache';
import { buildDistributionChart, type DistributionChartData } from '@/lib/charts/distribution';
import { buildTrendChart, toTrendDrawing, type TrendChartData, type TrendDrawing } from '@/lib/charts/trend';
import { buildWavesTable, type WavesTableData } from '@/lib/charts/waves';
import { buildHouseEffectsChart, type HouseEffectsChartData } from '@/lib/charts/house-effects';
import { thinForDrawing } from '@/lib/charts/downsample';
import { parseLenient, ZQuestionViewInput, type TQuestionViewInput } from '@/lib/schemas/views';

/**
 * Every chart of a question in one view, memoised on the cached question view
 * (lib/data/question-cache.ts): the question page, its embeds and its chart data URLs
 * (/api/v1/questions/[slug]/[chart]) share one computation per question version and view.
 *
 * A question version is the QuestionView object the cache holds until a write touches the
 * question (the freshness signal drops it), so the memo is keyed by question + freshness; it is
 * bounded by the cache's LRU and by the number of views kept per question.
 *
 * After a write, the default view of each touched question that readers were looking at is
 * computed again in the background (registerWarmer below), so the first view after an edit does
 * not compute four trend models over hundreds of polls inside its request.
 *
 * None of these charts shows a note (the question's or a poll's): they are memoised with
 * deriveFromNumbers, so a write that changed only notes hands the new version of the question the
 * charts already computed (tests/integration/chart-carry-over.test.ts holds them to that).
 */

export function distributionOf(question: QuestionView): DistributionChartData | null {
  const latest = question.polls[0];
  return latest ? deriveFromNumbers(question, 'distribution', () => buildDistributionChart(question, latest)) : null;
}

export function trendOf(question: QuestionView, view: Partial<TQuestionViewInput>): TrendChartData {
  return memoNumbersChart(question, 'trend', buildTrendChart, view);
}

export function wavesOf(question: QuestionView, view: Partial<TQuestionViewInput>): WavesTableData {
  return memoNumbersChart(question, 'waves', buildWavesTable, view);
}

export function houseEffectsOf(question: QuestionView, view: Partial<TQuestionViewInput>): HouseEffectsChartData {
  return memoNumbersChart(question, 'house-effects', buildHouseEffectsChart, view);
}

/**
 * The trend as the chart draws it: `drawing` has every point (the table beside the chart uses it),
 * `plotted` the same point objects thinned to what an 800-pixel plot can show.
 */
export function trendDrawingOf(question: QuestionView, view: Partial<TQuestionViewInput>): { drawing: TrendDrawing; plotted: TrendDrawing } {
  const key = JSON.stringify(view);
  const drawing = deriveFromNumbers(question, `trend-drawing:${key}`, () => toTrendDrawing(trendOf(question, view)));
  const plotted = deriveFromNumbers(question, `trend-plotted:${key}`, () => thinForDrawing(drawing));
  return { drawing, plotted };
}

/** The view of a question page without query parameters (what most readers and the first view see). */
export const DEFAULT_QUESTION_VIEW: TQuestionViewInput = parseLenient(ZQuestionViewInput, {}).value;

/** Everything the question page computes for a view. */
export function questionPageCharts(question: QuestionView, view: Partial<TQuestionViewInput>) {
  return {
    distribution: distributionOf(question),
    trend: trendOf(question, view),
    waves: wavesOf(question, view),
    houseEffects: houseEffectsOf(question, view),
    ...trendDrawingOf(question, view),
  };
}

registerWarmer('question-page-default-view', (question) => void questionPageCharts(question, DEFAULT_QUESTION_VIEW));
