import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db, databaseOf } from '@/lib/db';
import { getQuestionView } from '@/lib/data/question-cache';
import { getSignal, stopSignal } from '@/lib/freshness/signal';
import { installPageCache } from '@/lib/http/page-server';
import { migrateAppDatabase, removeAppDatabase } from '@/tests/support/app-db';

await vi.hoisted(async () => {
  const { prepareAppDatabaseUrl } = await import('../support/app-db');
  await prepareAppDatabaseUrl({ seeded: true });
});

/**
 * The page cache (lib/http/page-server.ts) with the real freshness signal, on the app's database
 * (SQLite, and PostgreSQL in the `postgresql` project), against SQL edited by hand in another
 * thread with its own connection — as an operator's psql session or another app server would.
 *
 * The case that failed in 2 of 7 PostgreSQL e2e runs (tests/e2e/scale-out.spec.ts): the server's
 * event loop is busy (here: blocked outright, as a long render or a starved CPU does) while the edit
 * commits and the next request arrives. When the loop runs again, the NOTIFY and the request are
 * both waiting, in that order. Before the fix the listener only sent a query for the ChangeLog row
 * it was told about, and the request was answered from the cache before that query's answer came
 * back: the old page, as a `hit`, after the edit had committed and been announced.
 */

const SLUG = 'kuril-transfer';
let server: http.Server;
let base = '';
let remove: () => void = () => undefined;

/** Stands in for Next: the question's title, read through the app's question cache, as a page. */
function fakeNext(req: IncomingMessage, res: ServerResponse): void {
  getQuestionView(SLUG).then(
    (view) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html><body><h1>${view?.title ?? 'missing'}</h1></body></html>`);
    },
    (error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    },
  );
}

beforeAll(async () => {
  await migrateAppDatabase({ seeded: true });
  remove = installPageCache({ force: true });
  server = http.createServer(fakeNext);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const signal = getSignal(db);
  await signal.ready;
}, 60_000);

afterAll(async () => {
  remove();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  stopSignal(db);
  await removeAppDatabase();
});

interface Answer {
  status: number;
  cache: string | null;
  title: string | null;
}

/**
 * Runs in a worker thread (plain JavaScript, its own event loop and connections):
 * 1. asks for the page on a keep-alive connection (the main thread answers: a hit);
 * 2. waits until the main thread has blocked its event loop, then edits the title by hand and
 *    commits, waits until the change has been announced (PostgreSQL: its own LISTEN hears it) and a
 *    margin for the server's listener connection to have it too;
 * 3. writes the next request on the same connection (the server reads it only once its loop runs),
 *    lets the main thread go on, and reports both answers.
 */
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const http = require('node:http');
const { flag, base, path, provider, url, filePath, title } = workerData;
const shared = new Int32Array(flag);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function get(onWritten) {
  return new Promise((resolve, reject) => {
    const req = http.get(base + path, { agent, headers: { accept: 'text/html' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, cache: res.headers['x-pollboard-page-cache'] ?? null, title: (/<h1>([^<]*)<\\/h1>/.exec(body) || [])[1] ?? null }));
    });
    req.on('error', reject);
    if (onWritten) req.on('finish', onWritten);
  });
}
(async () => {
  const first = await get();
  parentPort.postMessage({ first });
  // Wait for the main thread to block (it sets slot 1 just before Atomics.wait on slot 0).
  while (Atomics.load(shared, 1) === 0) Atomics.wait(shared, 1, 0, 50);
  if (provider === 'postgresql') {
    const pg = require('pg');
    const listen = new pg.Client({ connectionString: url });
    await listen.connect();
    await listen.query('LISTEN pollboard_changes');
    const heard = new Promise((resolve) => listen.once('notification', resolve));
    const edit = new pg.Client({ connectionString: url });
    await edit.connect();
    await edit.query('UPDATE "Question" SET "title" = $1, "version" = "version" + 1 WHERE "slug" = $2', [title, 'kuril-transfer']);
    await edit.end();
    await heard;
    await listen.end();
  } else {
    const Database = require('better-sqlite3');
    const conn = new Database(filePath);
    conn.prepare('UPDATE "Question" SET "title" = ?, "version" = "version" + 1 WHERE "slug" = ?').run(title, 'kuril-transfer');
    conn.close();
  }
  // The server's listener connection is told at the same time as ours: give it a margin.
  await sleep(150);
  let written;
  const wrote = new Promise((r) => (written = r));
  const answer = get(() => written());
  await wrote;
  await sleep(50);
  Atomics.store(shared, 0, 1);
  Atomics.notify(shared, 0);
  const second = await answer;
  agent.destroy();
  parentPort.postMessage({ second });
})().catch((error) => {
  Atomics.store(shared, 0, 1);
  Atomics.notify(shared, 0);
  parentPort.postMessage({ error: String(error && error.stack || error) });
});
`;

describe('the page cache after SQL edited by hand', () => {
  it('answers the next request with the new page, even when the edit and the request wait behind a busy event loop', async () => {
    const path = `/questions/${SLUG}`;
    const warm = await fetch(base + path, { headers: { accept: 'text/html' } });
    expect(warm.status).toBe(200);
    await warm.text();
    const before = await getQuestionView(SLUG);
    expect(before?.title).toBe('Transfer Kuril islands to Japan?');

    const title = 'Transfer Kuril islands to Japan? (edited by hand)';
    const database = databaseOf(db);
    const flag = new SharedArrayBuffer(8);
    const shared = new Int32Array(flag);
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: {
        flag,
        base,
        path,
        provider: database.provider,
        url: database.url,
        filePath: database.provider === 'sqlite' ? database.filePath : null,
        title,
      },
    });
    const messages: { first?: Answer; second?: Answer; error?: string }[] = [];
    let resolveFirst: () => void = () => undefined;
    const firstSeen = new Promise<void>((resolve) => (resolveFirst = resolve));
    const done = new Promise<void>((resolve, reject) => {
      worker.on('message', (m: { first?: Answer; second?: Answer; error?: string }) => {
        messages.push(m);
        if (m.first) resolveFirst();
        if (m.second || m.error) resolve();
      });
      worker.on('error', reject);
    });
    try {
      await firstSeen;
      expect(messages[0]?.first).toEqual({ status: 200, cache: 'hit', title: 'Transfer Kuril islands to Japan?' });
      // Block this thread's event loop (the server's) until the worker has committed the edit and
      // written the next request: both then wait in the server's sockets, the edit's notice first.
      Atomics.store(shared, 1, 1);
      Atomics.notify(shared, 1);
      const woke = Atomics.wait(shared, 0, 0, 30_000);
      expect(woke).not.toBe('timed-out');
      await done;
    } finally {
      await worker.terminate();
    }
    const failed = messages.find((m) => m.error)?.error;
    expect(failed).toBeUndefined();
    const second = messages.find((m) => m.second)?.second;
    // The edit committed and was announced before the request was sent: the new page, rendered anew.
    expect(second).toEqual({ status: 200, cache: 'miss', title });
    expect((await getQuestionView(SLUG))?.title).toBe(title);
  });
});
