import path from 'node:path';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { readCsv } from '@/lib/seed/csv';
import { parsePartialDate } from '@/lib/seed/dates';
import { splitUrls, wordingKey } from '@/lib/text';
import { writeIndicatorsBulk, writePollsBulk, type BulkIndicator, type BulkPoll, type BulkQuestion } from '@/lib/writes/bulk';
import { runWrite } from '@/lib/writes/write';

export const SEED_DATA_DIR = path.join(process.cwd(), 'prisma', 'seed-data');

const SEED_STORY_SOURCE = 'AFP report of the Abe–Putin talks, Moscow, 22 Jan 2019 (the seed story)';

interface QuestionSpec {
  slug: string;
  title: string;
  wording: string;
  topic: string;
  country: string;
  population: string;
  language: string;
  notes?: string;
  options: { key: string; label: string }[];
}

const KURIL_OPTIONS = [
  { key: 'for', label: 'For' },
  { key: 'against', label: 'Against' },
  { key: 'dont_know', label: "Don't know" },
];

export const DEMO_QUESTIONS = {
  kuril: {
    slug: 'kuril-transfer',
    title: 'Transfer Kuril islands to Japan?',
    wording: 'Would you support or oppose transferring (some of) the Kuril Islands to Japan?',
    topic: 'Foreign policy',
    country: 'Russia',
    population: 'Russia adults',
    language: 'ru',
    notes:
      'Wordings differ between polls (several islands vs all four, with or without a peace treaty, Levada vs VCIOM); each wording is its own series.',
    options: KURIL_OPTIONS,
  },
  kurilResidents: {
    slug: 'kuril-transfer-residents',
    title: 'Kuril residents: transfer islands to Japan?',
    wording: 'Should Russia transfer the southern Kuril Islands to Japan? (asked of island residents)',
    topic: 'Foreign policy',
    country: 'Russia',
    population: 'Adult residents of the Kuril Islands',
    language: 'ru',
    notes: 'Not a national sample: only residents of the islands were asked.',
    options: KURIL_OPTIONS,
  },
  putin: {
    slug: 'putin-approval',
    title: 'Approval of Vladimir Putin',
    wording: 'Do you approve of the activities of Vladimir Putin as President (Prime Minister) of Russia?',
    topic: 'Leaders',
    country: 'Russia',
    population: 'Russia adults 18+',
    language: 'ru',
    notes: 'Levada Center monthly indicator; English translation of the Russian wording.',
    options: [
      { key: 'approve', label: 'Approve' },
      { key: 'disapprove', label: 'Disapprove' },
      { key: 'no_answer', label: 'No answer' },
    ],
  },
} satisfies Record<string, QuestionSpec>;

const POLLSTERS: Record<string, { slug: string; name: string; country: string; website: string; notes?: string }> = {
  'Levada Center': {
    slug: 'levada-center',
    name: 'Levada Center',
    country: 'Russia',
    website: 'https://www.levada.ru/en/',
    notes: 'Independent Russian non-governmental polling and sociological research organisation.',
  },
  VCIOM: {
    slug: 'vciom',
    name: 'VCIOM (WCIOM)',
    country: 'Russia',
    website: 'https://wciom.com/',
    notes: 'Russian Public Opinion Research Center, state-owned.',
  },
  'VCIOM Foundation': {
    slug: 'vciom-foundation',
    name: 'VCIOM Foundation',
    country: 'Russia',
    website: 'https://wciom.ru/',
    notes: 'Named as the fieldwork organisation of the 2019 island-residents survey in the press report.',
  },
};

function pollsterKey(name: string): string {
  if (name === 'VCIOM (WCIOM)') return 'VCIOM';
  return name;
}

function numberOrNull(cell: string | undefined): number | null {
  if (cell === undefined || cell.trim() === '') return null;
  const n = Number(cell);
  if (!Number.isFinite(n)) throw new Error(`not a number: ${cell}`);
  return n;
}

