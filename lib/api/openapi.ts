import { z } from 'zod';
import type { CsvColumn } from '@/lib/export/csv';
import {
  ZChartCompareQuery,
  ZChartExportDocument,
  ZChartFileQuery,
  ZChartIndicatorQuery,
  ZChartQuestionQuery,
  ZError,
  ZIndicatorDetailResponse,
  ZIndicatorListResponse,
  ZPollDetailResponse,
  ZPollListResponse,
  ZPollsterDetailResponse,
  ZQuestionDetailQuery,
  ZQuestionDetailResponse,
  ZReleaseDetailResponse,
  ZReleaseQuery,
  ZReleaseListResponse,
  ZQuestionListResponse,
} from '@/lib/api/schemas';
import { ZIndicatorViewInput, ZPollListInput, ZQuestionListInput } from '@/lib/schemas/views';
import { CHART_TABLE_COLUMNS, QUESTION_CHARTS } from '@/lib/export/chart-export';
import { POLL_DUMP_COLUMNS } from '@/lib/export/polls-dump';
import { INDICATOR_DUMP_COLUMNS } from '@/lib/export/indicators-dump';
import { ZExportQuery } from '@/lib/export/http';
import { ZReleaseVersion } from '@/lib/releases/snapshot';
import { ZEventsQuery } from '@/lib/freshness/events';

const RELEASE_PARAM = {
  name: 'release',
  in: 'query',
  required: false,
  description: 'A published release (2026.12.1): the frozen bytes of that release, identical to its checksum',
  schema: jsonSchema(ZReleaseVersion, 'input'),
};

/**
 * The OpenAPI 3.1 document of /api/v1, generated from the zod schemas the routes parse their
 * queries and payloads with (z.toJSONSchema) and from the CsvColumn definitions the CSV writers
 * use — nothing is described twice, so the document cannot drift from what is sent.
 */

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const out = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  delete out.$schema;
  return out;
}

const RESPONSES = {
  QuestionList: ZQuestionListResponse,
  QuestionDetail: ZQuestionDetailResponse,
  PollList: ZPollListResponse,
  PollDetail: ZPollDetailResponse,
  PollsterDetail: ZPollsterDetailResponse,
  ReleaseList: ZReleaseListResponse,
  ReleaseDetail: ZReleaseDetailResponse,
  IndicatorList: ZIndicatorListResponse,
  IndicatorDetail: ZIndicatorDetailResponse,
  ChartExport: ZChartExportDocument,
  Error: ZError,
} as const;
type ComponentName = keyof typeof RESPONSES;

const ref = (name: ComponentName) => ({ $ref: `#/components/schemas/${name}` });

/** Query parameters from a zod object (input side: what a client sends). */
function queryParameters(schema: z.ZodObject): JsonSchema[] {
  const js = jsonSchema(schema, 'input');
  const props = (js.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((js.required ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => {
    const { description, ...rest } = s;
    return { name, in: 'query', required: required.has(name) && !('default' in s), ...(description ? { description } : {}), schema: rest };
  });
}

const pathParam = (name: string, description: string, pattern: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string', pattern },
});
const SLUG = '^[a-z0-9][a-z0-9_-]*$';

/**
 * The error answers of an operation, all in the one Error shape (lib/api/handle.ts): the 4xx it can
 * give, plus the 500 every route can give (logged on the server).
 */
function errors(...statuses: (400 | 404)[]) {
  const text = {
    400: 'Invalid parameter: code VALIDATION; `parameter` names it, `message` says what was received and what is expected, `issues` lists every problem',
    404: 'Not found: code NOT_FOUND',
    500: 'Internal error: code INTERNAL (logged on the server)',
  };
  return Object.fromEntries(
    [...statuses, 500 as const].map((s) => [String(s), { description: text[s], content: { 'application/json': { schema: ref('Error') } } }]),
  );
}

function columnDocs(columns: readonly CsvColumn<never>[]) {
  return columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable, description: c.description }));
}

function columnsMarkdown(columns: readonly CsvColumn<never>[]): string {
  return columns.map((c) => `- \`${c.name}\` (${c.type}${c.nullable ? ', may be empty' : ''}): ${c.description}`).join('\n');
}

const CACHE_NOTE = 'Sends a weak ETag and Last-Modified; If-None-Match / If-Modified-Since give 304 until the data changes.';
const NOT_MODIFIED = { description: 'Not modified (If-None-Match / If-Modified-Since matched)' };
const STREAM_NOTE =
  'Streamed: if reading fails after the first byte the connection is aborted (the download is incomplete, never a complete-looking file) and the server logs it.';

