/**
 * Page benchmarks, printed (not asserted): JS transferred per page (compressed bytes on the wire,
 * measured in Chromium through the DevTools protocol) and server render time of the question page
 * (p50/p90 of N sequential requests after one warm-up).
 *
 *   npm start &                                  # or any running Pollboard
 *   npx tsx scripts/bench-pages.ts http://127.0.0.1:3000 20
 */
import { chromium } from '@playwright/test';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const runs = Number(process.argv[3] ?? 20);
const pages = ['/', '/questions/putin-approval', '/questions/kuril-transfer', '/indicators/russia-japan-trade'];

function quantile(sorted: number[], q: number): number {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return (sorted[lo] ?? 0) + ((sorted[hi] ?? 0) - (sorted[lo] ?? 0)) * (i - lo);
}

async function jsTransferred(path: string): Promise<{ files: number; encoded: number; decoded: number }> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const scripts = new Map<string, { encoded: number; decoded: number }>();
    cdp.on('Network.responseReceived', (e) => {
      if (e.type === 'Script') scripts.set(e.requestId, { encoded: 0, decoded: 0 });
    });
    cdp.on('Network.dataReceived', (e) => {
      const s = scripts.get(e.requestId);
      if (s) s.decoded += e.dataLength;
    });
    cdp.on('Network.loadingFinished', (e) => {
      const s = scripts.get(e.requestId);
      if (s) s.encoded = e.encodedDataLength;
    });
    await page.goto(base + path, { waitUntil: 'networkidle' });
    let encoded = 0;
    let decoded = 0;
    for (const s of scripts.values()) {
      encoded += s.encoded;
      decoded += s.decoded;
    }
    return { files: scripts.size, encoded, decoded };
  } finally {
    await browser.close();
  }
}

async function renderTimes(path: string): Promise<number[]> {
  await fetch(base + path).then((r) => r.text());
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const res = await fetch(base + path);
    await res.text();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

for (const path of pages) {
  const js = await jsTransferred(path);
  console.log(
    `JS ${path}: ${js.files} files, ${(js.encoded / 1024).toFixed(1)} KiB transferred (compressed), ${(js.decoded / 1024).toFixed(1)} KiB uncompressed`,
  );
}
for (const path of ['/questions/putin-approval', '/questions/kuril-transfer', '/api/v1/questions/putin-approval']) {
  const t = await renderTimes(path);
  console.log(`render ${path}: p50 ${quantile(t, 0.5).toFixed(0)} ms, p90 ${quantile(t, 0.9).toFixed(0)} ms, min ${t[0]?.toFixed(0)} ms (n = ${t.length})`);
}
