import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectedPostgresSchema, POSTGRES_SCHEMA_PATH, renderPostgresSchema } from '../../scripts/lib/postgres-schema';

const root = path.resolve(import.meta.dirname, '..', '..');

describe('the PostgreSQL schema is generated from prisma/schema.prisma', () => {
  it('the committed copy is current (run npm run db:generate after editing prisma/schema.prisma)', () => {
    expect(readFileSync(path.join(root, POSTGRES_SCHEMA_PATH), 'utf8')).toBe(expectedPostgresSchema(root));
  });

  it('swaps only the provider and the client output', () => {
    const source =
      'generator client {\n  provider = "prisma-client"\n  output   = "../lib/generated/prisma"\n}\n\ndatasource db {\n  provider = "sqlite"\n}\n\nmodel A {\n  id Int @id\n}\n';
    const rendered = renderPostgresSchema(source);
    expect(rendered).toContain('provider = "postgresql"');
    expect(rendered).toContain('output   = "../../lib/generated/prisma-postgresql"');
    expect(rendered).toContain('model A {\n  id Int @id\n}');
    expect(
      rendered
        .split('\n')
        .filter((line) => !line.startsWith('//'))
        .join('\n')
        .replace('"postgresql"', '"sqlite"')
        .replace('../../lib/generated/prisma-postgresql', '../lib/generated/prisma')
        .trim(),
    ).toBe(source.trim());
  });

  it('refuses a schema it cannot swap', () => {
    expect(() => renderPostgresSchema('datasource db {\n  provider = "mysql"\n}\n')).toThrow(/provider = "sqlite"/);
  });
});
