import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * lib/writes is the only code that writes polls, results, breakdowns, questions, options,
 * pollsters, indicators, observations and corrections: there the audit row and the freshness
 * signal's ChangeLog row are written in the same transaction. This scans the project's source for
 * Prisma writes (create/update/upsert/delete…) and raw INSERT/UPDATE/DELETE on those tables
 * anywhere else, and fails naming the file and line.
 */

const ROOT = process.cwd();
const SCANNED = ['app', 'lib', 'components', 'scripts', 'prisma', 'proxy.ts'];
const SKIPPED_DIRS = new Set(['node_modules', 'generated', '.next']);

/**
 * Files allowed to write the tables directly, each with its reason.
 * - lib/writes: the write path itself.
 * - scripts/bench/synthetic.ts: builds a fresh benchmark database file before any server runs
 *   (100k–1M polls through prepared statements); it sets ChangeControl.appWrite itself.
 */
const ALLOWED = [/^lib\/writes\//, /^scripts\/bench\/synthetic\.ts$/];

const MODELS = [
  'pollster',
  'question',
  'questionOption',
  'poll',
  'pollQuestion',
  'result',
  'breakdown',
  'breakdownResult',
  'indicator',
  'observation',
  'correction',
];
const TABLES = MODELS.map((m) => `${m.charAt(0).toUpperCase()}${m.slice(1)}`);
const WRITE_METHODS = ['create', 'createMany', 'createManyAndReturn', 'update', 'updateMany', 'updateManyAndReturn', 'upsert', 'delete', 'deleteMany'];

const ORM_WRITE = new RegExp(`\\.(${MODELS.join('|')})\\s*\\.\\s*(${WRITE_METHODS.join('|')})\\s*\\(`, 'g');
const SQL_WRITE = new RegExp(`\\b(INSERT\\s+(?:OR\\s+\\w+\\s+)?INTO|UPDATE|DELETE\\s+FROM)\\s+"?(${TABLES.join('|')})"?(?=[\\s("]|$)`, 'g');

/** Marks a line that plays "SQL edited by hand" on purpose, e.g. to check the triggers see it. */
const HAND_EDIT_MARKER = 'write-path: hand edit on purpose';

export function findWrites(source: string): { line: number; text: string }[] {
  const found: { line: number; text: string }[] = [];
  source.split('\n').forEach((text, i) => {
    // A line that writes by hand on purpose (a test of the hand-edit triggers) says so.
    if (text.includes(HAND_EDIT_MARKER)) return;
    // Comments may show how a write looks (lib/audit/record.ts does): only code counts.
    const code = text.replace(/^\s*(\*|\/\/).*$/, '').replace(/\s\/\/.*$/, '');
    ORM_WRITE.lastIndex = 0;
    SQL_WRITE.lastIndex = 0;
    if (ORM_WRITE.test(code) || SQL_WRITE.test(code)) found.push({ line: i + 1, text: text.trim() });
  });
  return found;
}

function sourceFiles(entry: string): string[] {
  const full = path.join(ROOT, entry);
  if (statSync(full).isFile()) return /\.(ts|tsx|mts|mjs|js)$/.test(entry) ? [entry] : [];
  return readdirSync(full).flatMap((name) => (SKIPPED_DIRS.has(name) ? [] : sourceFiles(path.join(entry, name))));
}

describe('one write path (lib/writes)', () => {
  it('finds the writes it must find (the scan can fail)', () => {
    expect(findWrites('await tx.poll.create({ data })')).toHaveLength(1);
    expect(findWrites('await db.breakdownResult.deleteMany({ where })')).toHaveLength(1);
    expect(findWrites('await tx.questionOption\n  .upsert({})')).toHaveLength(0); // split lines are a known blind spot
    expect(findWrites('sqlite.prepare(\'INSERT INTO "Result" (a) VALUES (?)\')')).toHaveLength(1);
    expect(findWrites('await tx.$executeRawUnsafe(`UPDATE "Poll" SET "notes" = 1`)')).toHaveLength(1);
    expect(findWrites('DELETE FROM Observation WHERE id = 1')).toHaveLength(1);
    // Reads and other tables are fine.
    expect(findWrites('await db.poll.findMany({})')).toHaveLength(0);
    expect(findWrites('await tx.user.update({ where, data })')).toHaveLength(0);
    expect(findWrites('await tx.auditEvent.create({ data })')).toHaveLength(0);
    expect(findWrites('UPDATE "PollsterAlias" SET x = 1')).toHaveLength(0);
    expect(findWrites(' * await tx.poll.create({ data });')).toHaveLength(0);
    expect(findWrites(`db.prepare('DELETE FROM "Poll"').run(); // ${HAND_EDIT_MARKER}`)).toHaveLength(0);
  });

  it('no module outside lib/writes writes polls, questions, pollsters, indicators or their children', () => {
    const offenders: string[] = [];
    const files = SCANNED.flatMap(sourceFiles).map((f) => f.split(path.sep).join('/'));
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      if (ALLOWED.some((re) => re.test(file))) continue;
      for (const hit of findWrites(readFileSync(path.join(ROOT, file), 'utf8'))) offenders.push(`${file}:${hit.line}: ${hit.text}`);
    }
    expect(offenders, `write through lib/writes instead:\n${offenders.join('\n')}`).toEqual([]);
  });

  it('the write path itself is found by the scan (so the allow-list is what lets it through)', () => {
    const hits = sourceFiles('lib/writes').flatMap((f) => findWrites(readFileSync(path.join(ROOT, f), 'utf8')));
    expect(hits.length).toBeGreaterThan(5);
  });
});
