import { z } from 'zod';
import type { AppErrorCode } from '@/lib/errors/app-error';
import { ZCompareInput, ZIndicatorViewInput, ZQuestionViewInput } from '@/lib/schemas/views';

/**
 * Response schemas of the read API (/api/v1). Field names are a public contract: add fields, never
 * rename or remove them. Every route parses its payload through one of these before answering, so
 * the OpenAPI document generated from them later (z.toJSONSchema) describes what is really sent.
 * Shares, intervals, estimates and bands are in percent / percentage points (74, not 0.74).
 */

export const ZInterval = z
  .object({ low: z.number(), high: z.number(), level: z.number(), method: z.enum(['wilson', 'wald']) })
  .describe('Interval in percent; level is a proportion (0.95)');

export const ZBand = z.tuple([z.number(), z.number()]);
export const ZBands = z.object({ '50': ZBand, '80': ZBand, '95': ZBand });

export const ZDesignEffect = z.object({
  value: z.number(),
  origin: z.enum(['reported', 'reported-below-1', 'derived-from-moe', 'assumed']),
});

/** The HTTP status each AppError code answers with; every /api route maps errors through this. */
export const API_ERROR_STATUS = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  THROTTLED: 429,
  INTERNAL: 500,
  BUSY: 503,
} as const satisfies Record<AppErrorCode, number>;

const API_ERROR_CODES = Object.keys(API_ERROR_STATUS) as [AppErrorCode, ...AppErrorCode[]];

/** The one error shape of every /api route (lib/api/respond.ts `handle()` writes it). */
export const ZError = z
  .object({
    error: z.object({
      code: z.enum(API_ERROR_CODES).describe('Machine-readable: VALIDATION (400), NOT_FOUND (404), UNAUTHENTICATED (401), INTERNAL (500), …'),
      status: z.number().int().describe('The HTTP status, repeated for clients that only see the body'),
      message: z.string().describe('For people: names the parameter at fault and the value received'),
      parameter: z.string().optional().describe('The query or path parameter at fault (400 only)'),
      issues: z
        .array(z.object({ field: z.string(), message: z.string() }))
        .optional()
        .describe('Every problem found in the parameters, one per field (400 only)'),
    }),
  })
  .describe('Error: `{ error: { code, status, message, parameter?, issues? } }`');

export const ZOption = z.object({ key: z.string(), label: z.string() });

export const ZQuestionListItem = z.object({
  slug: z.string(),
  title: z.string(),
  wording: z.string(),
  topic: z.string().nullable(),
  country: z.string().nullable(),
  population: z.string().nullable(),
  options: z.array(ZOption),
  pollCount: z.number().int(),
  lastFieldEnd: z.string().nullable(),
  url: z.string(),
  apiUrl: z.string(),
});

export const ZWordingText = z
  .object({
    language: z.string().describe('BCP 47 language code'),
    text: z.string(),
    role: z.enum(['original', 'translation']),
    status: z.string().describe('questionnaire | press-report | translation'),
    sourceUrl: z.string().nullable(),
    sourceNote: z.string().nullable(),
  })
  .describe('The wording in another language, with its source');

export const ZPollShort = z.object({
  id: z.number().int(),
  pollster: z.object({ slug: z.string(), name: z.string() }),
  fieldStart: z.string().nullable(),
  fieldEnd: z.string().nullable(),
  datePrecision: z.string(),
  sampleSize: z.number().int().nullable(),
  wording: z.string(),
  wordingKey: z.string(),
  askedLanguage: z.string().nullable().describe('Language the question was asked in; null = not recorded'),
  wordingLanguage: z.string().nullable().describe('Language of `wording`'),
  texts: z.array(ZWordingText),
  results: z.array(z.object({ option: z.string(), percent: z.number() })),
  url: z.string(),
});

export const ZTrendPoint = z.object({
  date: z.string(),
  option: z.string(),
  wordingKey: z.string(),
  estimate: z.number(),
  bands: ZBands,
});

export const ZTrendSeries = z.object({
  option: z.string(),
  wordingKey: z.string(),
  wording: z.string(),
  isMain: z.boolean(),
  pollCount: z.number().int(),
  parameters: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  lineNote: z.string().nullable(),
});

export const ZHouseEffect = z.object({
  option: z.string(),
  pollster: z.string(),
  pollsterSlug: z.string(),
  polls: z.number().int(),
  effect: z.number(),
  meanResidual: z.number(),
  low: z.number(),
  high: z.number(),
  shrinkage: z.number(),
});

