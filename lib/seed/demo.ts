import path from 'node:path';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { readCsv } from '@/lib/seed/csv';
import { parsePartialDate } from '@/lib/format/partial-date';
import { slugify, splitUrls, wordingKey } from '@/lib/format/slug';
import { writeIndicatorsBulk, writePollsBulk, type BulkIndicator, type BulkPoll, type BulkPollster, type BulkQuestion } from '@/lib/writes/bulk';
import { runWrite } from '@/lib/writes/write';
import type { TObservationFacts } from '@/lib/data/dto';

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

const FTE_OPTIONS = [
  { key: 'yes', label: 'Yes' },
  { key: 'no', label: 'No' },
  { key: 'unsure', label: 'Unsure' },
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
    notes: 'Wordings differ between polls (several islands vs all four, with or without a peace treaty, Levada vs VCIOM); each wording is its own series.',
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
  impeach: {
    slug: 'trump-impeach',
    title: 'Should the House impeach Trump?',
    wording: 'Should the House of Representatives impeach President Trump?',
    topic: 'US politics',
    country: 'United States',
    population: 'US adults, registered or likely voters (as each poll states)',
    language: 'en',
    notes:
      'FiveThirtyEight’s impeachment polls, category “impeach” (CC BY 4.0). Pollsters phrase the question in their own words; as FiveThirtyEight did, an editor grouped the wordings that ask the same thing into one series, so house effects can be estimated. Each poll page shows the exact wording as asked.',
    options: FTE_OPTIONS,
  },
  impeachRemove: {
    slug: 'trump-impeach-remove',
    title: 'Impeach and remove Trump from office?',
    wording: 'Should President Trump be impeached and removed from office?',
    topic: 'US politics',
    country: 'United States',
    population: 'US adults, registered or likely voters (as each poll states)',
    language: 'en',
    notes:
      'FiveThirtyEight’s impeachment polls, category “impeach and remove” (CC BY 4.0). Wordings that ask the same thing are grouped into one series, as FiveThirtyEight grouped them; each poll page shows the exact wording as asked.',
    options: FTE_OPTIONS,
  },
} satisfies Record<string, QuestionSpec>;

/** Levada's stated figures for its monthly omnibus survey (levada.ru, every release's method note). */
export const LEVADA_OMNIBUS = {
  sampleSize: 1600,
  /** "does not exceed 3.4% for shares near 50%" at 95% confidence; 2.9 / 2.0 / 1.5 near 25 / 10 / 5%. */
  moe: 3.4,
  note: 'n = 1,600 and the margin of error (3.4 points at 95% for shares near 50%) are Levada Center’s standard figures for its monthly omnibus survey as stated on levada.ru, not figures published for this wave.',
} as const;

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

type WordingTexts = NonNullable<BulkPoll['questions'][number]['texts']>;

/**
 * The wording of Kuril polls in the language they were asked in, where a cited source gives it
 * (prisma/seed-data/kuril_wording_originals.csv), by 1-based row of the Kuril file.
 */
function kurilOriginals(dataDir: string): Map<number, WordingTexts> {
  const out = new Map<number, WordingTexts>();
  for (const [index, row] of readCsv(path.join(dataDir, 'kuril_wording_originals.csv')).entries()) {
    const language = row.language ?? '';
    const role = row.role ?? '';
    const text = (row.text ?? '').trim();
    const at = Number(row.kuril_row);
    if (!language || !text || (role !== 'original' && role !== 'translation') || !Number.isInteger(at)) {
      throw new Error(`kuril_wording_originals.csv row ${index + 2}: kuril_row, language, text and role (original | translation) are required`);
    }
    const list = out.get(at) ?? [];
    list.push({ language, text, role, status: row.status || 'press-report', sourceUrl: row.source_url || null, sourceNote: row.note || null });
    out.set(at, list);
  }
  return out;
}

function kurilPolls(dataDir: string): BulkPoll[] {
  const rows = readCsv(path.join(dataDir, 'kuril_islands_russia_polls.csv'));
  const originals = kurilOriginals(dataDir);
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
      questions: [
        {
          questionSlug: q.slug,
          wording,
          wordingKey: wordingKey(wording),
          results,
          // Asked in Russian; the file's wording is an English summary of the question, not its text.
          askedLanguage: 'ru',
          wordingLanguage: 'en',
          wordingExact: false,
          texts: originals.get(index + 1) ?? [],
        },
      ],
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
      // Levada publishes one method note for its omnibus, not one per wave: the standard n and MoE
      // are stored so the waves get intervals, and the note says they are standard figures.
      sampleSize: LEVADA_OMNIBUS.sampleSize,
      reportedMoe: LEVADA_OMNIBUS.moe,
      moeConfidence: 0.95,
      notes: `Monthly Levada indicator; the source gives the month only. ${LEVADA_OMNIBUS.note}`,
      questions: [
        {
          questionSlug: DEMO_QUESTIONS.putin.slug,
          wording,
          wordingKey: wordingKey(wording),
          askedLanguage: 'ru',
          wordingLanguage: 'en',
          results: values.filter((v): v is readonly [(typeof v)[0], number] => v[1] !== null).map(([key, percent]) => ({ optionKey: key, percent })),
        },
      ],
    };
  });
}

/** FiveThirtyEight's M/D/YYYY dates. */
function usDate(cell: string): Date {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(cell.trim());
  if (!m) throw new Error(`impeachment polls: bad date ${cell}`);
  return new Date(Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2])));
}

