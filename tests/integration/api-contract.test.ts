import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { buildOpenApiDocument } from '@/lib/api/openapi';

// Route handlers use the app's `db` (built from DATABASE_URL at import time): point it at this
// file's own temp database first. Nothing is seeded: every request below must fail on its
// parameters before any row is read.
const dbFile = vi.hoisted(() => {
  const dir = `${process.env.TMPDIR ?? '/tmp'}/pollboard-api-contract-${process.pid}-${Date.now()}`;
  process.env.DATABASE_URL = `file:${dir}/test.db`;
  return `${dir}/test.db`;
});

type Json = Record<string, unknown>;
interface Parameter {
  name: string;
  in: 'query' | 'path';
  schema: Json;
}
interface Operation {
  parameters: Parameter[];
  responses: Record<string, Json>;
}
type Handler = (request: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

const API_DIR = path.resolve(import.meta.dirname, '../../app/api/v1');

/** Every route folder under app/api/v1, as its segments (`['questions', '[slug]', '[chart]']`). */
function routeFolders(dir: string, at: string[] = []): string[][] {
  const out: string[][] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) out.push(...routeFolders(path.join(dir, entry.name), [...at, entry.name]));
    else if (entry.name === 'route.ts') out.push(at);
  }
  return out;
}

/**
 * Does an OpenAPI path belong to a route folder? A dynamic folder `[x]` serves `{x}`, or a
 * concrete segment the document spells out (`[chart]` serves `trend.csv`, `waves.json`, …).
 */
function serves(folder: string[], apiPath: string): boolean {
  const segments = apiPath.replace(/^\/api\/v1\//, '').split('/');
  if (segments.length !== folder.length) return false;
  return folder.every((f, i) => {
    const s = segments[i] ?? '';
    return /^\[\w+\]$/.test(f) ? s === `{${f.slice(1, -1)}}` || !s.startsWith('{') : f === s;
  });
}

/** A value a parameter's documented schema refuses, or null when it accepts anything. */
function badValue(schema: Json): string | null {
  if (Array.isArray(schema.enum)) return 'not-one-of-them';
  if (schema.type === 'integer' || schema.type === 'number') return 'abc';
  if (typeof schema.pattern === 'string') return '!bad!';
  if (typeof schema.maxLength === 'number') return 'x'.repeat(schema.maxLength + 1);
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options)) for (const o of options as Json[]) if (badValue(o) !== null) return badValue(o);
  }
  return null;
}

/** A small JSON Schema check (the subset z.toJSONSchema writes for ZError): type, enum, properties, required. */
function violations(value: unknown, schema: Json, at = '$'): string[] {
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return [`${at}: ${JSON.stringify(value)} not in enum`];
  switch (schema.type) {
    case 'string':
      return typeof value === 'string' ? [] : [`${at}: not a string`];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${at}: not an integer`];
    case 'array':
      return Array.isArray(value) ? value.flatMap((v, i) => violations(v, (schema.items ?? {}) as Json, `${at}[${i}]`)) : [`${at}: not an array`];
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${at}: not an object`];
      const props = (schema.properties ?? {}) as Record<string, Json>;
      const record = value as Json;
      return [
        ...((schema.required ?? []) as string[]).filter((k) => !(k in record)).map((k) => `${at}.${k}: missing`),
        ...Object.keys(record)
          .filter((k) => !(k in props))
          .map((k) => `${at}.${k}: not documented`),
        ...Object.entries(record).flatMap(([k, v]) => (props[k] ? violations(v, props[k], `${at}.${k}`) : [])),
      ];
    }
    default:
      return [];
  }
}

/** A plausible value for a path parameter (the requests fail on another parameter first). */
const SAMPLE_PATH_VALUES: Record<string, string> = { slug: 'kuril-transfer', id: '1', version: '2026.12.1' };

const doc = JSON.parse(JSON.stringify(buildOpenApiDocument())) as { paths: Record<string, { get: Operation }>; components: { schemas: Record<string, Json> } };
const folders = routeFolders(API_DIR);
const errorSchema = doc.components.schemas.Error as Json;
let db: PrismaClient;

