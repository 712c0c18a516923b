import { linearRegression } from 'simple-statistics';

/**
 * The disclosure items of the AAPOR Code of Professional Ethics and Practices (2021), §III.A
 * ("Disclosure standards": items to be disclosed for every public poll), as Pollboard records them.
 * Question order (also an AAPOR item) is shown on the poll page but not scored: Pollboard does not
 * record whether an entered order is the questionnaire's, so scoring it would be a guess.
 */
export const DISCLOSURE_ITEMS = [
  { key: 'sponsor', label: 'Sponsor', rule: 'a sponsor (pollster record or free text) is entered' },
  { key: 'conductedBy', label: 'Who conducted it', rule: 'the poll names its pollster (always true in Pollboard: a poll needs one)' },
  { key: 'fieldDates', label: 'Fieldwork dates', rule: 'field start and end are known to the day (a month or year only is not enough)' },
  { key: 'population', label: 'Population', rule: 'the population sampled is entered' },
  { key: 'samplingFrame', label: 'Sampling frame and method', rule: 'the sampling frame/method is entered' },
  { key: 'mode', label: 'Mode', rule: 'the mode of data collection is entered' },
  { key: 'sampleSize', label: 'Sample size', rule: 'n is entered' },
  { key: 'wording', label: 'Exact wording', rule: 'every question of the poll is marked as the exact questionnaire text' },
  { key: 'weighting', label: 'Weighting', rule: 'the weighting is described' },
  { key: 'precision', label: 'Precision (MoE or design effect)', rule: 'a margin of error or a design effect is entered' },
  { key: 'source', label: 'Source', rule: 'at least one source URL is entered' },
] as const;

export type DisclosureKey = (typeof DISCLOSURE_ITEMS)[number]['key'];

/** What a poll record says; null/empty means not entered, which counts as not disclosed. */
export interface DisclosureFacts {
  sponsor: string | null;
  pollster: string | null;
  fieldStart: string | Date | null;
  fieldEnd: string | Date | null;
  datePrecision: string;
  population: string | null;
  samplingFrame: string | null;
  mode: string | null;
  sampleSize: number | null;
  /** one entry per question asked: true only when marked as the exact questionnaire text */
  wordingExact: readonly (boolean | null)[];
  weighting: string | null;
  reportedMoe: number | null;
  designEffect: number | null;
  sourceUrls: readonly string[];
}

export interface DisclosureScore {
  items: { key: DisclosureKey; label: string; disclosed: boolean }[];
  disclosed: number;
  total: number;
  /** 100 × disclosed / total, rounded to one decimal */
  score: number;
}

const filled = (v: string | null | undefined): boolean => typeof v === 'string' && v.trim().length > 0;

/**
 * Disclosure score of one poll: the share of the AAPOR disclosure items it discloses.
 *
 * score = 100 · Σᵢ dᵢ / 11, dᵢ ∈ {0, 1}; nothing is inferred — an item not entered is dᵢ = 0.
 *
 * Reference: AAPOR Code of Professional Ethics and Practices (rev. April 2021), Section III.A (disclosure items);
 * cf. the AAPOR Transparency Initiative disclosure elements.
 *
 * @example disclosureScore({ ...facts, sampleSize: 1600 }).score // e.g. 54.5 for 6 of 11 items
 */
export function disclosureScore(f: DisclosureFacts): DisclosureScore {
  const has: Record<DisclosureKey, boolean> = {
    sponsor: filled(f.sponsor),
    conductedBy: filled(f.pollster),
    fieldDates: f.fieldStart !== null && f.fieldEnd !== null && f.datePrecision === 'day',
    population: filled(f.population),
    samplingFrame: filled(f.samplingFrame),
    mode: filled(f.mode),
    sampleSize: f.sampleSize !== null && f.sampleSize > 0,
    wording: f.wordingExact.length > 0 && f.wordingExact.every((w) => w === true),
    weighting: filled(f.weighting),
    precision: (f.reportedMoe !== null && f.reportedMoe > 0) || (f.designEffect !== null && f.designEffect > 0),
    source: f.sourceUrls.some((u) => u.trim().length > 0),
  };
  const items = DISCLOSURE_ITEMS.map((i) => ({ key: i.key, label: i.label, disclosed: has[i.key] }));
  const disclosed = items.filter((i) => i.disclosed).length;
  return { items, disclosed, total: items.length, score: Math.round((1000 * disclosed) / items.length) / 10 };
}

export interface PollsterDisclosure {
  polls: number;
  /** mean of the polls' scores (0–100); null without polls */
  score: number | null;
  /** per item: polls disclosing it */
  items: { key: DisclosureKey; label: string; disclosed: number; share: number }[];
  /** mean score per calendar year of fieldwork (end), oldest first */
  byYear: { year: number; polls: number; score: number }[];
  /** OLS slope of poll scores on fieldwork year, points per year; null with fewer than two distinct years */
  trendPerYear: number | null;
}

/**
 * A pollster's disclosure score over its polls: the mean poll score, per-item rates, the mean by
 * fieldwork year and its OLS trend (points per year, fitted to the poll-level scores).
 *
 * score = (1/k) Σⱼ scoreⱼ over the pollster's k polls; trend = slope b of scoreⱼ = a + b·yearⱼ.
 *
 * @example pollsterDisclosure([{ year: 2018, score: disclosureScore(f) }]).score
 */
export function pollsterDisclosure(polls: readonly { year: number | null; score: DisclosureScore }[]): PollsterDisclosure {
  const k = polls.length;
  const items = DISCLOSURE_ITEMS.map((item) => {
    const disclosed = polls.filter((p) => p.score.items.find((i) => i.key === item.key)?.disclosed === true).length;
    return { key: item.key, label: item.label, disclosed, share: k === 0 ? 0 : Math.round((1000 * disclosed) / k) / 10 };
  });
  const years = new Map<number, number[]>();
  for (const p of polls) {
    if (p.year === null) continue;
    const list = years.get(p.year) ?? [];
    list.push(p.score.score);
    years.set(p.year, list);
  }
  const byYear = [...years.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([year, scores]) => ({ year, polls: scores.length, score: round1(scores.reduce((s, x) => s + x, 0) / scores.length) }));
  const dated = polls.filter((p): p is { year: number; score: DisclosureScore } => p.year !== null);
  const trendPerYear = byYear.length >= 2 ? round1(linearRegression(dated.map((p) => [p.year, p.score.score])).m) : null;
  return {
    polls: k,
    score: k === 0 ? null : round1(polls.reduce((s, p) => s + p.score.score, 0) / k),
    items,
    byYear,
    trendPerYear,
  };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
