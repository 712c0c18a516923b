import path from 'node:path';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { readCsv } from '@/lib/seed/csv';
import { SEED_DATA_DIR } from '@/lib/seed/demo';
import { slugify, wordingKey } from '@/lib/format/slug';
import { writePollsBulk, type BulkPoll, type BulkPollster, type BulkQuestion } from '@/lib/writes/bulk';
import { writeOutcomesBulk, type BulkOutcome } from '@/lib/writes/outcomes';
import { runWrite } from '@/lib/writes/write';

/**
 * Third demo topic: the 2008 US presidential election, state by state — FiveThirtyEight's raw
 * polls with the actual result each tried to predict (prisma/seed-data/fte_raw_polls_1998_2009.csv,
 * CC BY 4.0), seeded as polls of one question, one wording series per race, and one Outcome per
 * race, so pollster accuracy can be scored against real results.
 *
 * A small loader of its own: the general real-files import path (branch `import`) had not landed
 * when this was written; when it does, this can become a mapping for it.
 */

export const ELECTIONS_FILE = 'fte_raw_polls_1998_2009.csv';
export const FTE_SOURCE = 'https://github.com/fivethirtyeight/data/tree/master/pollster-ratings';
const YEAR = '2008';
const TYPE = 'Pres-G';

export const ELECTION_QUESTION = {
  slug: 'us-president-2008',
  title: '2008 US presidential election: Obama vs McCain',
  wording: 'Vote intention in the 2008 US presidential election: Barack Obama (Democrat) or John McCain (Republican)?',
  topic: 'Elections',
  country: 'United States',
  population: 'Likely or registered voters, by state and nationally (as each pollster sampled)',
  language: 'en',
  notes:
    'FiveThirtyEight’s raw polls (pollster-ratings, CC BY 4.0): one wording series per race (state or national); the source gives candidates’ shares, the median field date and n, not the exact question.',
};

/** M/D/YYYY → Date (UTC midnight); null when malformed. */
export function parseUsDate(raw: string): Date | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(raw.trim());
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2])));
  return d.getUTCMonth() === Number(m[1]) - 1 ? d : null;
}

const MODES: Record<string, { mode: string; detail: string }> = {
  'Live Phone': { mode: 'telephone', detail: 'live telephone interviews' },
  IVR: { mode: 'telephone', detail: 'automated telephone (IVR)' },
  Online: { mode: 'online', detail: 'online' },
  Mail: { mode: 'other', detail: 'mail' },
};

export interface ElectionsSeedSummary {
  pollsCreated: number;
  outcomesCreated: number;
}

/**
 * Seed the 2008 presidential polls and outcomes through the write path (lib/writes): the polls in
 * bulk, the outcomes after them, one transaction with one audit row when anything was written.
 * Idempotent (externalKey per poll and per outcome).
 */
export async function seedElections(db: PrismaClient, dataDir: string = SEED_DATA_DIR): Promise<ElectionsSeedSummary> {
  const rows = readCsv(path.join(dataDir, ELECTIONS_FILE)).filter((r) => r.year === YEAR && r.type_simple === TYPE);
  const polls: BulkPoll[] = [];
  const pollsters = new Map<string, BulkPollster>();
  const races = new Map<string, Record<string, string>>();
  for (const [index, r] of rows.entries()) {
    const where = `${ELECTIONS_FILE} poll_id ${r.poll_id ?? '?'}`;
    const race = r.race ?? '';
    if (!races.has(race)) races.set(race, r);
    const date = parseUsDate(r.polldate ?? '');
    const obama = Number(r.cand1_pct);
    const mccain = Number(r.cand2_pct);
    if (!date || !Number.isFinite(obama) || !Number.isFinite(mccain) || r.cand1_name !== 'Barack Obama' || r.cand2_name !== 'John McCain') {
      throw new Error(`${where} (data row ${index + 1}): expected a date and Obama/McCain shares`);
    }
    const name = r.pollster ?? '';
    const slug = slugify(name);
    pollsters.set(slug, { slug, name, country: 'United States' });
    // FiveThirtyEight approximates n where a pollster gave none and leaves those fractional:
    // a fractional n is not a disclosed n.
    const n = Number(r.samplesize);
    const sampleSize = Number.isInteger(n) && n > 0 ? n : null;
    const mode = MODES[r.methodology ?? ''];
    const sponsor = /^for (.+)$/.exec((r.comment ?? '').trim());
    const location = r.location === 'US' ? 'national' : (r.location ?? '');
    polls.push({
      externalKey: `seed:fte_raw_polls:${r.poll_id}:${r.question_id}`,
      pollsterSlug: slug,
      sponsorName: sponsor ? (sponsor[1] ?? null) : null,
      // The source gives the median field date only: the start is not known.
      fieldStart: null,
      fieldEnd: date,
      datePrecision: 'day',
      sampleSize,
      mode: mode?.mode ?? null,
      modeDetail: mode?.detail ?? (r.methodology || null),
      sourceUrls: [FTE_SOURCE],
      notes: `FiveThirtyEight raw polls (race ${race}, poll ${r.poll_id}, question ${r.question_id}); date is the median field date${sampleSize === null ? '; n approximated by the source, not shown' : ''}.`,
      questions: [
        {
          questionSlug: ELECTION_QUESTION.slug,
          wording: `Vote intention, 2008 presidential election (${location}): Barack Obama vs John McCain`,
          wordingKey: wordingKey(race),
          askedLanguage: 'en',
          wordingLanguage: 'en',
          wordingExact: false,
          results: [
            { optionKey: 'obama', percent: obama },
            { optionKey: 'mccain', percent: mccain },
          ],
        },
      ],
    });
  }
  const outcomes: BulkOutcome[] = [...races].map(([race, r]) => {
    const date = parseUsDate(r.electiondate ?? '');
    const obama = Number(r.cand1_actual);
    const mccain = Number(r.cand2_actual);
    if (!date || !Number.isFinite(obama) || !Number.isFinite(mccain)) throw new Error(`${ELECTIONS_FILE} race ${race}: expected an election date and actual shares`);
    return {
      externalKey: `seed:fte_outcome:${race}`,
      questionSlug: ELECTION_QUESTION.slug,
      wordingKey: wordingKey(race),
      label: `2008 presidential election, ${r.location === 'US' ? 'national popular vote' : r.location}`,
      kind: 'election',
      date,
      sourceUrl: FTE_SOURCE,
      sourceName: 'FiveThirtyEight pollster ratings, raw polls (cand1_actual, cand2_actual)',
      results: [
        { optionKey: 'obama', percent: obama },
        { optionKey: 'mccain', percent: mccain },
      ],
    };
  });
  const question: BulkQuestion = {
    ...ELECTION_QUESTION,
    options: [
      { key: 'obama', label: 'Barack Obama', position: 0 },
      { key: 'mccain', label: 'John McCain', position: 1 },
    ],
  };
  return runWrite(db, { actor: null, source: 'seed', timeout: 120_000, maxWait: 30_000 }, async (w) => {
    const written = await writePollsBulk(w, { pollsters: [...pollsters.values()], questions: [question], polls }, { existingPolls: 'skip', existingCatalog: 'keep' });
    const outcomesCreated = await writeOutcomesBulk(w, outcomes);
    const pollsCreated = written.pollsCreated;
    if (pollsCreated + outcomesCreated > 0) await w.audit({ entity: 'Seed', entityId: 'elections', action: 'seed', after: { pollsCreated, outcomesCreated } });
    return { pollsCreated, outcomesCreated };
  });
}