const FTE_POPULATIONS: Record<string, string> = { a: 'Adults', rv: 'Registered voters', lv: 'Likely voters' };
const FTE_PARTIES = [
  ['Rep', 'Republicans'],
  ['Dem', 'Democrats'],
  ['Ind', 'Independents'],
] as const;

/** The CSV categories seeded, each as one question whose wordings form one series. */
const FTE_CATEGORIES = [
  { category: 'impeach', spec: DEMO_QUESTIONS.impeach, wordingKey: 'fte-impeach' },
  { category: 'impeach_and_remove', spec: DEMO_QUESTIONS.impeachRemove, wordingKey: 'fte-impeach-and-remove' },
] as const;

/**
 * FiveThirtyEight's impeachment polls, two of its categories. Rows FiveThirtyEight itself left out
 * of its average (`Include?` = no) are skipped, and so is a second row with the same pollster, field
 * dates, population and wording. An editor's grouping: every wording of a category shares one
 * wording key, so pollsters can be compared (house effects); party crosstabs become breakdowns.
 */
function impeachmentPolls(dataDir: string): { polls: BulkPoll[]; pollsters: BulkPollster[] } {
  const rows = readCsv(path.join(dataDir, 'fte_impeachment_polls.csv'));
  const pollsters = new Map<string, BulkPollster>();
  const polls: BulkPoll[] = [];
  for (const { category, spec, wordingKey: key } of FTE_CATEGORIES) {
    const seen = new Set<string>();
    for (const [index, row] of rows.entries()) {
      if (row.Category !== category || row['Include?'] !== 'yes') continue;
      const pollster = (row.Pollster ?? '').trim();
      const wording = (row.Text ?? '').trim();
      const natural = [pollster, row.Start, row.End, row.Pop, wording].join('|');
      if (seen.has(natural)) continue;
      seen.add(natural);
      const slug = slugify(pollster);
      if (!pollsters.has(slug)) pollsters.set(slug, { slug, name: pollster, country: 'United States' });
      const results = (
        [
          ['yes', row.Yes],
          ['no', row.No],
          ['unsure', row.Unsure],
        ] as const
      )
        .map(([optionKey, cell]) => ({ optionKey, percent: numberOrNull(cell) }))
        .filter((r): r is { optionKey: 'yes' | 'no' | 'unsure'; percent: number } => r.percent !== null);
      const breakdowns = FTE_PARTIES.flatMap(([prefix, subgroup]) => {
        const values = [
          ['yes', numberOrNull(row[`${prefix} Yes`])],
          ['no', numberOrNull(row[`${prefix} No`])],
        ] as const;
        const present = values.filter((v): v is readonly [(typeof v)[0], number] => v[1] !== null);
        if (present.length === 0) return [];
        return [
          {
            dimension: 'party',
            subgroup,
            sampleSize: numberOrNull(row[`${prefix} Sample`]),
            results: present.map(([optionKey, percent]) => ({ optionKey, percent })),
          },
        ];
      });
      const sponsor = (row.Sponsor ?? '').trim();
      const notes = [row.tracking === 'TRUE' ? 'Tracking poll.' : '', (row.Notes ?? '').trim(), 'From FiveThirtyEight’s impeachment polls (CC BY 4.0).'].filter(
        (t) => t !== '',
      );
      polls.push({
        // CSV line = index + 2 (the header is line 1): stable as long as the file is only appended to.
        externalKey: `seed:fte_impeachment:${index + 2}`,
        pollsterSlug: slug,
        sponsorName: sponsor === '' ? null : sponsor,
        fieldStart: usDate(row.Start ?? ''),
        fieldEnd: usDate(row.End ?? ''),
        datePrecision: 'day',
        sampleSize: numberOrNull(row.SampleSize),
        population: FTE_POPULATIONS[row.Pop ?? ''] ?? null,
        sourceUrls: splitUrls(row.URL ?? ''),
        notes: notes.join(' '),
        questions: [{ questionSlug: spec.slug, wording, wordingKey: key, results, breakdowns }],
      });
    }
  }
  return { polls, pollsters: [...pollsters.values()] };
}

interface ObservationSeed extends TObservationFacts {
  externalKey: string;
  periodStart: Date;
  kind: 'actual' | 'estimate' | 'target' | 'forecast';
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
  const impeachment = impeachmentPolls(dataDir);
  const polls = [...kurilPolls(dataDir), ...putinPolls(dataDir), ...impeachment.polls];
  const indicators = tradeIndicators(dataDir);
  // Only the pollsters the polls name are created, as before.
  const named = new Set(polls.map((p) => p.pollsterSlug));
  const pollsters = [...Object.values(POLLSTERS), ...impeachment.pollsters].filter((p) => named.has(p.slug));
  return runWrite(db, { actor: null, source: 'seed', timeout: 120_000, maxWait: 30_000 }, async (w) => {
    const written = await writePollsBulk(
      w,
      {
        pollsters,
        questions: [DEMO_QUESTIONS.kuril, DEMO_QUESTIONS.kurilResidents, DEMO_QUESTIONS.putin, DEMO_QUESTIONS.impeach, DEMO_QUESTIONS.impeachRemove].map(
          bulkQuestion,
        ),
        polls,
      },
      { existingPolls: 'skip', existingCatalog: 'keep' },
    );
    const { observationsCreated } = await writeIndicatorsBulk(w, indicators);
    const pollsCreated = written.pollsCreated;
    if (pollsCreated + observationsCreated > 0)
      await w.audit({ entity: 'Seed', entityId: 'demo', action: 'seed', after: { pollsCreated, observationsCreated } });
    return { pollsCreated, observationsCreated };
  });
}
