/**
 * Column mapping: which poll field each CSV column feeds. A target is a short string so a mapping
 * is plain JSON (stored per file shape in ImportMapping):
 *   'ignore' | a field name ('pollster', 'fieldStart', …) | 'result:<Option label>' |
 *   'breakdown:<dimension>:<subgroup>:n' | 'breakdown:<dimension>:<subgroup>:result:<Option label>'
 */

export const IMPORT_FIELDS = [
  'pollster',
  'sponsor',
  'fieldStart',
  'fieldEnd',
  'published',
  'sampleSize',
  'population',
  'mode',
  'moe',
  'designEffect',
  'weighting',
  'wording',
  'question',
  'sourceUrls',
  'notes',
] as const;
export type TImportField = (typeof IMPORT_FIELDS)[number];

export const IMPORT_FIELD_LABELS: Record<TImportField, string> = {
  pollster: 'Pollster',
  sponsor: 'Sponsor',
  fieldStart: 'Field start',
  fieldEnd: 'Field end',
  published: 'Published',
  sampleSize: 'Sample size (n)',
  population: 'Population',
  mode: 'Mode',
  moe: 'Margin of error (points)',
  designEffect: 'Design effect',
  weighting: 'Weighting',
  wording: 'Exact wording',
  question: 'Question (key or slug)',
  sourceUrls: 'Source URL(s)',
  notes: 'Notes',
};

/** Without these a row cannot become a poll. */
export const REQUIRED_FIELDS: readonly TImportField[] = ['pollster', 'fieldStart', 'wording'];

export type TColumnTarget =
  | { kind: 'ignore' }
  | { kind: 'field'; field: TImportField }
  | { kind: 'result'; option: string }
  | { kind: 'breakdownN'; dimension: string; subgroup: string }
  | { kind: 'breakdownResult'; dimension: string; subgroup: string; option: string };

/** header → target string */
export type TImportMapping = Record<string, string>;

function clean(part: string): string {
  return part.replace(/:/g, ' ').trim();
}

export function formatTarget(t: TColumnTarget): string {
  switch (t.kind) {
    case 'ignore':
      return 'ignore';
    case 'field':
      return t.field;
    case 'result':
      return `result:${clean(t.option)}`;
    case 'breakdownN':
      return `breakdown:${clean(t.dimension)}:${clean(t.subgroup)}:n`;
    case 'breakdownResult':
      return `breakdown:${clean(t.dimension)}:${clean(t.subgroup)}:result:${clean(t.option)}`;
  }
}

export function parseTarget(value: string): TColumnTarget | null {
  const v = value.trim();
  if (v === '' || v === 'ignore') return { kind: 'ignore' };
  if ((IMPORT_FIELDS as readonly string[]).includes(v)) return { kind: 'field', field: v as TImportField };
  const parts = v.split(':').map((p) => p.trim());
  if (parts[0] === 'result' && parts.length === 2 && parts[1]) return { kind: 'result', option: parts[1] };
  if (parts[0] === 'breakdown' && parts.length >= 4) {
    const [, dimension, subgroup, what, option] = parts;
    if (!dimension || !subgroup) return null;
    if (what === 'n' && parts.length === 4) return { kind: 'breakdownN', dimension, subgroup };
    if (what === 'result' && option && parts.length === 5) return { kind: 'breakdownResult', dimension, subgroup, option };
  }
  return null;
}