function modeOf(raw: string): string | null {
  const v = raw.toLowerCase();
  if (v === '') return null;
  if (v.includes('telephone')) return 'telephone';
  if (v.includes('face-to-face') || v.includes('door-to-door')) return 'face-to-face';
  if (v.includes('online')) return 'online';
  return 'other';
}

function pollsterSlugOf(key: string): string {
  const spec = POLLSTERS[key];
  if (!spec) throw new Error(`unknown pollster in seed data: ${key}`);
  return spec.slug;
}

const bulkQuestion = ({ options, ...rest }: QuestionSpec): BulkQuestion => ({ ...rest, options: options.map((o, position) => ({ ...o, position })) });

export interface SeedSummary {
  pollsCreated: number;
  observationsCreated: number;
}

function kurilPolls(dataDir: string): BulkPoll[] {
  const rows = readCsv(path.join(dataDir, 'kuril_islands_russia_polls.csv'));
  return rows.map((row, index) => {
    const population = row.population ?? '';
    const q = /resident/i.test(population) ? DEMO_QUESTIONS.kurilResidents : DEMO_QUESTIONS.kuril;
    const start = parsePartialDate(row.field_start ?? '');
    const end = parsePartialDate(row.field_end ?? '') ?? start;
    const published = parsePartialDate(row.published ?? '');
    const notes = row.notes ?? '';
    // "release states MoE at 95% does not exceed 2.5%" is the only stated MoE in the file.
    const moeMatch = /MoE at 95% does not exceed ([\d.]+)%/.exec(notes);
    const wording = (row.question_summary ?? '').trim();
    const results = (
      [
        ['for', row.pct_for_transfer],
        ['against', row.pct_against_transfer],
        ['dont_know', row.pct_dont_know],
      ] as const
    )
      .map(([key, cell]) => ({ optionKey: key, percent: numberOrNull(cell) }))
      .filter((r): r is { optionKey: 'for' | 'against' | 'dont_know'; percent: number } => r.percent !== null);
    return {
      externalKey: `seed:kuril_islands_russia_polls.csv:${index + 1}`,
      pollsterSlug: pollsterSlugOf(pollsterKey(row.pollster ?? '')),
      fieldStart: start?.start ?? null,
      fieldEnd: end?.end ?? null,
      datePrecision: start?.precision ?? 'year',
      publishedAt: published?.start ?? null,
      publishedPrecision: published?.precision ?? 'day',
      sampleSize: numberOrNull(row.sample_size),
      population: population || null,
      mode: modeOf(row.mode ?? ''),
      modeDetail: row.mode || null,
      reportedMoe: moeMatch ? Number(moeMatch[1]) : null,
      moeConfidence: moeMatch ? 0.95 : null,
      sourceUrls: splitUrls(row.source_url ?? ''),
      notes: notes || null,
      questions: [{ questionSlug: q.slug, wording, wordingKey: wordingKey(wording), results }],
    };
  });
}

function putinPolls(dataDir: string): BulkPoll[] {
  const rows = readCsv(path.join(dataDir, 'levada_putin_approval_monthly_1999_2020.csv'));
  const wording = DEMO_QUESTIONS.putin.wording;
  const sourceUrls = ['https://www.levada.ru/en/ratings/', 'https://github.com/biznesslanch/Russian-Public-Opinion-Tracker'];
  return rows.map((row) => {
    const date = row.Date ?? '';
    const month = parsePartialDate(date.slice(0, 7));
    if (!month) throw new Error(`putin approval: bad date ${date}`);
    const values = [
      ['approve', numberOrNull(row.Approve)],
      ['disapprove', numberOrNull(row.Disapprove)],
      ['no_answer', numberOrNull(row['No.Answer'])],
    ] as const;
    return {
      externalKey: `seed:levada_putin:${date.slice(0, 7)}`,
      pollsterSlug: pollsterSlugOf('Levada Center'),
      fieldStart: month.start,
      fieldEnd: month.end,
      datePrecision: 'month',
      population: 'Russia adults 18+',
      mode: 'face-to-face',
      sourceUrls,
      notes: 'Monthly Levada indicator; the source gives the month only and does not state n for each wave.',
      questions: [
        {
          questionSlug: DEMO_QUESTIONS.putin.slug,
          wording,
          wordingKey: wordingKey(wording),
          results: values.filter((v): v is readonly [(typeof v)[0], number] => v[1] !== null).map(([key, percent]) => ({ optionKey: key, percent })),
        },
      ],
    };
  });
}