function csvResponse(columns: readonly CsvColumn<never>[], what: string) {
  return {
    description: `${what} (RFC 4180, header row, CRLF; text cells that could start a spreadsheet formula get a leading ').\n\nColumns:\n${columnsMarkdown(columns)}`,
    headers: { ETag: { schema: { type: 'string' } }, 'Content-Disposition': { schema: { type: 'string' } } },
    content: { 'text/csv': { schema: { type: 'string' } } },
    'x-csv-columns': columnDocs(columns),
  };
}

interface Op {
  summary: string;
  description?: string;
  parameters: JsonSchema[];
  responses: Record<string, unknown>;
  tags: string[];
}
const get = (op: Op) => ({ get: op });

function chartPaths(base: string, file: string, columns: readonly CsvColumn<never>[], params: JsonSchema[], query: z.ZodObject, what: string, tag: string) {
  const parameters = [...params, ...queryParameters(query)];
  return {
    [`${base}/${file}.csv`]: get({
      tags: [tag],
      summary: `${what} as CSV`,
      description: CACHE_NOTE,
      parameters,
      responses: { 200: csvResponse(columns, what), 304: NOT_MODIFIED, ...errors(400, 404) },
    }),
    [`${base}/${file}.json`]: get({
      tags: [tag],
      summary: `${what} as JSON (metadata, columns, rows and the chart's data)`,
      description: CACHE_NOTE,
      parameters,
      responses: { 200: { description: what, content: { 'application/json': { schema: ref('ChartExport') } } }, 304: NOT_MODIFIED, ...errors(400, 404) },
    }),
  };
}