function norm(header: string): string {
  return header
    .toLowerCase()
    .replace(/['’?]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const FIELD_SYNONYMS: Record<TImportField, string[]> = {
  pollster: ['pollster', 'pollster name', 'firm', 'polling firm', 'organisation', 'organization', 'house', 'institute'],
  sponsor: ['sponsor', 'sponsors', 'client', 'commissioned by', 'partner'],
  fieldStart: ['start', 'start date', 'field start', 'fieldwork start', 'field date start', 'begin', 'from', 'date from', 'startdate'],
  fieldEnd: ['end', 'end date', 'field end', 'fieldwork end', 'field date end', 'to', 'date to', 'date', 'enddate', 'field date'],
  published: ['published', 'published date', 'publication date', 'release', 'release date', 'released'],
  sampleSize: ['n', 'samplesize', 'sample size', 'sample', 'size', 'respondents', 'sample n'],
  population: ['pop', 'population', 'universe', 'sample population'],
  mode: ['mode', 'method', 'methodology', 'survey mode'],
  moe: ['moe', 'margin of error', 'margin', 'margin of error points'],
  designEffect: ['deff', 'design effect'],
  weighting: ['weighting', 'weights', 'weighted by'],
  wording: ['text', 'wording', 'question text', 'question summary', 'question wording', 'exact wording', 'question'],
  question: ['category', 'question key', 'question slug', 'series', 'question id'],
  sourceUrls: ['url', 'urls', 'source', 'source url', 'source urls', 'link', 'links', 'source link'],
  notes: ['notes', 'note', 'comments', 'comment', 'remarks'],
};

/** Common answer options, normalised header → label. */
const OPTION_WORDS: Record<string, string> = {
  yes: 'Yes',
  no: 'No',
  unsure: 'Unsure',
  'not sure': 'Not sure',
  for: 'For',
  against: 'Against',
  'dont know': "Don't know",
  dk: "Don't know",
  undecided: 'Undecided',
  approve: 'Approve',
  disapprove: 'Disapprove',
  support: 'Support',
  oppose: 'Oppose',
  other: 'Other',
  refused: 'Refused',
  'no answer': 'No answer',
};

const PARTY_GROUPS = new Set(['rep', 'dem', 'ind', 'gop', 'republican', 'republicans', 'democrat', 'democrats', 'independent', 'independents']);

function titleCase(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** 'pct_for_transfer' → 'For', 'Yes' → 'Yes', 'pct_dont_know' → "Don't know". */
function optionFromHeader(n: string): string | null {
  if (OPTION_WORDS[n]) return OPTION_WORDS[n];
  const m = /^(?:pct|percent|share|per cent)\s+(.+)$/.exec(n);
  if (!m || !m[1]) return null;
  const rest = m[1];
  for (const [word, label] of Object.entries(OPTION_WORDS).sort((a, b) => b[0].length - a[0].length)) {
    if (rest === word || rest.startsWith(`${word} `)) return label;
  }
  return titleCase(rest);
}

/**
 * Guess a mapping from header names. Result columns are found first, so that "Rep Yes" can be
 * recognised as a subgroup's share of the option "Yes".
 */
export function suggestMapping(headers: readonly string[]): TImportMapping {
  const mapping: TImportMapping = {};
  const used = new Set<TImportField>();
  const options: string[] = [];
  for (const h of headers) {
    const n = norm(h);
    const option = optionFromHeader(n);
    if (option) {
      mapping[h] = formatTarget({ kind: 'result', option });
      options.push(option);
    }
  }
  for (const h of headers) {
    if (mapping[h]) continue;
    const n = norm(h);
    const field = (Object.keys(FIELD_SYNONYMS) as TImportField[]).find((f) => !used.has(f) && FIELD_SYNONYMS[f].includes(n));
    if (field) {
      mapping[h] = field;
      used.add(field);
      continue;
    }
    const sub = /^(\S+)\s+(.+)$/.exec(n);
    if (sub && sub[1] && sub[2]) {
      const group = sub[1];
      const tail = sub[2];
      const subgroup = titleCase(h.trim().split(/\s+/)[0] ?? group);
      const dimension = PARTY_GROUPS.has(group) ? 'party' : 'group';
      if (['sample', 'n', 'sample size', 'size'].includes(tail)) {
        mapping[h] = formatTarget({ kind: 'breakdownN', dimension, subgroup });
        continue;
      }
      const option = options.find((o) => norm(o) === tail);
      if (option) {
        mapping[h] = formatTarget({ kind: 'breakdownResult', dimension, subgroup, option });
        continue;
      }
    }
    mapping[h] = 'ignore';
  }
  return mapping;
}