beforeAll(async () => {
  const { createMigratedSqliteFile } = await import('../support/sqlite-template');
  await createMigratedSqliteFile(dbFile);
  ({ db } = await import('@/lib/db'));
});

afterAll(async () => {
  await db.$disconnect();
  rmSync(path.dirname(dbFile), { recursive: true, force: true });
});

describe('every /api/v1 route against its OpenAPI document', () => {
  it('finds the route folders on disk, and each is in the document (and each documented path has a folder)', () => {
    expect(folders.length).toBeGreaterThan(0);
    for (const folder of folders) {
      expect(
        Object.keys(doc.paths).filter((p) => serves(folder, p)),
        folder.join('/'),
      ).not.toEqual([]);
    }
    for (const apiPath of Object.keys(doc.paths))
      expect(
        folders.filter((f) => serves(f, apiPath)),
        apiPath,
      ).not.toEqual([]);
  });

  it('documents the one Error schema for every 4xx and 5xx of every operation, and a 500 everywhere', () => {
    const operations = Object.entries(doc.paths);
    expect(operations.length).toBeGreaterThan(0);
    for (const [apiPath, { get }] of operations) {
      const failures = Object.entries(get.responses).filter(([status]) => Number(status) >= 400);
      expect(
        failures.map(([s]) => s),
        apiPath,
      ).toContain('500');
      for (const [status, response] of failures) {
        expect(response, `${apiPath} ${status}`).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
      }
    }
    expect(errorSchema.type).toBe('object');
  });

  it('answers a bad parameter on every route with a documented 400 in the Error shape, naming the parameter', async () => {
    let checked = 0;
    for (const folder of folders) {
      const apiPath = Object.keys(doc.paths).find((p) => serves(folder, p));
      const op = apiPath ? doc.paths[apiPath]?.get : undefined;
      if (!apiPath || !op) throw new Error(`${folder.join('/')} is not documented`);
      if (op.parameters.length === 0) {
        // Nothing a client can get wrong (indicators, releases, openapi.json): the 500 is documented above.
        continue;
      }
      // Query parameters first: a malformed slug in the path is a 404 by design (it is never echoed).
      const ordered = [...op.parameters.filter((p) => p.in === 'query'), ...op.parameters.filter((p) => p.in === 'path' && p.name !== 'slug')];
      const target = ordered.find((p) => badValue(p.schema) !== null);
      if (!target) throw new Error(`${apiPath}: no parameter with a documented constraint to break`);
      const bad = badValue(target.schema) ?? '';

      const params: Record<string, string> = {};
      const concrete = apiPath.replace(/\{(\w+)\}/g, (_m, name: string) => {
        const value = name === target.name ? bad : (SAMPLE_PATH_VALUES[name] ?? 'x');
        params[name] = value;
        return encodeURIComponent(value);
      });
      // Route folders named [chart] / [file] get the concrete segment of the documented path.
      folder.forEach((f, i) => {
        const segment = concrete.replace(/^\/api\/v1\//, '').split('/')[i] ?? '';
        if (/^\[\w+\]$/.test(f)) params[f.slice(1, -1)] ??= decodeURIComponent(segment);
      });
      const url = new URL(`http://localhost${concrete}`);
      if (target.in === 'query') url.searchParams.set(target.name, bad);

      const modulePath = path.join(API_DIR, ...folder, 'route.ts');
      const { GET } = (await import(/* @vite-ignore */ modulePath)) as { GET: Handler };
      const res = await GET(new Request(url), { params: Promise.resolve(params) });
      const label = `${url.pathname}${url.search}`;
      expect(res.status, label).toBe(400);
      expect(Object.keys(op.responses), label).toContain('400');
      expect(res.headers.get('content-type'), label).toMatch(/^application\/json/);
      const body = (await res.json()) as { error: { code: string; status: number; message: string; parameter?: string } };
      expect(violations(body, errorSchema), label).toEqual([]);
      expect(body.error, label).toMatchObject({ code: 'VALIDATION', status: 400, parameter: target.name });
      expect(body.error.message, label).toContain(`“${target.name}”`);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(0);
  });
});
