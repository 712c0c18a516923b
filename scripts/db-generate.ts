/**
 * `npm run db:generate` (also postinstall): write prisma/postgresql/schema.prisma from
 * prisma/schema.prisma, then `prisma generate` both clients — lib/generated/prisma (SQLite) and
 * lib/generated/prisma-postgresql (PostgreSQL); lib/db/index.ts picks one by DATABASE_URL.
 * `--check` only verifies that the committed PostgreSQL schema is current (exit 1 when it drifted).
 *
 * Offline: the CLI insists on a schema-engine binary path even though generate never runs it, so
 * PRISMA_SCHEMA_ENGINE_BINARY points at an existing file (ARCHITECTURE §2).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expectedPostgresSchema, POSTGRES_SCHEMA_PATH, SQLITE_SCHEMA_PATH } from './lib/postgres-schema';

const expected = expectedPostgresSchema();
let current: string | undefined;
try {
  current = readFileSync(POSTGRES_SCHEMA_PATH, 'utf8');
} catch {
  current = undefined;
}

if (process.argv.includes('--check')) {
  if (current === expected) {
    console.log(`db:generate: ${POSTGRES_SCHEMA_PATH} is up to date`);
    process.exit(0);
  }
  console.error(`db:generate: ${POSTGRES_SCHEMA_PATH} is out of date with ${SQLITE_SCHEMA_PATH}; run npm run db:generate`);
  process.exit(1);
}

if (current !== expected) {
  mkdirSync(path.dirname(POSTGRES_SCHEMA_PATH), { recursive: true });
  writeFileSync(POSTGRES_SCHEMA_PATH, expected);
  console.log(`db:generate: wrote ${POSTGRES_SCHEMA_PATH}`);
}

const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1' };
const prismaBin = path.join(process.cwd(), 'node_modules', '.bin', 'prisma');
for (const schema of [SQLITE_SCHEMA_PATH, POSTGRES_SCHEMA_PATH]) {
  const result = spawnSync(prismaBin, ['generate', '--schema', schema], { stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
