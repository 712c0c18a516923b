import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '@/lib/api/openapi';
import { QUESTION_CHARTS } from '@/lib/export/chart-export';

type Op = { parameters?: { name: string; in: string; schema?: { pattern?: string } }[]; responses?: Record<string, unknown> };

/**
 * `?release=` (issue #17): every route that serves data as of a release says so in the OpenAPI
 * document, with the version pattern and its 400/404 answers; routes that ignore it do not claim it.
 */
describe('OpenAPI: the release parameter', () => {
  const doc = buildOpenApiDocument() as { paths: Record<string, { get?: Op }> };
  const accepting = [
    ...QUESTION_CHARTS.flatMap((c) => [`/api/v1/questions/{slug}/${c}.csv`, `/api/v1/questions/{slug}/${c}.json`]),
    ...['series', 'yoy'].flatMap((c) => [`/api/v1/indicators/{slug}/${c}.csv`, `/api/v1/indicators/{slug}/${c}.json`]),
    '/api/v1/compare.csv',
    '/api/v1/compare.json',
    '/api/v1/export/polls.csv',
    '/api/v1/export/polls.json',
    '/api/v1/export/indicators.csv',
    '/api/v1/export/indicators.json',
    // The detail routes (gap 3 of issue #17): the question, poll and pollster as frozen.
    '/api/v1/questions/{slug}',
    '/api/v1/polls/{id}',
    '/api/v1/pollsters/{slug}',
  ];

  it.each(accepting)('%s documents ?release= with the version pattern and 400/404', (path) => {
    const op = doc.paths[path]?.get;
    expect(op, path).toBeDefined();
    const release = op?.parameters?.find((p) => p.name === 'release');
    expect(release?.in).toBe('query');
    const pattern = new RegExp(release?.schema?.pattern ?? '^$');
    expect(pattern.test('2026.12.1')).toBe(true);
    expect(pattern.test('2026.13.1')).toBe(false);
    expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining(['400', '404']));
  });

  it('is not claimed by routes that ignore it', () => {
    const claimed = Object.entries(doc.paths)
      .filter(([, item]) => item.get?.parameters?.some((p) => p.name === 'release'))
      .map(([path]) => path)
      .sort();
    expect(claimed).toEqual([...accepting].sort());
  });
});
