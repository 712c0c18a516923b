/**
 * `npm run bench`: the one benchmark command. Without a selection it runs the whole benchmark
 * (scripts/bench/run.ts: synthetic database, pages, HTTP, dumps, import, stats, JS size); with one
 * it runs only the named part, by spawning the script that measures it (the scripts keep their own
 * arguments, which are passed through):
 *
 *   npm run bench -- --only=stats            trend methods and house effects at 1k/10k/100k polls
 *   npm run bench -- --only=coverage --quick do the 50/80/95% bands hold a known truth?
 *   npm run bench -- --only=export           full-dump throughput and memory against sqlite3
 *   npm run bench -- --only=import           admin CSV import at 100k/300k rows (+ readers meanwhile)
 *   npm run bench -- --only=pages http://127.0.0.1:3000 20   JS per page and render p50 of a running server
 *   npm run bench -- --only=db               question pages on SQLite vs PostgreSQL
 *   npm run bench -- --only=stats,coverage   several parts, one after the other
 *   npm run bench stats                      the same without `--` (a first word that names a part)
 *
 * Why also a positional form: npm 7+ treats `npm run bench --only=stats` (no `--`) as its own,
 * long-deprecated `only` setting, rejects the value ("npm warn invalid config only=…") and does not
 * pass it on — not in argv and not as npm_config_only — so this script cannot see it. npm_config_only
 * is still read, for npm versions that do pass it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bin, run } from '../lib/run';

interface Part {
  script: string;
  what: string;
}

/** Each part and the script that measures it. The old `bench:*` npm scripts map one to one. */
export const BENCH_PARTS = {
  full: { script: 'scripts/bench/run.ts', what: 'everything at scale (the default; --quick for the small size)' },
  stats: { script: 'scripts/bench-stats.ts', what: 'trend methods and house effects at 1k/10k/100k synthetic polls' },
  coverage: { script: 'scripts/bench-coverage.ts', what: '50/80/95% band coverage of a known truth (--quick: 60 repetitions)' },
  export: { script: 'scripts/bench-export.ts', what: 'full polls dump vs sqlite3 -csv (--polls N)' },
  import: { script: 'scripts/bench-csv-import.ts', what: 'admin CSV import at 100k/300k rows, readers meanwhile (--no-server)' },
  'dump-import': { script: 'scripts/bench-dump-import.ts', what: 'db:import of a synthetic polls dump, then again (--rows N)' },
  'import-fixture': { script: 'scripts/bench-import.ts', what: 'CSV import of the 550-row FiveThirtyEight fixture' },
  pages: { script: 'scripts/bench-pages.ts', what: 'JS per page and question render p50 of a running server ([url] [runs])' },
  db: { script: 'scripts/bench-db.ts', what: 'question pages on SQLite vs PostgreSQL (needs a build)' },
  password: { script: 'scripts/bench-password.ts', what: 'one scrypt hash at the configured cost ([runs])' },
} as const satisfies Record<string, Part>;

export type BenchPart = keyof typeof BENCH_PARTS;

function isPart(name: string): name is BenchPart {
  return Object.hasOwn(BENCH_PARTS, name);
}

export interface BenchSelection {
  parts: BenchPart[];
  /** Arguments passed on to each selected script. */
  rest: string[];
  dryRun: boolean;
}

/**
 * Reads `--only=a,b` / `--only a,b` / a first positional part name from argv, else npm_config_only.
 * Throws with the list of parts when a name is unknown.
 */
export function parseBenchArgs(argv: readonly string[], npmConfigOnly: string | undefined): BenchSelection {
  const rest: string[] = [];
  let named: string | undefined;
  let dryRun = false;
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i] ?? '';
    if (a.startsWith('--only=')) named = a.slice('--only='.length);
    else if (a === '--only') {
      named = argv[i + 1];
      i += 1;
    } else if (a === '--dry-run') dryRun = true;
    else if (i === 0 && named === undefined && isPart(a)) named = a;
    else rest.push(a);
  }
  // npm prints boolean-looking settings as "true"; an empty or "true" value names nothing.
  const fromNpm = npmConfigOnly && npmConfigOnly !== 'true' ? npmConfigOnly : undefined;
  const names = (named ?? fromNpm ?? 'full')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0) throw new Error(`--only needs a part: ${Object.keys(BENCH_PARTS).join(', ')}`);
  const parts: BenchPart[] = [];
  for (const name of names) {
    if (!isPart(name)) throw new Error(`unknown benchmark part "${name}"; choose from ${Object.keys(BENCH_PARTS).join(', ')}`);
    parts.push(name);
  }
  return { parts, rest, dryRun };
}

function usage(): string {
  const lines = ['Usage: npm run bench [-- --only=<part>[,<part>…] [script arguments]]', ''];
  for (const [name, part] of Object.entries(BENCH_PARTS)) lines.push(`  ${name.padEnd(15)} ${part.what}  (${part.script})`);
  return lines.join('\n');
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage());
    return 0;
  }
  const selection = parseBenchArgs(argv, process.env.npm_config_only);
  if (selection.parts.length === 1 && selection.parts[0] === 'full' && !argv.some((a) => a.startsWith('--only'))) {
    console.log('bench: no part selected, running the whole benchmark (npm run bench -- --only=stats runs one part; --help lists them)');
  }
  for (const name of selection.parts) {
    const { script } = BENCH_PARTS[name];
    const args = [bin('tsx'), script, ...selection.rest];
    console.log(`bench: ${name} → tsx ${[script, ...selection.rest].join(' ')}`);
    if (selection.dryRun) continue;
    const code = await run(process.execPath, args);
    if (code !== 0) {
      console.error(`bench: ${name} exited with ${code}`);
      return code;
    }
  }
  return 0;
}

// Run only as a script, so a unit test can import parseBenchArgs.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 2;
    },
  );
}
