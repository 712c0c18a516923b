/**
 * Column mapping: which poll field each CSV column feeds. A target is a short string so a mapping
 * is plain JSON (stored per file shape in ImportMapping):
 *   'ignore' | a field name ('pollster', 'fieldStart', …) | 'result:<Option label>' |
 *   'label:<header of a result column>' (this column's cell names that column's option, e.g.
 *   cand1_name labels cand1_pct) | 'breakdown:<dimension>:<subgroup>:n' |
 *   'breakdown:<dimension>:<subgroup>:result:<Option label>'
 *
 * Long format (one row per option): map a column to `option` (the option's label) and one to
 * `value` (its share); every poll field plus any `pollKey` columns identify the poll, and rows with
 * the same identity are pivoted into one poll. `breakdownDimension` / `breakdownSubgroup` columns
 * make a row a subgroup's share instead of the overall one.
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
  'option',
  'value',
  'pollKey',
  'breakdownDimension',
  'breakdownSubgroup',
] as const;
export type TImportField = (typeof IMPORT_FIELDS)[number];

export const IMPORT_FIELD_LABELS: Record<TImportField, string> = {
  pollster: 'Pollster',
  sponsor: 'Sponsor',
  fieldStart: 'Field start (or a range)',
  fieldEnd: 'Field end (or a range)',
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
  option: 'Long format: option label',
  value: 'Long format: share (%)',
  pollKey: 'Long format: identifies a poll',
  breakdownDimension: 'Long format: subgroup dimension',
  breakdownSubgroup: 'Long format: subgroup',
};

/** Fields that several columns may feed (their cells together identify a poll). */
export const REPEATABLE_FIELDS: readonly TImportField[] = ['pollKey'];

/** Without these a row cannot become a poll (the field start may also come from the field end). */
export const REQUIRED_FIELDS: readonly TImportField[] = ['pollster', 'fieldStart'];

export type TColumnTarget =
  | { kind: 'ignore' }
  | { kind: 'field'; field: TImportField }
  | { kind: 'result'; option: string }
  | { kind: 'label'; column: string }
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
    case 'label':
      return `label:${t.column}`;
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
  if (v.startsWith('label:') && v.length > 6) return { kind: 'label', column: v.slice(6) };
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

