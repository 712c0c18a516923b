/**
 * `npm run db:export -- polls.csv` — write a full dump of DATABASE_URL to a file with the same
 * serialiser as /api/v1/export/*. The dump and format follow the file name (`polls.csv`,
 * `polls.json`, `indicators.csv`, `indicators.json`; `--dump polls|indicators` to override);
 * `--bom` prefixes the UTF-8 BOM; `-` writes to stdout. The file is written next to its target and
 * renamed at the end, so a failed export never leaves a truncated file behind.
 */
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { createDbClient } from '@/lib/db';
import { getEnv } from '@/lib/config/env';
import { dumpBody, type DumpName } from '@/lib/export/http';

function usage(message: string): never {
  console.error(`db:export: ${message}\nusage: npm run db:export -- <file.csv|file.json|-> [--dump polls|indicators] [--bom] [--format csv|json]`);
  process.exit(2);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) usage(`${name} needs a value`);
    args.splice(i, 2);
    return value;
  };
  const dumpFlag = flag('--dump');
  const formatFlag = flag('--format');
  const bomIndex = args.indexOf('--bom');
  const bom = bomIndex >= 0;
  if (bom) args.splice(bomIndex, 1);
  const target = args[0];
  if (!target || args.length > 1) usage('give exactly one output file');
  const ext = path.extname(target).slice(1).toLowerCase();
  const format = formatFlag ?? (ext === 'json' ? 'json' : 'csv');
  if (format !== 'csv' && format !== 'json') usage(`unknown format ${format}`);
  const dump = (dumpFlag ?? (/indicator/i.test(path.basename(target)) ? 'indicators' : 'polls')) as DumpName;
  if (dump !== 'polls' && dump !== 'indicators') usage(`unknown dump ${String(dump)}`);

  const databaseUrl = getEnv().DATABASE_URL;
  const db = createDbClient(databaseUrl);
  const started = performance.now();
  try {
    const body = Readable.fromWeb(dumpBody(db, dump, { format, bom, databaseUrl }) as NodeReadableStream<Uint8Array>);
    if (target === '-') {
      await pipeline(body, process.stdout);
      return;
    }
    const temp = `${target}.partial-${process.pid}`;
    try {
      await pipeline(body, createWriteStream(temp));
      renameSync(temp, target);
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
    console.error(`db:export: wrote ${dump} (${format}) to ${target} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(`db:export: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
