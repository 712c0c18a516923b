import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpBody } from '@/lib/export/http';
import type { DumpFormat } from '@/lib/export/stream';
import { createTempDatabase, type TempDatabase } from '../support/temp-db';

/**
 * The polls dump's exact bytes, pinned. The reader and serialisers are tuned for memory and speed
 * (scripts/bench/run.ts, part `dump`); a tuning must never change a byte of the output. The
 * fixture is built here with fixed ids, dates and `updatedAt`, so it is the same on SQLite and
 * PostgreSQL and does not move with the demo seed. It covers what the reader handles apart:
 * sponsors as records and as free text, a poll without questions, a question without results, a
 * breakdown without results, options stored out of position order, original wordings and
 * translations, booleans, nulls, decimals, quoting, newlines, non-ASCII text and formula-injection
 * guards, across several keyset batches.
 *
 * The hashes were taken from the implementation before the memory rework (commit ba25c61) and
 * must only change together with POLLS_DUMP_SCHEMA_VERSION or a documented format change.
 */
const GOLDEN: Record<string, string> = {
  csv: '6b11cea9632b638ba24949d26314cfeacf97e052484b5ef74d9014327bf933f9',
  'csv-bom': '522472741b94b3e6519dcd80d33378083fd1c9d4d2ef51f8e8cd1ed73dca2e75',
  json: '8b98d9dd7098f5b453d27812b4b464185fa9a6ae832c25f73d8b8e782b1c12bd',
};

const NOW = new Date('2026-11-30T05:00:00.000Z');
const UPDATED = new Date('2026-11-28T12:34:56.789Z');
const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

let t: TempDatabase;

async function buildFixture(db: TempDatabase['db']): Promise<void> {
  const levada = await db.pollster.create({ data: { slug: 'levada-center', name: 'Levada Center, "Левада-Центр"' } });
  const sponsor = await db.pollster.create({ data: { slug: 'kyodo', name: '=Kyodo News' } });
  const kuril = await db.question.create({
    data: {
      slug: 'kuril-islands',
      title: 'Hand islands to Japan?',
      wording: 'Should Russia hand the Kuril islands to Japan for a peace treaty?',
      // Inserted in reverse: the dump orders options by position, not by id.
      options: {
        create: [
          { key: 'dont_know', label: "Don't know", position: 2 },
          { key: 'against', label: 'Against', position: 1 },
          { key: 'for', label: 'For', position: 0 },
        ],
      },
    },
    include: { options: true },
  });
  const trade = await db.question.create({
    data: {
      slug: 'trade',
      title: 'Trade, "more" or less',
      wording: '+More trade with Japan?',
      options: {
        create: [
          { key: 'yes', label: 'Yes', position: 0 },
          { key: 'no', label: 'No', position: 1 },
        ],
      },
    },
    include: { options: true },
  });
  const opt = (q: typeof kuril, key: string) => {
    const o = q.options.find((x) => x.key === key);
    if (!o) throw new Error(`option ${key} missing`);
    return o.id;
  };
  // 1: everything filled in, two questions, crosstabs (one without results), wording texts.
  await db.poll.create({
    data: {
      pollsterId: levada.id,
      sponsorId: sponsor.id,
      fieldStart: day('2018-11-22'),
      fieldEnd: day('2018-11-28'),
      publishedAt: day('2018-12-03'),
      sampleSize: 1600,
      population: 'Russia adults 18+',
      mode: 'face-to-face',
      modeDetail: 'Personal interview at home',
      samplingFrame: 'Multi-stage stratified, 137 localities',
      weighting: 'Sex, age, education, region',
      reportedMoe: 3.4,
      moeConfidence: 0.95,
      designEffect: 1.25,
      sourceUrls: JSON.stringify(['https://www.levada.ru/2018/12/03/kurily/', 'https://example.org/a,b', 'https://example.org/"q"']),
      notes: '=HYPERLINK("http://evil.example","x")\nsecond line, "quoted" — Левада 北方 🗳️',
      externalKey: 'levada:2018-11:kuril',
      updatedAt: UPDATED,
      questions: {
        create: [
          {
            questionId: trade.id,
            wording: 'More trade with Japan?',
            wordingKey: 'trade-v1',
            position: 1,
            wordingExact: false,
            results: {
              create: [
                { optionId: opt(trade, 'no'), percent: 40.5 },
                { optionId: opt(trade, 'yes'), percent: 59.5, count: 952 },
              ],
            },
          },
          {
            questionId: kuril.id,
            wording: 'Следует ли передать Японии острова?',
            wordingKey: 'kuril-v1',
            position: 0,
            askedLanguage: 'ru',
            wordingLanguage: 'ru',
            wordingExact: true,
            results: {
              create: [
                { optionId: opt(kuril, 'dont_know'), percent: 9, count: 144 },
                { optionId: opt(kuril, 'for'), percent: 17, count: 272 },
                { optionId: opt(kuril, 'against'), percent: 74, count: 1184 },
              ],
            },
            breakdowns: {
              create: [
                {
                  dimension: 'age',
                  subgroup: '55+',
                  sampleSize: null,
                  position: 1,
                  results: {
                    create: [
                      { optionId: opt(kuril, 'against'), percent: 78.25 },
                      { optionId: opt(kuril, 'for'), percent: 13 },
                    ],
                  },
                },
                {
                  dimension: 'age',
                  subgroup: '18-24',
                  sampleSize: 210,
                  position: 0,
                  results: {
                    create: [
                      { optionId: opt(kuril, 'for'), percent: 1 / 3 },
                      { optionId: opt(kuril, 'against'), percent: 66.66666666666667 },
                    ],
                  },
                },
                { dimension: 'region', subgroup: '-Far East', sampleSize: 80, position: 2 },
              ],
            },
            texts: {
              create: [
                { language: 'ja', text: '島を日本に引き渡すべきか', role: 'translation', status: 'translation', sourceUrl: null },
                { language: 'ru', text: 'Следует ли передать, "Японии"?', role: 'original', status: 'questionnaire', sourceUrl: 'https://www.levada.ru/q' },
                {
                  language: 'en',
                  text: 'Should the islands be handed over?',
                  role: 'translation',
                  status: 'press-report',
                  sourceUrl: 'https://example.org/en',
                },
              ],
            },
          },
        ],
      },
    },
  });
  // 2: nothing disclosed, no questions at all, a free-text sponsor that looks like a formula.
  await db.poll.create({
    data: { pollsterId: levada.id, sponsorName: '-Sponsor', datePrecision: 'month', publishedPrecision: 'year', updatedAt: UPDATED },
  });
  // 3: a question asked without results; a hand-entered poll (no external key).
  await db.poll.create({
    data: {
      pollsterId: sponsor.id,
      fieldStart: day('2019-01-01'),
      fieldEnd: day('2019-12-31'),
      datePrecision: 'year',
      sampleSize: 0,
      mode: 'online',
      reportedMoe: 0.1,
      sourceUrls: '[]',
      notes: "'=already marked",
      updatedAt: UPDATED,
      questions: { create: [{ questionId: kuril.id, wording: 'Kuril?', wordingKey: 'kuril-v2', wordingExact: null }] },
    },
  });
  // 4–9: plain polls, so batches of 2 cross poll boundaries several times.
  for (let i = 0; i < 6; i += 1) {
    await db.poll.create({
      data: {
        pollsterId: i % 2 === 0 ? levada.id : sponsor.id,
        fieldStart: day(`2020-0${i + 1}-01`),
        fieldEnd: day(`2020-0${i + 1}-0${i + 2}`),
        sampleSize: 1000 + i,
        population: i === 3 ? null : `Adults, wave ${i}`,
        mode: 'telephone',
        sourceUrls: JSON.stringify([`https://example.org/${i}`]),
        externalKey: `wave:${i}`,
        updatedAt: UPDATED,
        questions: {
          create: [
            {
              questionId: kuril.id,
              wording: 'Should Russia hand the Kuril islands to Japan for a peace treaty?',
              wordingKey: 'kuril-v1',
              wordingExact: true,
              results: {
                create: [
                  { optionId: opt(kuril, 'for'), percent: 10 + i },
                  { optionId: opt(kuril, 'against'), percent: 80 - i + 0.5 },
                  { optionId: opt(kuril, 'dont_know'), percent: 9.5 },
                ],
              },
            },
          ],
        },
      },
    });
  }
}

