import type { OutcomeWithPolls, OutcomePollView, OutcomeView } from '@/lib/data/outcomes';
import type { DumpRow } from '@/lib/releases/snapshot';

/**
 * The outcomes a release froze (elections, referendums, later measured results): what a pollster's
 * accuracy record was scored against when the release was published. Stored beside the frozen
 * dumps (Release.outcomesJson, with its SHA-256) as
 * `{"schema_version":1,"outcomes":[…]}` — the format is described in docs/EXPORT-FORMAT.md
 * ("Releases"). The polls and indicators dumps do not change.
 */
const FROZEN_OUTCOMES_SCHEMA_VERSION = 1;

export interface FrozenOutcome {
  /** `<question_slug>/<wording_key>`: one outcome per question and wording (the table's unique key) */
  key: string;
  question_slug: string;
  question_title: string;
  wording_key: string;
  label: string;
  kind: string;
  /** ISO 8601 */
  date: string;
  source_url: string | null;
  source_name: string | null;
  notes: string | null;
  /** by option position */
  results: { option_key: string; option_label: string; option_position: number; percent: number }[];
}

const outcomeKey = (questionSlug: string, wordingKey: string) => `${questionSlug}/${wordingKey}`;

/** The frozen form of the live outcomes (lib/data/outcomes.ts), sorted by key so the bytes are stable. */
export function freezeOutcomes(outcomes: readonly OutcomeView[]): FrozenOutcome[] {
  return outcomes
    .map((o) => ({
      key: outcomeKey(o.question.slug, o.wordingKey),
      question_slug: o.question.slug,
      question_title: o.question.title,
      wording_key: o.wordingKey,
      label: o.label,
      kind: o.kind,
      date: o.date,
      source_url: o.sourceUrl,
      source_name: o.sourceName,
      notes: o.notes,
      results: o.results.map((r) => ({ option_key: r.optionKey, option_label: r.optionLabel, option_position: r.position, percent: r.percent })),
    }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function serialiseOutcomes(outcomes: readonly FrozenOutcome[]): string {
  return JSON.stringify({ schema_version: FROZEN_OUTCOMES_SCHEMA_VERSION, outcomes });
}

export function parseFrozenOutcomes(text: string): FrozenOutcome[] {
  const doc = JSON.parse(text) as { schema_version: number; outcomes: FrozenOutcome[] };
  if (doc.schema_version !== FROZEN_OUTCOMES_SCHEMA_VERSION) throw new Error(`frozen outcomes: unknown schema_version ${String(doc.schema_version)}`);
  return doc.outcomes;
}

export interface OutcomeChangelogEntry {
  key: string;
  question: string;
  label: string;
  date: string;
  /** for a correction: the fields whose values differ */
  changed?: string[];
}

export interface OutcomesChangelog {
  added: OutcomeChangelogEntry[];
  corrected: OutcomeChangelogEntry[];
  removed: OutcomeChangelogEntry[];
}

const entry = (o: FrozenOutcome): OutcomeChangelogEntry => ({ key: o.key, question: o.question_slug, label: o.label, date: o.date });

/**
 * What was added, corrected or removed among the outcomes since the previous release. A previous
 * release that froze no outcomes (published before they were frozen) counts as none: every current
 * outcome is "added", as every poll is in a first release.
 */
export function diffOutcomes(previous: readonly FrozenOutcome[] | null, current: readonly FrozenOutcome[]): OutcomesChangelog {
  const before = new Map((previous ?? []).map((o) => [o.key, o]));
  const after = new Map(current.map((o) => [o.key, o]));
  const log: OutcomesChangelog = { added: [], corrected: [], removed: [] };
  for (const [key, o] of after) {
    const old = before.get(key);
    if (!old) {
      log.added.push(entry(o));
      continue;
    }
    const changed = (Object.keys(o) as (keyof FrozenOutcome)[]).filter((k) => JSON.stringify(o[k]) !== JSON.stringify(old[k]));
    if (changed.length > 0) log.corrected.push({ ...entry(o), changed });
  }
  for (const [key, o] of before) if (!after.has(key)) log.removed.push(entry(o));
  return log;
}

const DAY = 86_400_000;
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/**
 * The accuracy input as of a release: its frozen outcomes with the polls of its frozen polls dump
 * (top-line rows of the same question and wording, fielded within `windowDays` before the outcome,
 * optionally one pollster's) — the same selection listOutcomesWithPolls makes on the live tables.
 */
export function outcomesWithPollsFromRelease(
  rows: readonly DumpRow[],
  outcomes: readonly FrozenOutcome[],
  options: { pollsterSlug?: string; questionSlug?: string; windowDays: number },
): OutcomeWithPolls[] {
  const wanted = new Map(outcomes.filter((o) => !options.questionSlug || o.question_slug === options.questionSlug).map((o) => [o.key, o]));
  // Polls by outcome key, then by poll id: one dump row per result.
  const polls = new Map<string, Map<number, OutcomePollView>>();
  for (const r of rows) {
    if (r.breakdown_dimension !== null && r.breakdown_dimension !== undefined) continue;
    const slug = str(r.question_slug);
    const wordingKey = str(r.wording_key);
    const pollId = num(r.poll_id);
    const optionKey = str(r.option_key);
    const percent = num(r.percent);
    if (slug === null || wordingKey === null || pollId === null || optionKey === null || percent === null) continue;
    if (options.pollsterSlug && r.pollster_slug !== options.pollsterSlug) continue;
    const key = outcomeKey(slug, wordingKey);
    if (!wanted.has(key)) continue;
    const day = str(r.field_end) ?? str(r.field_start);
    if (day === null) continue;
    let byPoll = polls.get(key);
    if (!byPoll) polls.set(key, (byPoll = new Map()));
    let poll = byPoll.get(pollId);
    if (!poll) {
      poll = { pollId, pollster: { slug: str(r.pollster_slug) ?? '', name: str(r.pollster) ?? '' }, fieldEnd: `${day}T00:00:00.000Z`, results: [] };
      byPoll.set(pollId, poll);
    }
    poll.results.push({ optionKey, position: num(r.option_position) ?? 0, percent });
  }
  return [...wanted.values()]
    .sort((a, b) => Date.parse(a.date) - Date.parse(b.date) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((o) => {
      const end = Date.parse(o.date);
      const start = end - options.windowDays * DAY;
      const inWindow = [...(polls.get(o.key)?.values() ?? [])]
        .filter((p) => {
          const when = Date.parse(p.fieldEnd);
          return when <= end && when >= start;
        })
        .sort((a, b) => a.pollId - b.pollId);
      return {
        outcome: {
          id: 0,
          question: { slug: o.question_slug, title: o.question_title },
          wordingKey: o.wording_key,
          label: o.label,
          kind: o.kind,
          date: o.date,
          sourceUrl: o.source_url,
          sourceName: o.source_name,
          notes: o.notes,
          results: o.results.map((r) => ({ optionKey: r.option_key, optionLabel: r.option_label, position: r.option_position, percent: r.percent })),
        },
        polls: inWindow,
      };
    });
}
