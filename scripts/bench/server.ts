/**
 * `next start` on a given database for the benchmark and reliability scripts: rebuild only when the
 * build stamp is stale (scripts/lib/build-stamp.ts), wait until the server answers, stop it by its
 * own process id.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { ensureBuild } from '../lib/ensure-build';
import { bin } from '../lib/run';

export { ensureBuild };

/**
 * What a browser sends when it loads a page. The page cache (lib/http/page-cache.ts) serves only
 * requests that accept HTML, so benchmarks and load tests ask as browsers do.
 */
export const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

export interface RunningServer {
  url: string;
  proc: ChildProcess;
  /** SIGTERM (or the given signal), then wait for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startServer(databaseUrl: string, port: number, extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  // As `npm start` runs it (scripts/start.ts: keep-alive sockets 65 s).
  const proc = spawn(bin('next'), ['start', '-p', String(port), '-H', '127.0.0.1', '--keepAliveTimeout', '65000'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', PORT: String(port), ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`next start exited with ${proc.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/bench-static.txt`);
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`next start did not answer within 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    proc,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      await exited;
    },
  };
}