export const ZWaveChange = z.object({
  option: z.string(),
  pollId: z.number().int(),
  previousPollId: z.number().int(),
  pollster: z.string(),
  wordingKey: z.string(),
  date: z.string(),
  percent: z.number(),
  previousPercent: z.number(),
  change: z.number(),
  pValue: z.number(),
  /** Benjamini–Hochberg adjusted p across the table; null when the verdict is withheld (n imputed) */
  qValue: z.number().nullable(),
  z: z.number(),
  verdict: z.enum(['real change', 'within noise', 'withheld (n imputed)']),
  usesImputedN: z.boolean(),
  interval: ZBand,
});

/** Sent beside `data` when the answer is as of a release (`?release=`): the data as frozen in it. */
const ZReleaseRef = z
  .object({ version: z.string(), publishedAt: z.string(), url: z.string().describe('the release page') })
  .describe('The release this answer is as of (?release=): the data as frozen when it was published');

export const ZQuestionDetailResponse = z.object({
  release: ZReleaseRef.optional(),
  data: z.object({
    question: ZQuestionListItem.omit({ pollCount: true, lastFieldEnd: true }).extend({ notes: z.string().nullable() }),
    view: z.object({
      method: z.enum(['weighted', 'mean', 'loess', 'kalman']),
      from: z.string().nullable(),
      to: z.string().nullable(),
      pollster: z.string().nullable(),
      options: z.array(z.string()),
    }),
    polls: z.array(ZPollShort),
    trend: z.object({
      method: z.enum(['weighted', 'mean', 'loess', 'kalman']),
      parameters: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
      unit: z.literal('percent'),
      points: z.array(ZTrendPoint),
      series: z.array(ZTrendSeries),
    }),
    houseEffects: z.object({
      rows: z.array(ZHouseEffect),
      notShown: z.array(z.object({ option: z.string(), reason: z.string() })),
    }),
    changes: z.array(ZWaveChange),
  }),
});

export const ZLead = z.object({
  leader: z.string(),
  runnerUp: z.string(),
  lead: z.number(),
  moe: z.number().nullable(),
  interval: ZBand.nullable(),
  significant: z.boolean().nullable(),
});

export const ZDisclosureScore = z
  .object({
    score: z.number().describe('100 × items disclosed / items (see /methodology#disclosure-score)'),
    disclosed: z.number().int(),
    total: z.number().int(),
    items: z.array(z.object({ key: z.string(), label: z.string(), disclosed: z.boolean() })),
  })
  .describe('AAPOR disclosure score of a poll: an item not entered counts as not disclosed');

export const ZPollDetail = z.object({
  id: z.number().int(),
  pollster: z.object({ slug: z.string(), name: z.string() }),
  sponsor: z.string().nullable(),
  fieldStart: z.string().nullable(),
  fieldEnd: z.string().nullable(),
  datePrecision: z.string(),
  publishedAt: z.string().nullable(),
  population: z.string().nullable(),
  mode: z.string().nullable(),
  modeDetail: z.string().nullable(),
  samplingFrame: z.string().nullable(),
  weighting: z.string().nullable(),
  reportedMoe: z.number().nullable(),
  moeConfidence: z.number().nullable(),
  sampleSize: z.number().int().nullable(),
  designEffect: ZDesignEffect.nullable(),
  effectiveSampleSize: z.number().nullable(),
  impossibleMoe: z.object({ reportedMoe: z.number(), srsMoe: z.number() }).nullable(),
  questions: z.array(
    z.object({
      question: z.object({ slug: z.string(), title: z.string() }),
      wording: z.string(),
      wordingKey: z.string(),
      askedLanguage: z.string().nullable(),
      wordingLanguage: z.string().nullable(),
      wordingExact: z.boolean().nullable().describe('true = `wording` is the questionnaire text; false = a summary; null = not known'),
      texts: z.array(ZWordingText),
      results: z.array(z.object({ option: z.string(), label: z.string(), percent: z.number(), interval: ZInterval.nullable() })),
      lead: ZLead.nullable(),
      breakdowns: z.array(
        z.object({
          dimension: z.string(),
          subgroup: z.string(),
          sampleSize: z.number().int().nullable(),
          results: z.array(z.object({ option: z.string(), percent: z.number().nullable(), interval: ZInterval.nullable() })),
        }),
      ),
    }),
  ),
  disclosure: z.array(z.object({ item: z.string(), label: z.string(), disclosed: z.boolean(), value: z.string().nullable() })),
  disclosureScore: ZDisclosureScore,
  sourceUrls: z.array(z.string()),
  corrections: z.array(z.object({ id: z.number().int(), note: z.string(), createdAt: z.string() })),
  url: z.string(),
});
export const ZPollDetailResponse = z.object({ release: ZReleaseRef.optional(), data: ZPollDetail });

