/**
 * What one write touched, as the freshness signal carries it (lib/freshness/signal.ts) and the
 * caches read it: question slugs, poll ids, pollster slugs and indicator slugs, each either a set
 * of keys or 'all' (every record of that kind, e.g. a pollster rename shows on every poll page).
 * `all: true` means anything may have changed (SQL edited by hand, db:copy).
 *
 * Stored in ChangeLog as one column per kind: null (none), "*" (all) or a JSON array.
 */

export type Keys<K> = ReadonlySet<K> | 'all';

export interface Touched {
  all: boolean;
  questions: Keys<string>;
  polls: Keys<number>;
  pollsters: Keys<string>;
  indicators: Keys<string>;
}

export type TouchKind = 'questions' | 'polls' | 'pollsters' | 'indicators';

export const NOTHING_TOUCHED: Touched = { all: false, questions: new Set(), polls: new Set(), pollsters: new Set(), indicators: new Set() };
export const EVERYTHING_TOUCHED: Touched = { all: true, questions: 'all', polls: 'all', pollsters: 'all', indicators: 'all' };

/** More poll ids than this in one write are recorded as 'all' polls: a big import re-renders every poll page anyway. */
export const MAX_LISTED_KEYS = 2_000;

export function hasKey<K>(keys: Keys<K>, key: K): boolean {
  return keys === 'all' || keys.has(key);
}

function isEmpty<K>(keys: Keys<K>): boolean {
  return keys !== 'all' && keys.size === 0;
}

export function touchesNothing(t: Touched): boolean {
  return !t.all && isEmpty(t.questions) && isEmpty(t.polls) && isEmpty(t.pollsters) && isEmpty(t.indicators);
}

/** Does the change touch anything that the polls data (questions, polls, pollsters) is made of? */
export function touchesPolls(t: Touched): boolean {
  return t.all || !isEmpty(t.questions) || !isEmpty(t.polls) || !isEmpty(t.pollsters);
}

export function touchesIndicators(t: Touched): boolean {
  return t.all || !isEmpty(t.indicators);
}

function union<K>(a: Keys<K>, b: Keys<K>): Keys<K> {
  if (a === 'all' || b === 'all') return 'all';
  if (b.size === 0) return a;
  if (a.size === 0) return b;
  return new Set([...a, ...b]);
}

export function mergeTouched(a: Touched, b: Touched): Touched {
  if (a.all || b.all) return EVERYTHING_TOUCHED;
  return {
    all: false,
    questions: union(a.questions, b.questions),
    polls: union(a.polls, b.polls),
    pollsters: union(a.pollsters, b.pollsters),
    indicators: union(a.indicators, b.indicators),
  };
}

/** A mutable collector a write fills as it goes (lib/writes/write.ts gives one to every write). */
export class TouchedBuilder {
  private all = false;
  private readonly sets = { questions: new Set<string>(), polls: new Set<number>(), pollsters: new Set<string>(), indicators: new Set<string>() };
  private readonly everyOf = new Set<TouchKind>();

  questions(...slugs: (string | null | undefined)[]): this {
    for (const s of slugs) if (s) this.sets.questions.add(s);
    return this;
  }

  polls(...ids: (number | null | undefined)[]): this {
    for (const id of ids) if (typeof id === 'number') this.sets.polls.add(id);
    return this;
  }

  pollsters(...slugs: (string | null | undefined)[]): this {
    for (const s of slugs) if (s) this.sets.pollsters.add(s);
    return this;
  }

  indicators(...slugs: (string | null | undefined)[]): this {
    for (const s of slugs) if (s) this.sets.indicators.add(s);
    return this;
  }

  /** Every record of these kinds (e.g. a question's title shows on every poll page that asks it). */
  every(...kinds: TouchKind[]): this {
    for (const k of kinds) this.everyOf.add(k);
    return this;
  }

  everything(): this {
    this.all = true;
    return this;
  }

  build(): Touched {
    if (this.all) return EVERYTHING_TOUCHED;
    const pick = <K>(kind: TouchKind, set: Set<K>): Keys<K> => (this.everyOf.has(kind) || set.size > MAX_LISTED_KEYS ? 'all' : new Set(set));
    return {
      all: false,
      questions: pick('questions', this.sets.questions),
      polls: pick('polls', this.sets.polls),
      pollsters: pick('pollsters', this.sets.pollsters),
      indicators: pick('indicators', this.sets.indicators),
    };
  }
}

// ── ChangeLog columns ───────────────────────────────────────────────────────

export interface ChangeLogColumns {
  touchesAll: boolean;
  questions: string | null;
  polls: string | null;
  pollsters: string | null;
  indicators: string | null;
}

function encode<K>(keys: Keys<K>): string | null {
  if (keys === 'all') return '*';
  return keys.size === 0 ? null : JSON.stringify([...keys]);
}

export function toChangeLogColumns(t: Touched): ChangeLogColumns {
  return { touchesAll: t.all, questions: encode(t.questions), polls: encode(t.polls), pollsters: encode(t.pollsters), indicators: encode(t.indicators) };
}

function decodeStrings(value: string | null): Keys<string> {
  if (value === null || value === '') return new Set();
  if (value === '*') return 'all';
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed)) return new Set(parsed.map(String));
  } catch {
    // Unreadable (edited by hand?): safest is to treat it as touching every record of the kind.
  }
  return 'all';
}

function decodeNumbers(value: string | null): Keys<number> {
  const strings = decodeStrings(value);
  if (strings === 'all') return 'all';
  const ids = [...strings].map(Number);
  return ids.every(Number.isSafeInteger) ? new Set(ids) : 'all';
}

export function fromChangeLogColumns(row: {
  touchesAll: boolean | number | null;
  questions: string | null;
  polls: string | null;
  pollsters: string | null;
  indicators: string | null;
}): Touched {
  // SQLite hands a raw-query boolean back as 0/1.
  if (row.touchesAll === true || row.touchesAll === 1) return EVERYTHING_TOUCHED;
  return {
    all: false,
    questions: decodeStrings(row.questions),
    polls: decodeNumbers(row.polls),
    pollsters: decodeStrings(row.pollsters),
    indicators: decodeStrings(row.indicators),
  };
}

/** Plain JSON for the browser (Server-Sent Events): arrays or "all". */
export function touchedToJson(t: Touched): Record<string, unknown> {
  const out = <K>(keys: Keys<K>) => (keys === 'all' ? 'all' : [...keys]);
  return { all: t.all, questions: out(t.questions), polls: out(t.polls), pollsters: out(t.pollsters), indicators: out(t.indicators) };
}
