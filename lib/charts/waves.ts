import type { QuestionView } from '@/lib/data/questions';
import type { ChartBase } from '@/lib/charts/types';
import { titleWith } from '@/lib/charts/types';
import { compareWaves, type ChangeVerdict } from '@/lib/stats/change';
import { prepareQuestion, viewQuery } from '@/lib/charts/question-series';
import { round } from '@/lib/charts/precision';
import type { TQuestionViewInput } from '@/lib/schemas/views';

export interface WaveRow {
  pollId: number;
  pollster: string;
  pollsterSlug: string;
  wordingKey: string;
  wording: string;
  fieldDates: string;
  date: string;
  /** share of the selected option, percent */
  percent: number;
  sampleSize: number | null;
  imputed: boolean;
  /** null for a pollster's first wave with this wording */
  change: null | {
    previousPollId: number;
    previousPercent: number;
    /** percentage points, this wave − previous */
    points: number;
    /** two-sided p-value of the pooled two-proportion z-test on effective n */
    pValue: number;
    z: number;
    verdict: ChangeVerdict;
    /** true when either wave's n was imputed: the test then rests on an assumed n */
    usesImputedN: boolean;
    /** Newcombe 95% interval of the change, percentage points */
    interval: [number, number];
  };
}

/** The waves table: each poll and its change from the previous wave of the same pollster and wording. */
export interface WavesTableData extends ChartBase {
  kind: 'waves';
  unit: 'percentage points';
  option: { key: string; label: string };
  alpha: number;
  /** newest first */
  rows: WaveRow[];
}

export function buildWavesTable(question: QuestionView, input: Partial<TQuestionViewInput>, alpha = 0.05): WavesTableData {
  const prepared = prepareQuestion(question, input);
  const rows: WaveRow[] = [];
  for (const series of prepared.series) {
    const previousByPollster = new Map<string, (typeof series.polls)[number]>();
    for (const p of series.polls) {
      const prev = previousByPollster.get(p.pollsterSlug);
      let change: WaveRow['change'] = null;
      if (prev) {
        const c = compareWaves(
          { p: prev.percent / 100, n: prev.effectiveSampleSize },
          { p: p.percent / 100, n: p.effectiveSampleSize },
          alpha,
        );
        change = {
          previousPollId: prev.pollId,
          previousPercent: prev.percent,
          points: round(p.percent - prev.percent),
          pValue: Number(c.pValue.toPrecision(3)),
          z: round(c.z, 3),
          verdict: c.verdict,
          usesImputedN: prev.imputed || p.imputed,
          interval: [round(c.interval.low * 100), round(c.interval.high * 100)],
        };
      }
      rows.push({
        pollId: p.pollId,
        pollster: p.pollster,
        pollsterSlug: p.pollsterSlug,
        wordingKey: p.wordingKey,
        wording: p.wording,
        fieldDates: p.fieldDates,
        date: p.date,
        percent: p.percent,
        sampleSize: p.sampleSize,
        imputed: p.imputed,
        change,
      });
      previousByPollster.set(p.pollsterSlug, p);
    }
  }
  rows.sort((a, b) => Date.parse(b.date) - Date.parse(a.date) || b.pollId - a.pollId);
  const tested = rows.filter((r) => r.change);
  const real = tested.filter((r) => r.change?.verdict === 'real change').length;
  return {
    kind: 'waves',
    title: titleWith(question.title, `wave-to-wave changes in “${prepared.option.label}”`),
    subtitle: 'Each poll against the previous wave of the same pollster and wording',
    unit: 'percentage points',
    method: {
      name: 'two-proportion-z-test',
      label: `pooled two-proportion z-test on effective sample sizes; “real change” when p < ${alpha}`,
      parameters: { alpha },
      anchor: 'change',
    },
    sources: [],
    urlState: { path: `/questions/${question.slug}`, query: viewQuery(question, prepared.state) },
    summary: `${tested.length} wave-to-wave changes, ${real} of them larger than sampling noise at the ${Math.round((1 - alpha) * 100)}% level.`,
    option: prepared.option,
    alpha,
    rows,
  };
}
