import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { QuestionPollView, QuestionView } from '@/lib/data/questions';
import type { PollDetailView, WordingTextView } from '@/lib/data/polls';
import type { IndicatorView, ObservationView } from '@/lib/data/indicators';
import type { OutcomesChangelog } from '@/lib/releases/outcomes';

/**
 * A release is the polls and indicators dumps frozen byte for byte. Everything shown "as of a
 * release" is rebuilt from the frozen polls dump (JSON), through the same view types and chart
 * builders as the live pages — so a chart at `?release=` is what the chart drew from those rows.
 */

/** `2026.12.1`: year, month, sequence. */
export const ZReleaseVersion = z
  .string()
  .trim()
  .regex(/^(19|20)\d{2}\.(1[0-2]|[1-9])\.[1-9]\d{0,2}$/, 'must look like 2026.12.1 (year.month.number, no leading zeros)');

export const ZPublishReleaseInput = z.object({
  version: ZReleaseVersion,
  title: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((v) => (v ? v : undefined)),
  notes: z
    .string()
    .trim()
    .max(4000)
    .optional()
    .transform((v) => (v ? v : undefined)),
});

/** One row of the polls dump JSON (`rows[]`), keyed by column name. */
export type DumpRow = Record<string, unknown>;

export function parseDumpJson(text: string): { schemaVersion: number; generatedAt: string; rows: DumpRow[] } {
  const doc = JSON.parse(text) as { schema_version: number; generated_at: string; rows: DumpRow[] };
  return { schemaVersion: doc.schema_version, generatedAt: doc.generated_at, rows: doc.rows };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const s = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const n = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const iso = (v: unknown): string | null => (typeof v === 'string' && v ? `${v}T00:00:00.000Z` : null);

// Columns that change without the poll's content changing: the database id and the edit time.
const VOLATILE = new Set(['poll_id', 'poll_updated_at']);

function groupByPoll(rows: readonly DumpRow[]): Map<string, DumpRow[]> {
  const map = new Map<string, DumpRow[]>();
  for (const r of rows) {
    const key = String(r.export_key);
    const list = map.get(key);
    if (list) list.push(r);
    else map.set(key, [r]);
  }
  return map;
}

const content = (rows: readonly DumpRow[]) => JSON.stringify(rows.map((r) => Object.entries(r).filter(([k]) => !VOLATILE.has(k))));

/** SHA-256 of each poll's rows (without its id and edit time), by export key. */
export function pollFingerprints(rows: readonly DumpRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, list] of groupByPoll(rows)) out[key] = sha256(content(list));
  return out;
}

export interface ChangelogEntry {
  exportKey: string;
  pollId: number | null;
  pollster: string;
  fieldEnd: string | null;
  questions: string[];
  /** for a correction: the columns whose values differ */
  changed?: string[];
}

export interface Changelog {
  added: ChangelogEntry[];
  corrected: ChangelogEntry[];
  removed: ChangelogEntry[];
  /** Outcomes added, corrected or removed; absent in releases published before outcomes were frozen. */
  outcomes?: OutcomesChangelog;
}

function entry(key: string, rows: readonly DumpRow[]): ChangelogEntry {
  const first = rows[0] ?? {};
  return {
    exportKey: key,
    pollId: n(first.poll_id),
    pollster: s(first.pollster) ?? '',
    fieldEnd: s(first.field_end),
    questions: [...new Set(rows.map((r) => s(r.question_slug)).filter((q): q is string => q !== null))],
  };
}

function changedColumns(before: readonly DumpRow[], after: readonly DumpRow[]): string[] {
  const cols = new Set<string>();
  const len = Math.max(before.length, after.length);
  for (let i = 0; i < len; i++) {
    const a = before[i] ?? {};
    const b = after[i] ?? {};
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (!VOLATILE.has(k) && JSON.stringify(a[k] ?? null) !== JSON.stringify(b[k] ?? null)) cols.add(k);
    }
  }
  if (before.length !== after.length) cols.add('rows');
  return [...cols];
}

/**
 * What was added, corrected (same export key, different content) or removed between two dumps.
 * With no previous release every poll is "added".
 */