interface ObservationSeed {
  externalKey: string;
  period: string;
  periodType: string;
  periodStart: Date;
  value: number;
  kind: 'actual' | 'estimate' | 'target' | 'forecast';
  basis: string | null;
  derived: boolean;
  isPrimary: boolean;
  sourceUrl: string | null;
  sourceName: string | null;
  notes: string | null;
}

/** Classify the CSV's period_type cell: full calendar year, fiscal year or part of a year. */
function periodOf(year: string, periodType: string): { period: string; periodType: string; rank: number } {
  const t = periodType.trim();
  if (/^jan-/i.test(t)) return { period: `${year} ${t.replace('-', '–')}`, periodType: 'partial-year', rank: 9 };
  if (/^FY/i.test(t)) return { period: `FY${year}`, periodType: 'fiscal-year', rank: 8 };
  if (t === 'calendar') return { period: year, periodType: 'year', rank: 0 };
  if (t.startsWith('calendar')) return { period: year, periodType: 'year', rank: 1 };
  return { period: year, periodType: 'year', rank: 2 }; // "fiscal? (see notes)": probably fiscal, not certain
}

function tradeObservations(dataDir: string): { usd: ObservationSeed[]; jpy: ObservationSeed[] } {
  const rows = readCsv(path.join(dataDir, 'russia_japan_trade.csv'));
  const usd: (ObservationSeed & { rank: number })[] = [];
  const jpy: (ObservationSeed & { rank: number })[] = [];
  rows.forEach((row, index) => {
    const year = row.year ?? '';
    const p = periodOf(year, row.period_type ?? '');
    const base = {
      period: p.period,
      periodType: p.periodType,
      periodStart: new Date(Date.UTC(Number(year), 0, 1)),
      kind: /estimate/i.test(row.period_type ?? '') ? ('estimate' as const) : ('actual' as const),
      basis: [row.period_type, row.basis].filter((s) => s && s.trim() !== '').join(' · ') || null,
      derived: row.derived === 'yes' || row.derived === 'partly',
      isPrimary: false,
      sourceUrl: splitUrls(row.source_url ?? '')[0] ?? null,
      sourceName: row.basis || null,
      notes: row.notes || null,
      rank: p.rank,
    };
    const usdValue = numberOrNull(row.turnover_usd_bn);
    if (usdValue !== null) usd.push({ ...base, value: usdValue, externalKey: `seed:russia_japan_trade.csv:${index + 1}:usd` });
    const jpyValue = numberOrNull(row.turnover_jpy_trn);
    if (jpyValue !== null) jpy.push({ ...base, value: jpyValue, externalKey: `seed:russia_japan_trade.csv:${index + 1}:jpy` });
  });
  // The seed story: "about US$18 billion in 2017" (actual) and the US$30bn goal (a target).
  usd.push({
    externalKey: 'seed:story:2017-actual',
    period: '2017',
    periodType: 'year',
    periodStart: new Date(Date.UTC(2017, 0, 1)),
    value: 18,
    kind: 'actual',
    basis: 'calendar year; "about US$18 billion", quoted by Putin on 22 Jan 2019',
    derived: false,
    isPrimary: false,
    sourceUrl: null,
    sourceName: SEED_STORY_SOURCE,
    notes: 'Rounded figure ("about") from the seed story.',
    rank: 1,
  });
  usd.push({
    externalKey: 'seed:story:target-30bn',
    period: '2019',
    periodType: 'year',
    periodStart: new Date(Date.UTC(2019, 0, 22)),
    value: 30,
    kind: 'target',
    basis: 'target stated by Putin on 22 Jan 2019; no deadline was given',
    derived: false,
    isPrimary: true,
    sourceUrl: null,
    sourceName: SEED_STORY_SOURCE,
    notes: 'A goal, not a data point: drawn as a reference line. The required growth rate uses a horizon the reader chooses.',
    rank: 0,
  });
  // One headline value per full year: the best-ranked row (exact calendar basis first), the first
  // listed on ties. Other figures for the same year stay, marked as alternatives.
  for (const list of [usd, jpy]) {
    const best = new Map<string, ObservationSeed & { rank: number }>();
    for (const o of list) {
      if (o.kind === 'target' || o.periodType !== 'year') continue;
      const current = best.get(o.period);
      if (!current || o.rank < current.rank) best.set(o.period, o);
    }
    for (const o of best.values()) o.isPrimary = true;
  }
  const strip = ({ rank: _rank, ...o }: ObservationSeed & { rank: number }): ObservationSeed => o;
  return { usd: usd.map(strip), jpy: jpy.map(strip) };
}