export function buildOpenApiDocument(serverUrl = '/'): Record<string, unknown> {
  const slug = pathParam('slug', 'Slug of the question', SLUG);
  const indicatorSlug = pathParam('slug', 'Slug of the indicator', SLUG);
  const id = pathParam('id', 'Poll id (a positive whole number)', '^[0-9]{1,9}$');
  const json = (name: ComponentName, description: string) => ({ description, content: { 'application/json': { schema: ref(name) } } });
  const questionCharts = Object.assign(
    {},
    ...QUESTION_CHARTS.map((c) =>
      chartPaths('/api/v1/questions/{slug}', c, CHART_TABLE_COLUMNS[c], [slug], ZChartQuestionQuery, `The question's ${c} chart data`, 'Chart data'),
    ),
  ) as Record<string, unknown>;
  const dump = (name: 'polls' | 'indicators', columns: readonly CsvColumn<never>[]) => ({
    [`/api/v1/export/${name}.csv`]: get({
      tags: ['Dumps'],
      summary: `Every ${name === 'polls' ? 'poll result' : 'indicator observation'} (streamed CSV)`,
      description: `${CACHE_NOTE} ${STREAM_NOTE}`,
      parameters: [...queryParameters(ZExportQuery), RELEASE_PARAM],
      responses: { 200: csvResponse(columns, `Full ${name} dump`), 304: { description: 'Not modified' }, ...errors(400, 404) },
    }),
    [`/api/v1/export/${name}.json`]: get({
      tags: ['Dumps'],
      summary: `The same rows as JSON: {schema_version, generated_at, columns, rows}`,
      description: `${CACHE_NOTE} ${STREAM_NOTE}`,
      parameters: [...queryParameters(ZExportQuery), RELEASE_PARAM],
      responses: {
        200: { description: `Full ${name} dump`, content: { 'application/json': { schema: { type: 'object' } } }, 'x-csv-columns': columnDocs(columns) },
        304: { description: 'Not modified' },
        ...errors(400, 404),
      },
    }),
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'Pollboard API',
      version: '1',
      description:
        'Read-only, no authentication. Shares, intervals and bands are in percent (74, not 0.74). Every chart’s data is at its URL + .csv / .json. Every error answers the Error schema: { error: { code, status, message, parameter?, issues? } }.',
    },
    servers: [{ url: serverUrl }],
    paths: {
      '/api/v1/questions': get({
        tags: ['Questions'],
        summary: 'Tracked questions by title (paginated; q searches title, wording, topic, country and population)',
        parameters: queryParameters(ZQuestionListInput),
        responses: { 200: json('QuestionList', 'Questions'), 304: NOT_MODIFIED, ...errors(400) },
      }),
      '/api/v1/questions/{slug}': get({
        tags: ['Questions'],
        summary: 'A question with its polls, trend (chosen method), changes and house effects',
        description: 'With `release`: the question as frozen in that release (its polls dump), and `release` beside `data`.',
        parameters: [slug, ...queryParameters(ZQuestionDetailQuery)],
        responses: { 200: json('QuestionDetail', 'The question'), 304: NOT_MODIFIED, ...errors(400, 404) },
      }),
      ...questionCharts,
      '/api/v1/polls': get({
        tags: ['Polls'],
        summary: 'Polls, newest fieldwork first (paginated)',
        parameters: queryParameters(ZPollListInput),
        responses: { 200: json('PollList', 'Polls'), 304: NOT_MODIFIED, ...errors(400) },
      }),
      '/api/v1/polls/{id}': get({
        tags: ['Polls'],
        summary: 'A poll with intervals, lead and disclosure',
        description: 'With `release`: the poll as frozen in that release (no correction notes: they are not in the dump), and `release` beside `data`.',
        parameters: [id, ...queryParameters(ZReleaseQuery)],
        responses: { 200: json('PollDetail', 'The poll'), 304: NOT_MODIFIED, ...errors(400, 404) },
      }),
      ...chartPaths(
        '/api/v1/polls/{id}',
        'results',
        CHART_TABLE_COLUMNS.results,
        [id],
        ZChartFileQuery,
        'Every result of the poll with its interval',
        'Chart data',
      ),
      '/api/v1/pollsters/{slug}': get({
        tags: ['Pollsters'],
        summary:
          'A pollster’s transparency record: AAPOR disclosure score with its trend, herding check per question and wording, accuracy against outcomes with intervals',
        description:
          'With `release`: its polls and questions as frozen in that release, and the accuracy record scored on the outcomes frozen with it; a release published before outcomes were frozen scores it on the current outcomes and polls (`release.outcomes` = `current`).',
        parameters: [
          pathParam('slug', 'Slug of the pollster', SLUG),
          {
            name: 'window',
            in: 'query',
            required: false,
            description: 'Accuracy: days before an outcome a poll counts (default 21)',
            schema: { type: 'integer', minimum: 1, maximum: 3650, default: 21 },
          },
          ...queryParameters(ZReleaseQuery),
        ],
        responses: { 200: json('PollsterDetail', 'The pollster'), 304: NOT_MODIFIED, ...errors(400, 404) },
      }),
      '/api/v1/indicators': get({
        tags: ['Indicators'],
        summary: 'Indicators',
        parameters: [],
        responses: { 200: json('IndicatorList', 'Indicators'), 304: NOT_MODIFIED, ...errors() },
      }),
      '/api/v1/indicators/{slug}': get({
        tags: ['Indicators'],
        summary: 'An indicator: series, target, growth figures',
        parameters: [indicatorSlug, ...queryParameters(ZIndicatorViewInput)],
        responses: { 200: json('IndicatorDetail', 'The indicator'), 304: NOT_MODIFIED, ...errors(400, 404) },
      }),
      ...chartPaths(
        '/api/v1/indicators/{slug}',
        'series',
        CHART_TABLE_COLUMNS.series,
        [indicatorSlug],
        ZChartIndicatorQuery,
        'Every observation of the indicator',
        'Chart data',
      ),
      ...chartPaths(
        '/api/v1/indicators/{slug}',
        'yoy',
        CHART_TABLE_COLUMNS.yoy,
        [indicatorSlug],
        ZChartIndicatorQuery,
        'Year-on-year changes of the indicator',
        'Chart data',
      ),
      ...chartPaths(
        '/api/v1',
        'compare',
        CHART_TABLE_COLUMNS.compare,
        [],
        ZChartCompareQuery,
        'A question’s trend and an indicator on one time axis',
        'Chart data',
      ),
      ...dump('polls', POLL_DUMP_COLUMNS),
      ...dump('indicators', INDICATOR_DUMP_COLUMNS),
      '/api/v1/releases': get({
        tags: ['Releases'],
        summary: 'Citable releases, newest first',
        parameters: [],
        responses: { 200: json('ReleaseList', 'Releases'), ...errors() },
      }),
      '/api/v1/releases/{version}': get({
        tags: ['Releases'],
        summary: 'A release: checksums, row counts, changelog against the previous release, citation text (APA, BibTeX, CSL-JSON)',
        parameters: [pathParam('version', 'Release version', '^[0-9]{4}\\.[0-9]{1,2}\\.[0-9]{1,3}$')],
        responses: { 200: json('ReleaseDetail', 'The release'), ...errors(400, 404) },
      }),
      '/api/v1/events': get({
        tags: ['Meta'],
        summary: 'Live updates (Server-Sent Events): `event: change` whenever a committed write touches what the filter names (no filter = every change)',
        description: 'Never cached. When the server cannot watch the database it answers an empty stream with `retry: 5000`, so EventSource comes back.',
        parameters: queryParameters(ZEventsQuery),
        responses: { 200: { description: 'An event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } }, ...errors(400) },
      }),
      '/api/v1/openapi.json': get({
        tags: ['Meta'],
        summary: 'This document',
        parameters: [],
        responses: { 200: { description: 'OpenAPI 3.1 document', content: { 'application/json': { schema: { type: 'object' } } } }, ...errors() },
      }),
    },
    components: { schemas: Object.fromEntries(Object.entries(RESPONSES).map(([name, schema]) => [name, jsonSchema(schema, 'output')])) },
  };
}