export function diffDumps(previous: readonly DumpRow[] | null, current: readonly DumpRow[]): Changelog {
  const before = groupByPoll(previous ?? []);
  const after = groupByPoll(current);
  const log: Changelog = { added: [], corrected: [], removed: [] };
  for (const [key, rows] of after) {
    const old = before.get(key);
    if (!old) log.added.push(entry(key, rows));
    else if (content(old) !== content(rows)) log.corrected.push({ ...entry(key, rows), changed: changedColumns(old, rows) });
  }
  for (const [key, rows] of before) if (!after.has(key)) log.removed.push(entry(key, rows));
  return log;
}

function texts(r: DumpRow): WordingTextView[] {
  const out: WordingTextView[] = [];
  const original = s(r.wording_original);
  if (original !== null) {
    out.push({
      language: s(r.wording_original_language) ?? '',
      text: original,
      role: 'original',
      status: s(r.wording_original_status) ?? '',
      sourceUrl: s(r.wording_original_source),
      sourceNote: null,
    });
  }
  const raw = s(r.wording_translations);
  if (raw) {
    for (const t of JSON.parse(raw) as { language: string; text: string; status: string; source_url?: string | null }[]) {
      out.push({ language: t.language, text: t.text, role: 'translation', status: t.status, sourceUrl: t.source_url ?? null, sourceNote: null });
    }
  }
  return out;
}

/**
 * The question as the frozen dump has it: its polls (top-line rows only) and options. Topic,
 * country, population and notes are not in the dump; `meta` supplies them (the live question's).
 */
export function questionViewFromDump(
  rows: readonly DumpRow[],
  slug: string,
  meta: Pick<QuestionView, 'id' | 'topic' | 'country' | 'population' | 'notes'> | null,
): QuestionView | null {
  const mine = rows.filter((r) => r.question_slug === slug && r.breakdown_dimension === null);
  if (mine.length === 0) return null;
  const options = new Map<string, { key: string; label: string; position: number }>();
  const polls = new Map<string, QuestionPollView>();
  let pqId = 0;
  for (const r of mine) {
    const key = `${String(r.export_key)}\u0000${String(r.wording_key)}`;
    let poll = polls.get(key);
    if (!poll) {
      pqId += 1;
      poll = {
        pollId: n(r.poll_id) ?? 0,
        pollQuestionId: pqId,
        pollster: { name: s(r.pollster) ?? '', slug: s(r.pollster_slug) ?? '' },
        fieldStart: iso(r.field_start),
        fieldEnd: iso(r.field_end),
        datePrecision: s(r.date_precision) ?? 'day',
        publishedAt: iso(r.published),
        sampleSize: n(r.sample_size),
        population: s(r.population),
        mode: s(r.mode),
        modeDetail: s(r.mode_detail),
        reportedMoe: n(r.reported_moe),
        moeConfidence: n(r.moe_confidence),
        designEffect: n(r.design_effect),
        wording: s(r.wording) ?? '',
        wordingKey: s(r.wording_key) ?? '',
        askedLanguage: s(r.asked_language),
        wordingLanguage: s(r.wording_language),
        texts: texts(r),
        sourceUrls: Array.isArray(r.source_urls) ? r.source_urls.map(String) : [],
        notes: s(r.notes),
        results: [],
      };
      polls.set(key, poll);
    }
    const optionKey = s(r.option_key);
    const percent = n(r.percent);
    if (optionKey !== null && percent !== null) {
      const label = s(r.option_label) ?? optionKey;
      options.set(optionKey, { key: optionKey, label, position: n(r.option_position) ?? 0 });
      poll.results.push({ optionKey, optionLabel: label, percent });
    }
  }
  const first = mine[0] as DumpRow;
  const list = [...polls.values()].sort((a, b) => (b.fieldEnd ?? '').localeCompare(a.fieldEnd ?? '') || b.pollId - a.pollId);
  return {
    id: meta?.id ?? 0,
    slug,
    title: s(first.question_title) ?? slug,
    wording: s(first.question_wording) ?? '',
    topic: meta?.topic ?? null,
    country: meta?.country ?? null,
    population: meta?.population ?? null,
    notes: meta?.notes ?? null,
    options: [...options.values()].sort((a, b) => a.position - b.position).map((o, i) => ({ id: i + 1, ...o })),
    polls: list,
  };
}

