import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BENCH_PARTS, parseBenchArgs } from '@/scripts/bench/only';

describe('npm run bench --only dispatcher', () => {
  it('runs the whole benchmark when no part is named', () => {
    expect(parseBenchArgs([], undefined)).toEqual({ parts: ['full'], rest: [], dryRun: false });
    expect(parseBenchArgs(['--quick'], undefined)).toEqual({ parts: ['full'], rest: ['--quick'], dryRun: false });
  });

  it('reads --only=a,b, --only a and a first positional part, and passes the other arguments on', () => {
    expect(parseBenchArgs(['--only=stats,coverage', '--quick'], undefined)).toEqual({ parts: ['stats', 'coverage'], rest: ['--quick'], dryRun: false });
    expect(parseBenchArgs(['--only', 'export', '--polls', '2000'], undefined).parts).toEqual(['export']);
    expect(parseBenchArgs(['--only', 'export', '--polls', '2000'], undefined).rest).toEqual(['--polls', '2000']);
    expect(parseBenchArgs(['pages', 'http://127.0.0.1:3000', '20'], undefined)).toEqual({
      parts: ['pages'],
      rest: ['http://127.0.0.1:3000', '20'],
      dryRun: false,
    });
    // A positional part name only counts in first place: later words are the script's own.
    expect(parseBenchArgs(['--quick', 'stats'], undefined)).toEqual({ parts: ['full'], rest: ['--quick', 'stats'], dryRun: false });
  });

  it('falls back to npm_config_only, and the command line wins over it', () => {
    expect(parseBenchArgs([], 'db').parts).toEqual(['db']);
    expect(parseBenchArgs(['--only=stats'], 'db').parts).toEqual(['stats']);
    expect(parseBenchArgs([], 'true').parts).toEqual(['full']);
  });

  it('refuses an unknown part, naming it and the choices', () => {
    expect(() => parseBenchArgs(['--only=nope'], undefined)).toThrow(/unknown benchmark part "nope"; choose from full, stats, coverage/);
    expect(() => parseBenchArgs(['--only='], undefined)).toThrow(/--only needs a part/);
  });

  it('offers every part the issue names, each pointing at a script that exists, and package.json has no bench:* left', () => {
    for (const name of ['stats', 'export', 'import', 'pages', 'db', 'coverage']) expect(Object.keys(BENCH_PARTS)).toContain(name);
    for (const part of Object.values(BENCH_PARTS)) expect(existsSync(part.script), part.script).toBe(true);
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(Object.keys(scripts).filter((s) => s.startsWith('bench:'))).toEqual([]);
    expect(scripts.bench).toBe('tsx scripts/bench/only.ts');
  });
});
