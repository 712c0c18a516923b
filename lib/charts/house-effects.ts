import type { QuestionView } from '@/lib/data/questions';
import type { ChartBase } from '@/lib/charts/types';
import { titleWith } from '@/lib/charts/types';
import { houseEffects } from '@/lib/stats/house-effects';
import { StatsError } from '@/lib/stats/errors';
import { prepareQuestion, trendPoints, viewQuery } from '@/lib/charts/question-series';
import { round } from '@/lib/charts/precision';
import type { TQuestionViewInput } from '@/lib/schemas/views';

export interface HouseEffectRow {
  pollster: string;
  pollsterSlug: string;
  polls: number;
  /** house effect from the joint model, percentage points (positive = reads higher than the average pollster) */
  effect: number;
  /** raw mean residual, percentage points */
  meanResidual: number;
  low: number;
  high: number;
  shrinkage: number;
}

/** House effects of the pollsters of the main wording series, or the reason they are not shown. */
export interface HouseEffectsChartData extends ChartBase {
  kind: 'house-effects';
  unit: 'percentage points';
  option: { key: string; label: string };
  wording: string | null;
  level: number;
  rows: HouseEffectRow[];
  /** null when shown; otherwise one sentence saying why not */
  notShownReason: string | null;
}

export function buildHouseEffectsChart(question: QuestionView, input: Partial<TQuestionViewInput>): HouseEffectsChartData {
  const prepared = prepareQuestion(question, input);
  const main = prepared.series[0];
  const base = {
    kind: 'house-effects' as const,
    title: titleWith(question.title, `house effects on “${prepared.option.label}”`),
    subtitle:
      'Each pollster’s offset from the average pollster, estimated jointly with the trend (Kalman model with pollster offsets summing to zero), with 95% intervals',
    unit: 'percentage points' as const,
    method: {
      name: 'house-effects',
      label: 'pollster offsets estimated jointly with the level in the Kalman local-level model (sum to zero over pollsters), main wording',
      parameters: { model: 'kalman-joint', level: 0.95 },
      anchor: 'house-effects',
    },
    sources: [],
    urlState: { path: `/questions/${question.slug}`, query: viewQuery(question, prepared.state) },
    option: prepared.option,
    wording: main?.wording ?? null,
    level: 0.95,
  };
  const pollsterCount = main ? new Set(main.polls.map((p) => p.pollsterSlug)).size : 0;
  if (!main || pollsterCount < 2) {
    const reason = !main
      ? 'No polls match this view.'
      : `Only one pollster (${main.polls[0]?.pollster ?? ''}) asked the main wording in this view; a house effect compares pollsters that asked the same wording, so at least two are needed.`;
    return { ...base, rows: [], notShownReason: reason, summary: reason };
  }
  try {
    const points = trendPoints(main);
    const result = houseEffects(points, 0.95);
    const names = new Map(main.polls.map((p) => [p.pollsterSlug, p.pollster]));
    const rows: HouseEffectRow[] = result.pollsters.map((h) => ({
      pollster: names.get(h.pollster) ?? h.pollster,
      pollsterSlug: h.pollster,
      polls: h.polls,
      effect: round(h.effect * 100),
      meanResidual: round(h.meanResidual * 100),
      low: round(h.low * 100),
      high: round(h.high * 100),
      shrinkage: round(h.shrinkage, 3),
    }));
    const summary = rows
      .map((r) => `${r.pollster} ${r.effect >= 0 ? '+' : ''}${r.effect.toFixed(1)} points (95% ${r.low.toFixed(1)} to ${r.high.toFixed(1)})`)
      .join('; ');
    return { ...base, rows, notShownReason: null, summary: `House effects: ${summary}.` };
  } catch (error) {
    if (!(error instanceof StatsError)) throw error;
    const reason = `House effects not computable: ${error.message}.`;
    return { ...base, rows: [], notShownReason: reason, summary: reason };
  }
}