/** The response bytes (not `.text()`: decoding would swallow the BOM). */
async function dump(format: DumpFormat, options: { bom?: boolean; batchSize?: number; direct?: boolean } = {}): Promise<Buffer> {
  const body = dumpBody(t.db, 'polls', {
    format,
    bom: options.bom,
    now: NOW,
    batchSize: options.batchSize,
    databaseUrl: options.direct === false ? undefined : t.url,
  });
  return Buffer.from(await new Response(body).arrayBuffer());
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  t = await createTempDatabase('pollboard-dump-bytes-');
  await buildFixture(t.db);
});

afterAll(async () => {
  await t.cleanup();
});

describe('polls dump bytes (golden)', () => {
  it('writes exactly the pinned CSV, CSV with BOM and JSON', async () => {
    const csv = await dump('csv');
    const bom = await dump('csv', { bom: true });
    const json = await dump('json');
    // Rows derived from the fixture, independently of the hashes: poll 1 has 2 + 3 top-line rows and
    // 2 + 2 + 1 crosstab rows, poll 2 one row, poll 3 one row, polls 4–9 three rows each.
    expect(csv.toString('utf8').split('\r\n').length - 2).toBe(5 + 5 + 1 + 1 + 18);
    expect(bom.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(bom.subarray(3)).toEqual(csv);
    expect((JSON.parse(json.toString('utf8')) as { rows: unknown[] }).rows).toHaveLength(30);
    expect({ csv: sha256(csv), 'csv-bom': sha256(bom), json: sha256(json) }).toEqual(GOLDEN);
  });

  it('writes the same bytes in batches of 2 polls and of 1,000, and through Prisma as through the direct reader', async () => {
    for (const format of ['csv', 'json'] as const) {
      const golden = GOLDEN[format];
      expect(sha256(await dump(format, { batchSize: 2 }))).toBe(golden);
      expect(sha256(await dump(format, { batchSize: 1000 }))).toBe(golden);
      expect(sha256(await dump(format, { batchSize: 3, direct: false }))).toBe(golden);
    }
  });
});