export const ZHerdingResult = z.object({
  verdict: z.enum(['herding', 'consistent', 'overdispersed', 'too-few-polls']).describe('herding = varies less than sampling noise allows'),
  test: z.string(),
  level: z.number(),
  polls: z.number().int(),
  series: z.number().int(),
  statistic: z.number().nullable().describe('χ² statistic X'),
  df: z.number().int(),
  dispersionRatio: z.number().nullable(),
  pValue: z.number().nullable().describe('lower-tail p: P(χ² ≤ X)'),
  pValueUpper: z.number().nullable(),
  minPolls: z.number().int(),
  caveat: z.string(),
});

const ZAccuracyInterval = z.object({ low: z.number(), high: z.number(), level: z.number(), method: z.literal('percentile bootstrap') });

export const ZPollsterDetailResponse = z.object({
  release: ZReleaseRef.extend({
    outcomes: z
      .enum(['release', 'current'])
      .describe(
        'what `accuracy` is scored on: the outcomes and polls frozen in the release, or (a release published before outcomes were frozen) the current ones',
      ),
  }).optional(),
  data: z.object({
    slug: z.string(),
    name: z.string(),
    country: z.string().nullable(),
    website: z.string().nullable(),
    aaporMember: z.boolean().nullable(),
    esomarMember: z.boolean().nullable(),
    pollCount: z.number().int(),
    disclosureScore: z
      .object({
        polls: z.number().int(),
        score: z.number().nullable(),
        items: z.array(z.object({ key: z.string(), label: z.string(), disclosed: z.number().int(), share: z.number() })),
        byYear: z.array(z.object({ year: z.number().int(), polls: z.number().int(), score: z.number() })),
        trendPerYear: z.number().nullable().describe('OLS slope of poll scores on fieldwork year, points a year'),
      })
      .describe('Mean AAPOR disclosure score of its polls (see /methodology#disclosure-score)'),
    herding: z.array(
      z.object({
        question: z.string(),
        option: z.string(),
        trendMethod: z.string(),
        pooled: ZHerdingResult,
        bySeries: z.array(
          z.object({
            wordingKey: z.string(),
            wording: z.string(),
            polls: z.number().int(),
            reference: z.enum(['other-pollsters', 'leave-one-out', 'none']),
            result: ZHerdingResult,
          }),
        ),
      }),
    ),
    accuracy: z
      .object({
        windowDays: z.number().int(),
        outcomes: z.number().int().describe('races (outcomes) its scored polls cover'),
        record: z
          .object({
            polls: z.number().int(),
            mae: z.number(),
            maeInterval: ZAccuracyInterval.nullable(),
            bias: z.number().describe('mean signed error of the first option’s margin; positive = lead overstated'),
            biasInterval: ZAccuracyInterval.nullable(),
          })
          .nullable(),
        method: z.object({ name: z.string(), label: z.string(), resamples: z.number().int() }),
        polls: z.array(
          z.object({
            pollId: z.number().int(),
            outcome: z.string(),
            outcomeDate: z.string(),
            fieldEnd: z.string(),
            pollMargin: z.number(),
            outcomeMargin: z.number(),
            error: z.number(),
          }),
        ),
        reason: z.string().nullable(),
      })
      .describe('Record against entered outcomes (see /methodology#accuracy)'),
    url: z.string(),
  }),
});

const ZReleaseDumps = z.object({ pollsCsv: z.string(), pollsJson: z.string(), indicatorsCsv: z.string(), indicatorsJson: z.string() });
const ZChangelogEntry = z.object({
  exportKey: z.string(),
  pollId: z.number().int().nullable(),
  pollster: z.string(),
  fieldEnd: z.string().nullable(),
  questions: z.array(z.string()),
  changed: z.array(z.string()).optional().describe('for a correction: the dump columns whose values changed'),
});

