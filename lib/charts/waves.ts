import type { QuestionView } from '@/lib/data/questions';
import type { ChartBase } from '@/lib/charts/types';
import { titleWith } from '@/lib/charts/types';
import { compareWaves } from '@/lib/stats/change';
import { benjaminiHochberg } from '@/lib/stats/multiple-testing';
import { prepareQuestion, viewQuery } from '@/lib/charts/question-series';
import { round } from '@/lib/charts/precision';
import type { TQuestionViewInput } from '@/lib/schemas/views';

/**
 * 'real change': q < α after the Benjamini–Hochberg adjustment across the table; 'within noise':
 * not; 'withheld (n imputed)': either wave's n is unknown, so no verdict is given.
 */
export type WaveVerdict = 'real change' | 'within noise' | 'withheld (n imputed)';

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
    /** Benjamini–Hochberg adjusted p-value across the table's tests with known n; null when withheld */
    qValue: number | null;
    z: number;
    verdict: WaveVerdict;
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
  /** false discovery rate controlled across the table */
  alpha: number;
  /** number of tests the FDR control covers (changes with known n) */
  tests: number;
  /** changes whose n is imputed: no verdict */
  withheld: number;
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
        const c = compareWaves({ p: prev.percent / 100, n: prev.effectiveSampleSize }, { p: p.percent / 100, n: p.effectiveSampleSize }, alpha);
        change = {
          previousPollId: prev.pollId,
          previousPercent: prev.percent,
          points: round(p.percent - prev.percent),
          pValue: c.pValue,
          qValue: null,
          z: round(c.z, 3),
          verdict: prev.imputed || p.imputed ? 'withheld (n imputed)' : 'within noise',
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
  // Benjamini–Hochberg across every test of the table whose n is known: with 750 tests a
  // per-test 5% level would call ~37 "real" by chance alone.
  const tested = rows.flatMap((r) => (r.change && !r.change.usesImputedN ? [r.change] : []));
  const q = benjaminiHochberg(tested.map((c) => c.pValue));
  tested.forEach((c, i) => {
    const qi = q[i] ?? 1;
    c.qValue = Number(qi.toPrecision(3));
    c.verdict = qi < alpha ? 'real change' : 'within noise';
  });
  for (const r of rows) if (r.change) r.change.pValue = Number(r.change.pValue.toPrecision(3));
  const real = tested.filter((c) => c.verdict === 'real change').length;
  const withheld = rows.filter((r) => r.change?.usesImputedN).length;
  return {
    kind: 'waves',
    title: titleWith(question.title, `wave-to-wave changes in “${prepared.option.label}”`),
    subtitle: `Each poll against the previous wave of the same pollster and wording; false discovery rate ${Math.round(alpha * 100)}% across the table (Benjamini–Hochberg)`,
    unit: 'percentage points',
    method: {
      name: 'two-proportion-z-test',
      label: `pooled two-proportion z-test on effective sample sizes; “real change” when the Benjamini–Hochberg adjusted p (q) < ${alpha}, so at most ${Math.round(alpha * 100)}% of the changes called real are expected to be false alarms; no verdict where n is imputed`,
      parameters: { alpha, fdr: 'benjamini-hochberg' },
      anchor: 'change',
    },
    sources: [],
    urlState: { path: `/questions/${question.slug}`, query: viewQuery(question, prepared.state) },
    summary:
      `${tested.length} wave-to-wave changes with known n, ${real} of them real at a ${Math.round(alpha * 100)}% false discovery rate (Benjamini–Hochberg)` +
      (withheld > 0 ? `; ${withheld} more not judged because n is imputed.` : '.'),
    option: prepared.option,
    alpha,
    tests: tested.length,
    withheld,
    rows,
  };
}
