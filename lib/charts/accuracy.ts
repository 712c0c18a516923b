import type { OutcomeWithPolls } from '@/lib/data/outcomes';
import { accuracyRecord, ACCURACY_BOOTSTRAP_RESAMPLES, type AccuracyRecord } from '@/lib/stats/accuracy';
import { round } from '@/lib/charts/precision';

export const DEFAULT_ACCURACY_WINDOW_DAYS = 21;

export interface ScoredPollRow {
  pollId: number;
  outcome: string;
  outcomeDate: string;
  fieldEnd: string;
  /** first option minus second option, points */
  pollMargin: number;
  outcomeMargin: number;
  error: number;
}

/** A pollster's record against outcomes, with its intervals, or why there is none. */
export interface PollsterAccuracyData {
  kind: 'accuracy';
  windowDays: number;
  /** distinct outcomes (races) its scored polls cover */
  outcomes: number;
  record: AccuracyRecord | null;
  method: { name: 'margin-error'; label: string; resamples: number };
  polls: ScoredPollRow[];
  reason: string | null;
}

/**
 * Score each poll against its outcome on the margin between the first two options (by position):
 * error = (p₁ − p₂) − (o₁ − o₂). Polls or outcomes lacking either share are left out.
 */
export function scorePolls(items: readonly OutcomeWithPolls[]): ScoredPollRow[] {
  const rows: ScoredPollRow[] = [];
  for (const { outcome, polls } of items) {
    const [a, b] = outcome.results;
    if (!a || !b) continue;
    const outcomeMargin = a.percent - b.percent;
    for (const p of polls) {
      const pa = p.results.find((r) => r.optionKey === a.optionKey);
      const pb = p.results.find((r) => r.optionKey === b.optionKey);
      if (!pa || !pb) continue;
      const pollMargin = pa.percent - pb.percent;
      rows.push({
        pollId: p.pollId,
        outcome: outcome.label,
        outcomeDate: outcome.date,
        fieldEnd: p.fieldEnd,
        pollMargin: round(pollMargin),
        outcomeMargin: round(outcomeMargin),
        error: round(pollMargin - outcomeMargin),
      });
    }
  }
  return rows;
}

export function buildPollsterAccuracy(items: readonly OutcomeWithPolls[], windowDays: number): PollsterAccuracyData {
  const polls = scorePolls(items);
  const outcomes = new Set(polls.map((p) => p.outcome)).size;
  const record = polls.length > 0 ? roundRecord(accuracyRecord(polls)) : null;
  return {
    kind: 'accuracy',
    windowDays,
    outcomes,
    record,
    method: {
      name: 'margin-error',
      label: `error of the margin between the first two options, polls fielded within ${windowDays} days before the outcome; 95% percentile bootstrap intervals`,
      resamples: ACCURACY_BOOTSTRAP_RESAMPLES,
    },
    polls,
    reason:
      record === null
        ? `No poll of this pollster was fielded within ${windowDays} days before an entered outcome (election, referendum or later measurement).`
        : record.polls < 2
          ? 'One scored poll: no interval.'
          : null,
  };
}

function roundRecord(r: AccuracyRecord): AccuracyRecord {
  const ri = (i: AccuracyRecord['maeInterval']) => (i ? { ...i, low: round(i.low), high: round(i.high) } : null);
  return { ...r, mae: round(r.mae), bias: round(r.bias), maeInterval: ri(r.maeInterval), biasInterval: ri(r.biasInterval) };
}