const ZOutcomeChangelogEntry = z.object({
  key: z.string().describe('<question slug>/<wording key>'),
  question: z.string(),
  label: z.string(),
  date: z.string(),
  changed: z.array(z.string()).optional().describe('for a correction: the fields whose values changed'),
});

export const ZReleaseListResponse = z.object({
  data: z.array(
    z.object({
      version: z.string(),
      title: z.string(),
      publishedAt: z.string(),
      pollsSha256: z.string(),
      pollsRows: z.number().int(),
      indicatorsSha256: z.string(),
      indicatorsRows: z.number().int(),
      counts: z.object({ added: z.number().int(), corrected: z.number().int(), removed: z.number().int() }),
      dumps: ZReleaseDumps,
      url: z.string(),
      apiUrl: z.string(),
    }),
  ),
});

export const ZReleaseDetailResponse = z.object({
  data: z.object({
    version: z.string(),
    title: z.string(),
    notes: z.string().nullable(),
    publishedAt: z.string(),
    pollsSha256: z.string().describe('SHA-256 of the frozen polls CSV'),
    pollsRows: z.number().int(),
    indicatorsSha256: z.string(),
    indicatorsRows: z.number().int(),
    changelog: z
      .object({
        added: z.array(ZChangelogEntry),
        corrected: z.array(ZChangelogEntry),
        removed: z.array(ZChangelogEntry),
        outcomes: z
          .object({ added: z.array(ZOutcomeChangelogEntry), corrected: z.array(ZOutcomeChangelogEntry), removed: z.array(ZOutcomeChangelogEntry) })
          .optional()
          .describe('Outcomes added, corrected or removed (absent for releases published before outcomes were frozen)'),
      })
      .describe('Against the previous release'),
    outcomes: z
      .object({
        frozen: z.boolean().describe('false: published before outcomes were frozen; accuracy as of it is scored on the current outcomes'),
        sha256: z.string().nullable().describe('SHA-256 of the stored JSON {"schema_version":1,"outcomes":[…]}'),
        rows: z.number().int().nullable(),
        items: z
          .array(
            z.object({
              key: z.string().describe('<question slug>/<wording key>'),
              question_slug: z.string(),
              question_title: z.string(),
              wording_key: z.string(),
              label: z.string(),
              kind: z.string(),
              date: z.string(),
              source_url: z.string().nullable(),
              source_name: z.string().nullable(),
              notes: z.string().nullable(),
              results: z.array(z.object({ option_key: z.string(), option_label: z.string(), option_position: z.number().int(), percent: z.number() })),
            }),
          )
          .nullable(),
      })
      .describe('The outcomes (elections, referendums, measured results) frozen with the release: what accuracy as of it is scored against'),
    citation: z.object({ apa: z.string(), bibtex: z.string(), cslJson: z.record(z.string(), z.unknown()) }),
    dumps: ZReleaseDumps,
    url: z.string(),
  }),
});

export const ZPagination = z.object({
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
  totalPages: z.number().int(),
  next: z.string().nullable(),
  prev: z.string().nullable(),
});
export const ZQuestionListResponse = z.object({ data: z.array(ZQuestionListItem), pagination: ZPagination });

export const ZPollListResponse = z.object({
  data: z.array(
    ZPollShort.omit({ wording: true, wordingKey: true, askedLanguage: true, wordingLanguage: true, texts: true, results: true }).extend({
      questions: z.array(z.string()),
      apiUrl: z.string(),
    }),
  ),
  pagination: ZPagination,
});

export const ZObservation = z.object({
  period: z.string(),
  periodType: z.string(),
  year: z.number().int(),
  value: z.number(),
  kind: z.enum(['actual', 'estimate', 'target', 'forecast']),
  role: z.enum(['actual', 'estimate', 'forecast', 'alternative', 'partial-year', 'target']),
  drawn: z.boolean(),
  basis: z.string().nullable(),
  derived: z.boolean(),
  sourceName: z.string().nullable(),
  sourceUrl: z.string().nullable(),
  notes: z.string().nullable(),
});

export const ZIndicatorListItem = z.object({
  slug: z.string(),
  name: z.string(),
  unit: z.string(),
  topic: z.string().nullable(),
  country: z.string().nullable(),
  latest: z.object({ period: z.string(), value: z.number() }).nullable(),
  target: z.object({ value: z.number() }).nullable(),
  gap: z.number().nullable(),
  url: z.string(),
  apiUrl: z.string(),
});
export const ZIndicatorListResponse = z.object({ data: z.array(ZIndicatorListItem) });