export function norm(header: string): string {
  return header
    .toLowerCase()
    .replace(/['’?]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const FIELD_SYNONYMS: Record<TImportField, string[]> = {
  pollster: [
    'pollster',
    'pollster name',
    'firm',
    'polling firm',
    'polling organisation',
    'polling organization',
    'organisation',
    'organization',
    'house',
    'institute',
    'polling company',
    'agency',
  ],
  sponsor: ['sponsor', 'sponsors', 'client', 'commissioned by', 'commissioner', 'partner', 'media partner'],
  fieldStart: ['start', 'start date', 'field start', 'fieldwork start', 'field date start', 'begin', 'from', 'date from', 'startdate', 'start_date'],
  fieldEnd: [
    'end',
    'end date',
    'field end',
    'fieldwork end',
    'field date end',
    'to',
    'date to',
    'date',
    'enddate',
    'field date',
    'polldate',
    'poll date',
    'fieldwork date',
    'fieldwork dates',
    'dates conducted',
    'date s conducted',
    'field dates',
    'fieldwork',
    'dates',
  ],
  published: ['published', 'published date', 'publication date', 'release', 'release date', 'released'],
  sampleSize: ['n', 'samplesize', 'sample size', 'sample', 'size', 'respondents', 'sample n'],
  population: ['pop', 'population', 'universe', 'sample population'],
  mode: ['mode', 'method', 'methodology', 'survey mode'],
  moe: ['moe', 'margin of error', 'margin', 'margin of error points'],
  designEffect: ['deff', 'design effect'],
  weighting: ['weighting', 'weights', 'weighted by'],
  wording: ['text', 'wording', 'question text', 'question wording', 'exact wording', 'question summary'],
  question: ['question', 'category', 'question key', 'question slug', 'series', 'topic', 'race'],
  sourceUrls: ['url', 'urls', 'source', 'source url', 'source urls', 'link', 'links', 'source link'],
  notes: ['notes', 'note', 'comments', 'comment', 'remarks'],
  option: ['option', 'answer', 'response', 'choice', 'party', 'candidate', 'option label', 'answer option'],
  value: ['value', 'percent', 'pct', 'share', 'percentage', 'result', 'support share'],
  pollKey: ['poll id', 'poll', 'poll key', 'survey id', 'pollid', 'wave'],
  breakdownDimension: ['dimension', 'breakdown', 'crosstab', 'subgroup type', 'group type'],
  breakdownSubgroup: ['subgroup', 'group', 'segment'],
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
  'no opinion': 'No opinion',
  undecided: 'Undecided',
  approve: 'Approve',
  disapprove: 'Disapprove',
  support: 'Support',
  oppose: 'Oppose',
  favor: 'Favor',
  favour: 'Favour',
  favorable: 'Favorable',
  unfavorable: 'Unfavorable',
  favourable: 'Favourable',
  unfavourable: 'Unfavourable',
  neither: 'Neither',
  other: 'Other',
  others: 'Others',
  refused: 'Refused',
  'no answer': 'No answer',
};

const PARTY_GROUPS = new Set([
  'rep',
  'dem',
  'ind',
  'gop',
  'republican',
  'republicans',
  'democrat',
  'democrats',
  'democratic',
  'independent',
  'independents',
  'conservative',
  'labour',
  'liberal',
]);

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
 * A column that identifies rows rather than describing them: named like an id, or (from a sample)
 * whole numbers that are nearly all distinct. Never suggested as the question (an id as question
 * made one question per row).
 */
export function isIdLike(header: string, values: readonly string[]): boolean {
  const n = norm(header);
  if (/(^| )(id|key|uuid|row|index|no)$/.test(n) || /^id /.test(n)) return true;
  const filled = values.filter((v) => v.trim() !== '');
  if (filled.length < 20) return false;
  const distinct = new Set(filled);
  return filled.every((v) => /^\d+$/.test(v.trim())) && distinct.size >= filled.length * 0.9;
}

/** Mostly numbers between 0 and 100 (a share column of a party or candidate). */
function looksLikeShares(values: readonly string[]): boolean {
  const filled = values.map((v) => v.trim()).filter((v) => v !== '' && !/^(na|n\/a|–|—|-|\*)$/i.test(v));
  if (filled.length === 0) return false;
  const shares = filled.filter((v) => /^\d{1,3}([.,]\d+)?\s*%?$/.test(v) && Number(v.replace(',', '.').replace('%', '')) <= 100);
  return shares.length >= filled.length * 0.9;
}

/** "Approve (Republican)" → Approve / Republican; "Favor (Dem)" → Favor / Dem. */
const PAREN_SUBGROUP = /^(.+?)\s*\((.+)\)\s*$/;

function dimensionOf(subgroupNorm: string): string {
  return PARTY_GROUPS.has(subgroupNorm.split(' ')[0] ?? '') ? 'party' : 'group';
}

/**
 * Guess a mapping from header names and a sample of rows. Result columns are found first, so that
 * "Rep Yes", "Republican Support" and "Approve (Republican)" can be recognised as a subgroup's
 * share of an option.
 */
export function suggestMapping(headers: readonly string[], sample: readonly (readonly string[])[] = []): TImportMapping {
  const mapping: TImportMapping = {};
  const used = new Set<TImportField>();
  const options: string[] = [];
  const column = (i: number) => sample.map((r) => r[i] ?? '');
  const normed = headers.map(norm);
  for (const [i, h] of headers.entries()) {
    const option = optionFromHeader(normed[i] ?? '');
    if (option && !options.includes(option)) {
      mapping[h] = formatTarget({ kind: 'result', option });
      options.push(option);
    }
  }
  // cand1_pct labelled by cand1_name (FiveThirtyEight raw polls and similar).
  for (const [i, h] of headers.entries()) {
    if (mapping[h]) continue;
    const m = /^(.+?) (pct|percent|share|pc)$/.exec(normed[i] ?? '');
    if (!m || !m[1]) continue;
    const stem = m[1];
    const nameIndex = normed.findIndex((n) => n === `${stem} name` || n === `${stem} label`);
    const option = titleCase(stem);
    mapping[h] = formatTarget({ kind: 'result', option });
    options.push(option);
    const nameHeader = nameIndex >= 0 ? headers[nameIndex] : undefined;
    if (nameHeader !== undefined) mapping[nameHeader] = formatTarget({ kind: 'label', column: h });
  }
  for (const [i, h] of headers.entries()) {
    if (mapping[h]) continue;
    const n = normed[i] ?? '';
    const idLike = isIdLike(h, column(i));
    const field = (Object.keys(FIELD_SYNONYMS) as TImportField[]).find(
      (f) =>
        !used.has(f) &&
        FIELD_SYNONYMS[f].includes(n) &&
        !(f === 'question' && idLike) &&
        !['option', 'value', 'pollKey', 'breakdownDimension', 'breakdownSubgroup'].includes(f),
    );
    if (field) {
      mapping[h] = field;
      used.add(field);
      continue;
    }
    const paren = PAREN_SUBGROUP.exec(h.trim());
    if (paren && paren[1] && paren[2]) {
      const option = options.find((o) => norm(o) === norm(paren[1] ?? ''));
      if (option) {
        const subgroup = paren[2].trim();
        mapping[h] = formatTarget({ kind: 'breakdownResult', dimension: dimensionOf(norm(subgroup)), subgroup, option });
        continue;
      }
    }
    const sub = /^(\S+)\s+(.+)$/.exec(n);
    if (sub && sub[1] && sub[2]) {
      const group = sub[1];
      const tail = sub[2];
      const subgroup = titleCase(h.trim().split(/[\s_]+/)[0] ?? group);
      const dimension = dimensionOf(group);
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
  // No pollster column, but a "source" column naming organisations rather than addresses (Levada).
  if (!used.has('pollster')) {
    const i = headers.findIndex((h) => mapping[h] === 'sourceUrls');
    const h = headers[i];
    const values = column(i).filter((v) => v.trim() !== '');
    if (h !== undefined && values.length > 0 && values.every((v) => !/^(https?:\/\/|www\.)|\.[a-z]{2,}\//i.test(v.trim()))) {
      mapping[h] = 'pollster';
      used.add('pollster');
    }
  }
  // Long format: an option column and a value column, and no wide result columns.
  if (options.length === 0) {
    const optionIndex = normed.findIndex((n, i) => FIELD_SYNONYMS.option.includes(n) && mapping[headers[i] ?? ''] === 'ignore');
    const valueIndex = normed.findIndex((n, i) => FIELD_SYNONYMS.value.includes(n) && mapping[headers[i] ?? ''] === 'ignore');
    const optionHeader = headers[optionIndex];
    const valueHeader = headers[valueIndex];
    if (optionHeader !== undefined && valueHeader !== undefined) {
      mapping[optionHeader] = 'option';
      mapping[valueHeader] = 'value';
      for (const [i, h] of headers.entries()) {
        if (mapping[h] !== 'ignore') continue;
        const n = normed[i] ?? '';
        if (FIELD_SYNONYMS.pollKey.includes(n) || (isIdLike(h, column(i)) && /poll|survey/.test(n))) mapping[h] = 'pollKey';
        else if (FIELD_SYNONYMS.breakdownDimension.includes(n)) mapping[h] = 'breakdownDimension';
        else if (FIELD_SYNONYMS.breakdownSubgroup.includes(n)) mapping[h] = 'breakdownSubgroup';
      }
    } else if (sample.length > 0 && used.has('pollster')) {
      // A Wikipedia-style table: one share column per party or candidate, named by it.
      for (const [i, h] of headers.entries()) {
        const n = normed[i] ?? '';
        if (mapping[h] !== 'ignore' || /^(lead|margin|year|total|turnout|others?)$/.test(n) || isIdLike(h, column(i))) continue;
        if (looksLikeShares(column(i))) mapping[h] = formatTarget({ kind: 'result', option: h.trim() });
      }
    }
  }
  return mapping;
}