/** The poll as the frozen dump has it (corrections notes and edit times are not in the dump). */
export function pollViewFromDump(rows: readonly DumpRow[], pollId: number): PollDetailView | null {
  const mine = rows.filter((r) => r.poll_id === pollId);
  const first = mine[0];
  if (!first) return null;
  const questions = new Map<string, PollDetailView['questions'][number]>();
  const optionsOf = new Map<string, Map<string, { key: string; label: string; position: number }>>();
  for (const r of mine) {
    const slug = s(r.question_slug);
    if (slug === null) continue;
    const key = `${slug}\u0000${String(r.wording_key)}`;
    let q = questions.get(key);
    if (!q) {
      q = {
        pollQuestionId: questions.size + 1,
        question: { slug, title: s(r.question_title) ?? slug, options: [] },
        wording: s(r.wording) ?? '',
        wordingKey: s(r.wording_key) ?? '',
        askedLanguage: s(r.asked_language),
        wordingLanguage: s(r.wording_language),
        wordingExact: typeof r.wording_exact === 'boolean' ? r.wording_exact : null,
        texts: texts(r),
        results: [],
        breakdowns: [],
      };
      questions.set(key, q);
      optionsOf.set(key, new Map());
    }
    const optionKey = s(r.option_key);
    const percent = n(r.percent);
    if (optionKey === null || percent === null) continue;
    const label = s(r.option_label) ?? optionKey;
    optionsOf.get(key)?.set(optionKey, { key: optionKey, label, position: n(r.option_position) ?? 0 });
    const dimension = s(r.breakdown_dimension);
    if (dimension === null) {
      q.results.push({ optionKey, optionLabel: label, percent, count: n(r.count) });
      continue;
    }
    const subgroup = s(r.breakdown_subgroup) ?? '';
    let b = q.breakdowns.find((x) => x.dimension === dimension && x.subgroup === subgroup);
    if (!b) {
      b = { dimension, subgroup, sampleSize: n(r.breakdown_n), results: [] };
      q.breakdowns.push(b);
    }
    b.results.push({ optionKey, optionLabel: label, percent });
  }
  for (const [key, q] of questions) {
    q.question.options = [...(optionsOf.get(key)?.values() ?? [])].sort((a, b) => a.position - b.position).map(({ key: k, label }) => ({ key: k, label }));
  }
  return {
    id: pollId,
    pollster: { name: s(first.pollster) ?? '', slug: s(first.pollster_slug) ?? '' },
    sponsor: s(first.sponsor),
    fieldStart: iso(first.field_start),
    fieldEnd: iso(first.field_end),
    datePrecision: s(first.date_precision) ?? 'day',
    publishedAt: iso(first.published),
    publishedPrecision: s(first.published_precision) ?? 'day',
    sampleSize: n(first.sample_size),
    population: s(first.population),
    mode: s(first.mode),
    modeDetail: s(first.mode_detail),
    samplingFrame: s(first.sampling_frame),
    weighting: s(first.weighting),
    reportedMoe: n(first.reported_moe),
    moeConfidence: n(first.moe_confidence),
    designEffect: n(first.design_effect),
    sourceUrls: Array.isArray(first.source_urls) ? first.source_urls.map(String) : [],
    notes: s(first.notes),
    questions: [...questions.values()],
    corrections: [],
    updatedAt: s(first.poll_updated_at) ?? '',
  };
}

export interface PollChange {
  pollId: number;
  pollster: string;
  fieldEnd: string | null;
  kind: 'added' | 'corrected' | 'removed';
}

// Dates compared by day: the dump has days, the live view full ISO times.
const pollContent = (p: QuestionPollView) =>
  JSON.stringify([
    p.pollster.slug,
    p.fieldStart?.slice(0, 10),
    p.fieldEnd?.slice(0, 10),
    p.datePrecision,
    p.sampleSize,
    p.reportedMoe,
    p.designEffect,
    p.wording,
    p.wordingKey,
    p.results,
  ]);