export const ZIndicatorDetailResponse = z.object({
  data: z.object({
    slug: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    unit: z.string(),
    source: z.string().nullable(),
    observations: z.array(ZObservation),
    target: z
      .object({
        value: z.number(),
        period: z.string(),
        basis: z.string().nullable(),
        sourceName: z.string().nullable(),
        sourceUrl: z.string().nullable(),
        hasDeadline: z.boolean(),
      })
      .nullable(),
    latestActual: z.object({ period: z.string(), year: z.number().int(), value: z.number() }).nullable(),
    gap: z.object({ absolute: z.number(), relative: z.number().nullable(), reached: z.boolean() }).nullable(),
    requiredGrowth: z.object({ byYear: z.number().int(), isDefaultYear: z.boolean(), years: z.number().int(), rate: z.number() }).nullable(),
    cagr: z.object({ fromYear: z.number().int(), toYear: z.number().int(), rate: z.number() }).nullable(),
    ols: z.object({ slope: z.number(), rSquared: z.number().nullable(), n: z.number().int() }).nullable(),
    yoy: z.array(z.object({ year: z.number().int(), previousYear: z.number().int(), change: z.number(), involvesEstimate: z.boolean() })),
    url: z.string(),
  }),
});

// ---------------------------------------------------------------------------------------------
// Query schemas of the chart data URLs (`….csv` / `….json`): the page's view parameters plus `bom`.

/** `?bom=1` (CSV): prefix a UTF-8 byte order mark for Excel on Windows. */
export const ZBomQuery = z
  .enum(['1', '0', 'true', 'false'], { message: 'must be 1 or 0' })
  .optional()
  .transform((v) => v === '1' || v === 'true')
  .describe('1 = prefix the CSV with a UTF-8 byte order mark (for Excel on Windows)');

export const ZChartFileQuery = z.object({ bom: ZBomQuery });
/** `?release=2026.12.1`: the chart as of a published release (rebuilt from its frozen polls dump). */
export const ZReleaseParam = z
  .string()
  .regex(/^(19|20)\d{2}\.(1[0-2]|[1-9])\.[1-9]\d{0,2}$/, 'must be a release version like 2026.12.1')
  .optional()
  .describe('A published release (2026.12.1): the data as frozen in it');

export const ZChartQuestionQuery = ZQuestionViewInput.extend({ bom: ZBomQuery, release: ZReleaseParam });
/** `/api/v1/questions/{slug}`: the page's view parameters and `release`. */
export const ZQuestionDetailQuery = ZQuestionViewInput.extend({ release: ZReleaseParam });
/** `/api/v1/polls/{id}`, `/api/v1/pollsters/{slug}`: `release` (the pollster's `window` is read by its route). */
export const ZReleaseQuery = z.object({ release: ZReleaseParam });
export const ZChartIndicatorQuery = ZIndicatorViewInput.extend({ bom: ZBomQuery, release: ZReleaseParam });
export const ZChartCompareQuery = ZCompareInput.extend({ bom: ZBomQuery, release: ZReleaseParam });

/** Envelope of a chart data URL's `.json` (the CSV holds `rows` only). */
export const ZChartExportDocument = z.object({
  schema_version: z.number().int().describe('Version of this envelope and of the CSV column layouts'),
  generated_at: z.string().describe('ISO 8601 UTC time of the response'),
  chart: z.string().describe('Chart kind: distribution, trend, waves, house-effects, poll-results, indicator, yoy, compare'),
  title: z.string(),
  subtitle: z.string(),
  unit: z.string().describe('What the values are: percent, percentage points, or the indicator unit'),
  method: z.object({
    name: z.string(),
    label: z.string(),
    parameters: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
    anchor: z.string(),
  }),
  sources: z.array(z.object({ label: z.string(), urls: z.array(z.string()) })),
  page_url: z.string().describe('The page that shows this chart in this view'),
  data_url: z.string().describe('This document’s URL'),
  url_state: z.object({ path: z.string(), query: z.record(z.string(), z.string()) }),
  summary: z.string(),
  columns: z.array(z.object({ name: z.string(), type: z.string(), nullable: z.boolean(), description: z.string() })).describe('The CSV columns, in order'),
  rows: z.array(z.record(z.string(), z.unknown())).describe('The CSV rows with native JSON types (numbers, booleans, null)'),
  data: z.unknown().describe('The whole ChartData object the chart drew'),
});
