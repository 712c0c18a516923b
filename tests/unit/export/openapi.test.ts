import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '@/lib/api/openapi';

type Json = Record<string, unknown>;

/** Every `$ref` in the document, with the JSON pointer it names resolved against the root. */
function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) refs(n, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

function resolve(root: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Json)[key] : undefined), root);
}

describe('OpenAPI document', () => {
  const doc = JSON.parse(JSON.stringify(buildOpenApiDocument())) as Json & { paths: Record<string, Record<string, Json>> };

  it('is an OpenAPI 3.1 document with info and paths', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/questions',
        '/api/v1/questions/{slug}',
        '/api/v1/questions/{slug}/trend.csv',
        '/api/v1/polls/{id}/results.json',
        '/api/v1/compare.csv',
        '/api/v1/openapi.json',
      ]),
    );
  });

  it('gives every operation responses, and declares every path parameter', () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const op of Object.values(item)) {
        expect(Object.keys((op.responses ?? {}) as Json).length, path).toBeGreaterThan(0);
        const declared = ((op.parameters ?? []) as { name: string; in: string }[]).filter((p) => p.in === 'path').map((p) => p.name);
        const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        expect(declared.sort(), path).toEqual(inPath.sort());
      }
    }
  });

  it('resolves every $ref', () => {
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(5);
    for (const r of all) expect(resolve(doc, r), r).toBeDefined();
  });

  it('documents the query from the zod schema and the CSV columns from the column definitions', () => {
    const trend = doc.paths['/api/v1/questions/{slug}/trend.csv']?.get as Json;
    const method = (trend.parameters as { name: string; schema: { enum?: string[] } }[]).find((p) => p.name === 'method');
    expect(method?.schema.enum).toEqual(['weighted', 'mean', 'loess', 'kalman']);
    const ok = (trend.responses as Json)['200'] as { 'x-csv-columns': { name: string }[] };
    expect(ok['x-csv-columns'].map((c) => c.name)).toContain('band80_low');
    const detail = (doc.components as { schemas: Record<string, Json> }).schemas.QuestionDetail;
    expect(detail?.type).toBe('object');
  });
});