/** The polls of one question that differ between a release's view and the current one. */
export function questionChanges(release: QuestionView | null, current: QuestionView | null): PollChange[] {
  const before = new Map((release?.polls ?? []).map((p) => [`${p.pollId}\u0000${p.wordingKey}`, p]));
  const after = new Map((current?.polls ?? []).map((p) => [`${p.pollId}\u0000${p.wordingKey}`, p]));
  const out: PollChange[] = [];
  const item = (p: QuestionPollView, kind: PollChange['kind']): PollChange => ({ pollId: p.pollId, pollster: p.pollster.name, fieldEnd: p.fieldEnd, kind });
  for (const [k, p] of after) {
    const old = before.get(k);
    if (!old) out.push(item(p, 'added'));
    else if (pollContent(old) !== pollContent(p)) out.push(item(p, 'corrected'));
  }
  for (const [k, p] of before) if (!after.has(k)) out.push(item(p, 'removed'));
  return out;
}

/** A change on any page since a release: a poll (linked to its page) or an indicator observation. */
export interface ReleaseChange {
  key: string;
  label: string;
  href: string | null;
  kind: PollChange['kind'];
}

export function pollChangeItems(changes: readonly PollChange[]): ReleaseChange[] {
  return changes.map((c) => ({
    key: `poll-${c.pollId}`,
    label: `${c.pollster}, ${c.fieldEnd?.slice(0, 10) ?? 'no date'}`,
    href: c.kind === 'removed' ? null : `/polls/${c.pollId}`,
    kind: c.kind,
  }));
}

/** Every question of a polls dump, in dump order (slug and title as frozen). */
export function dumpQuestions(rows: readonly DumpRow[]): { slug: string; title: string }[] {
  const out = new Map<string, string>();
  for (const r of rows) {
    const slug = s(r.question_slug);
    if (slug !== null && !out.has(slug)) out.set(slug, s(r.question_title) ?? slug);
  }
  return [...out].map(([slug, title]) => ({ slug, title }));
}

/** Polls dump rows grouped by question slug: each question's view is then built from its own rows. */
export function rowsByQuestion(rows: readonly DumpRow[]): Map<string, DumpRow[]> {
  const map = new Map<string, DumpRow[]>();
  for (const r of rows) {
    const slug = s(r.question_slug);
    if (slug === null) continue;
    const list = map.get(slug);
    if (list) list.push(r);
    else map.set(slug, [r]);
  }
  return map;
}

/** Every poll of one pollster as the frozen dump has it, newest fieldwork first. */
export function pollsterPollsFromDump(rows: readonly DumpRow[], pollsterSlug: string): PollDetailView[] {
  const byPoll = new Map<number, DumpRow[]>();
  for (const r of rows) {
    const id = n(r.poll_id);
    if (r.pollster_slug !== pollsterSlug || id === null) continue;
    const list = byPoll.get(id);
    if (list) list.push(r);
    else byPoll.set(id, [r]);
  }
  const polls = [...byPoll].map(([id, list]) => pollViewFromDump(list, id)).filter((p): p is PollDetailView => p !== null);
  return polls.sort((a, b) => (b.fieldEnd ?? '').localeCompare(a.fieldEnd ?? '') || b.id - a.id);
}

const OBS_KINDS = new Set(['actual', 'estimate', 'target', 'forecast']);

/**
 * An indicator as the frozen indicators dump has it. Description, country and topic are not in the
 * dump; `meta` supplies them (the live indicator's). Observation ids are the frozen ones.
 */