function tradeIndicators(dataDir: string): BulkIndicator[] {
  const { usd, jpy } = tradeObservations(dataDir);
  const indicators = [
    {
      spec: {
        slug: 'russia-japan-trade',
        name: 'Russia–Japan bilateral trade (US$)',
        description:
          'Annual trade turnover between Russia and Japan in US dollars, from news reports quoting Japan’s MOF/METI, ROTOBO and Russian ministries. Sources mix calendar and fiscal years; see the basis of each point.',
        unit: 'US$ bn',
        currency: 'USD',
        source: 'Japan MOF/METI, ROTOBO, Russian ministries (via news reports); seed story for 2017 and the target',
        country: 'Russia, Japan',
        topic: 'Trade',
      },
      observations: usd,
    },
    {
      spec: {
        slug: 'russia-japan-trade-jpy',
        name: 'Russia–Japan bilateral trade (yen)',
        description: 'Trade turnover in yen as published by Japan’s Ministry of Finance (via news reports).',
        unit: '¥ trn',
        currency: 'JPY',
        source: 'Japan MOF (via TASS, nippon.com)',
        country: 'Russia, Japan',
        topic: 'Trade',
      },
      observations: jpy,
    },
  ];
  return indicators.map(({ spec, observations }) => ({ ...spec, observations }));
}

/**
 * Seed the demo data from the project's copies of the reference CSVs. Idempotent: every record has
 * a stable key (slug or externalKey) and is created only when missing, so a second run changes
 * nothing and never overwrites an editor's correction. One audit row records a run that wrote.
 */
export async function seedDemo(db: PrismaClient, dataDir: string = SEED_DATA_DIR): Promise<SeedSummary> {
  const polls = [...kurilPolls(dataDir), ...putinPolls(dataDir)];
  const indicators = tradeIndicators(dataDir);
  // Only the pollsters the polls name are created, as before.
  const named = new Set(polls.map((p) => p.pollsterSlug));
  const pollsters = Object.values(POLLSTERS).filter((p) => named.has(p.slug));
  return runWrite(db, { actor: null, source: 'seed', timeout: 120_000, maxWait: 30_000 }, async (w) => {
    const written = await writePollsBulk(
      w,
      { pollsters, questions: [DEMO_QUESTIONS.kuril, DEMO_QUESTIONS.kurilResidents, DEMO_QUESTIONS.putin].map(bulkQuestion), polls },
      { existingPolls: 'skip', existingCatalog: 'keep' },
    );
    const { observationsCreated } = await writeIndicatorsBulk(w, indicators);
    const pollsCreated = written.pollsCreated;
    if (pollsCreated + observationsCreated > 0) await w.audit({ entity: 'Seed', entityId: 'demo', action: 'seed', after: { pollsCreated, observationsCreated } });
    return { pollsCreated, observationsCreated };
  });
}