export function indicatorViewFromDump(
  rows: readonly DumpRow[],
  slug: string,
  meta: Pick<IndicatorView, 'id' | 'description' | 'country' | 'topic'> | null,
): IndicatorView | null {
  const mine = rows.filter((r) => r.indicator_slug === slug);
  const first = mine[0];
  if (!first) return null;
  const observations: ObservationView[] = mine
    .map((r) => {
      const kind = s(r.kind) ?? 'actual';
      return {
        id: n(r.observation_id) ?? 0,
        period: s(r.period) ?? '',
        periodType: s(r.period_type) ?? 'year',
        periodStart: iso(r.period_start) ?? '',
        value: n(r.value) ?? 0,
        kind: (OBS_KINDS.has(kind) ? kind : 'actual') as ObservationView['kind'],
        basis: s(r.basis),
        derived: r.derived === true,
        isPrimary: r.is_primary !== false,
        sourceUrl: s(r.source_url),
        sourceName: s(r.source_name),
        notes: s(r.notes),
      };
    })
    // The live view's order: period, then entry order.
    .sort((a, b) => a.periodStart.localeCompare(b.periodStart) || a.id - b.id);
  return {
    id: meta?.id ?? 0,
    slug,
    name: s(first.indicator_name) ?? slug,
    description: meta?.description ?? null,
    unit: s(first.unit) ?? '',
    currency: s(first.currency),
    source: s(first.indicator_source),
    country: meta?.country ?? null,
    topic: meta?.topic ?? null,
    observations,
  };
}

/** Slugs of every indicator in an indicators dump, in dump order (by slug). */
export function dumpIndicatorSlugs(rows: readonly DumpRow[]): string[] {
  return [...new Set(rows.map((r) => s(r.indicator_slug)).filter((v): v is string => v !== null))];
}

// Dates compared by day: the dump has days, the live view full ISO times.
const observationContent = (o: ObservationView) =>
  JSON.stringify([o.period, o.periodType, o.periodStart.slice(0, 10), o.value, o.kind, o.basis, o.derived, o.isPrimary, o.sourceUrl, o.sourceName, o.notes]);

/** The observations of one indicator that differ between a release's view and the current one. */
export function indicatorChanges(release: IndicatorView | null, current: IndicatorView | null): ReleaseChange[] {
  const before = new Map((release?.observations ?? []).map((o) => [o.id, o]));
  const after = new Map((current?.observations ?? []).map((o) => [o.id, o]));
  const item = (o: ObservationView, kind: ReleaseChange['kind']): ReleaseChange => ({
    key: `observation-${o.id}`,
    label: `${o.period} (${o.kind})`,
    href: null,
    kind,
  });
  const out: ReleaseChange[] = [];
  for (const [id, o] of after) {
    const old = before.get(id);
    if (!old) out.push(item(o, 'added'));
    else if (observationContent(old) !== observationContent(o)) out.push(item(o, 'corrected'));
  }
  for (const [id, o] of before) if (!after.has(id)) out.push(item(o, 'removed'));
  return out;
}

// Dates compared by day: the dump has days, the live view full ISO times.
const pollDetailContent = (p: PollDetailView) =>
  JSON.stringify([
    p.pollster.slug,
    p.fieldStart?.slice(0, 10),
    p.fieldEnd?.slice(0, 10),
    p.sampleSize,
    p.reportedMoe,
    p.designEffect,
    p.sponsor,
    p.samplingFrame,
    p.weighting,
    p.mode,
    p.population,
    // Order-free: the dump lists rows in its own order.
    p.questions.map((q) => [q.question.slug, q.wordingKey, q.results.map((r) => `${r.optionKey}=${r.percent}`).sort()].join('|')).sort(),
  ]);

/** The polls of one pollster that differ between a release's view and the current one. */
export function pollsterChanges(release: readonly PollDetailView[], current: readonly PollDetailView[]): PollChange[] {
  const before = new Map(release.map((p) => [p.id, p]));
  const after = new Map(current.map((p) => [p.id, p]));
  const item = (p: PollDetailView, kind: PollChange['kind']): PollChange => ({ pollId: p.id, pollster: p.pollster.name, fieldEnd: p.fieldEnd, kind });
  const out: PollChange[] = [];
  for (const [id, p] of after) {
    const old = before.get(id);
    if (!old) out.push(item(p, 'added'));
    else if (pollDetailContent(old) !== pollDetailContent(p)) out.push(item(p, 'corrected'));
  }
  for (const [id, p] of before) if (!after.has(id)) out.push(item(p, 'removed'));
  return out;
}
