import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { commitImport } from '@/lib/import/commit';
import { decodeBytes, detectEncoding } from '@/lib/import/encoding';
import { importOptions, parseCsv, planImport } from '@/lib/import/prepare';
import { findPreset } from '@/lib/import/presets';
import type { TImportMapping } from '@/lib/import/targets';
import { SEED_DATA_DIR } from '@/lib/seed/demo';
import { slugify, wordingKey } from '@/lib/format/slug';
import { clearFieldStart, writePollsBulk, type BulkPollster, type BulkQuestion } from '@/lib/writes/bulk';
import { writeOutcomesBulk, type BulkOutcome } from '@/lib/writes/outcomes';
import { runWrite } from '@/lib/writes/write';

/**
 * Third demo topic: the 2008 US presidential election, state by state — FiveThirtyEight's raw
 * polls with the actual result each tried to predict (prisma/seed-data/fte_raw_polls_1998_2009.csv,
 * CC BY 4.0), seeded as polls of one question, one wording series per race, and one Outcome per
 * race, so pollster accuracy can be scored against real results.
 *
 * Seeded through the CSV import pipeline (lib/import), as an editor would import the file.
 */

export const ELECTIONS_FILE = 'fte_raw_polls_1998_2009.csv';
/** externalKey prefix of the polls the earlier, bespoke loader wrote (before the import pipeline). */
const LEGACY_KEY_PREFIX = 'seed:fte_raw_polls:';
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

/** The wording of a race's series: one per state (or national), so each race is its own series. */
function raceWording(location: string): string {
  return `Vote intention, 2008 presidential election (${location === 'US' ? 'national' : location}): Barack Obama vs John McCain`;
}

/**
 * The seed's columns beside the published ones, so the import pipeline reads them as an editor's
 * mapping would: the topic keeps every poll and outcome it had as a bespoke loader.
 */
const DERIVED = ['seed_wording', 'seed_sponsor', 'seed_mode', 'seed_source', 'seed_notes'] as const;

/**
 * Seed the 2008 presidential polls and outcomes through the CSV import pipeline of the real-files
 * issue (lib/import: decode → parse → map with the FiveThirtyEight raw-polls preset → check →
 * commit through the bulk writer), then the outcomes, in one write with one audit row when anything
 * was written. The preset is adjusted for the topic, not the file: one question for every race (a
 * wording series per race instead of a question per race), the two major candidates only, and the
 * derived columns above. Every row must import (all or nothing); idempotent, because a re-import of
 * the same rows finds them stored (exact duplicates).
 */
export async function seedElections(db: PrismaClient, dataDir: string = SEED_DATA_DIR): Promise<ElectionsSeedSummary> {
  const bytes = new Uint8Array(readFileSync(path.join(dataDir, ELECTIONS_FILE)));
  const decoded = decodeBytes(bytes, detectEncoding(bytes).encoding);
  if (!decoded.ok) throw new Error(`${ELECTIONS_FILE}: ${decoded.message}`);
  const csv = parseCsv(decoded.text);
  const at = (name: string): number => {
    const i = csv.headers.indexOf(name);
    if (i < 0) throw new Error(`${ELECTIONS_FILE}: no column ${name}`);
    return i;
  };
  const [year, type, location, methodology, samplesize, comment, race, pollId, questionId, cand1, cand2] = [
    'year',
    'type_simple',
    'location',
    'methodology',
    'samplesize',
    'comment',
    'race',
    'poll_id',
    'question_id',
    'cand1_name',
    'cand2_name',
  ].map(at);
  const cell = (r: readonly string[], i: number | undefined): string => (i === undefined ? '' : (r[i] ?? '').trim());
  const races = new Map<string, string[]>();
  const rows: string[][] = [];
  for (const r of csv.rows) {
    if (cell(r, year) !== YEAR || cell(r, type) !== TYPE) continue;
    if (cell(r, cand1) !== 'Barack Obama' || cell(r, cand2) !== 'John McCain')
      throw new Error(`${ELECTIONS_FILE} poll_id ${cell(r, pollId)}: expected Obama/McCain`);
    if (!races.has(cell(r, race))) races.set(cell(r, race), r);
    const copy = [...r];
    // FiveThirtyEight approximates n where a pollster gave none and leaves those fractional: a
    // fractional n is not a disclosed n, so it is left out rather than rounded.
    const n = Number(cell(r, samplesize));
    const disclosed = Number.isInteger(n) && n > 0;
    if (!disclosed && samplesize !== undefined) copy[samplesize] = '';
    const sponsor = /^for (.+)$/.exec(cell(r, comment));
    copy.push(
      raceWording(cell(r, location)),
      sponsor?.[1] ?? '',
      MODES[cell(r, methodology)]?.detail ?? cell(r, methodology),
      FTE_SOURCE,
      `FiveThirtyEight raw polls (race ${cell(r, race)}, poll ${cell(r, pollId)}, question ${cell(r, questionId)}); date is the median field date${disclosed ? '' : '; n approximated by the source, not shown'}.`,
    );
    rows.push(copy);
  }
  const headers = [...csv.headers, ...DERIVED];
  const preset = findPreset('fivethirtyeight-raw-polls');
  if (!preset?.matches(headers)) throw new Error(`${ELECTIONS_FILE}: the FiveThirtyEight raw-polls preset does not match the file`);
  const mapping: TImportMapping = {
    ...preset.mapping(headers, rows.slice(0, 500)),
    race: 'ignore',
    methodology: 'ignore',
    comment: 'ignore',
    cand3_pct: 'ignore',
    seed_wording: 'wording',
    seed_sponsor: 'sponsor',
    seed_mode: 'mode',
    seed_source: 'sourceUrls',
    seed_notes: 'notes',
  };
  const options = importOptions({ ...preset.options, mode: 'all-or-nothing', questionSlug: ELECTION_QUESTION.slug, questionTitle: ELECTION_QUESTION.title });
  const plan = planImport(
    headers,
    rows,
    mapping,
    options,
    csv.issues.filter((i) => i.severity === 'error'),
  );

  const outcomes: BulkOutcome[] = [...races].map(([name, r]) => {
    const date = parseUsDate(cell(r, at('electiondate')));
    const obama = Number(cell(r, at('cand1_actual')));
    const mccain = Number(cell(r, at('cand2_actual')));
    if (!date || !Number.isFinite(obama) || !Number.isFinite(mccain))
      throw new Error(`${ELECTIONS_FILE} race ${name}: expected an election date and actual shares`);
    return {
      externalKey: `seed:fte_outcome:${name}`,
      questionSlug: ELECTION_QUESTION.slug,
      // The series the race's polls were stored under (the import keys a wording this way).
      wordingKey: wordingKey(raceWording(cell(r, location))),
      label: `2008 presidential election, ${cell(r, location) === 'US' ? 'national popular vote' : cell(r, location)}`,
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
  const pollsters: BulkPollster[] = [...new Set(rows.map((r) => cell(r, at('pollster'))))].map((name) => ({
    slug: slugify(name),
    name,
    country: 'United States',
  }));
  return runWrite(db, { actor: null, source: 'seed', timeout: 120_000, maxWait: 30_000 }, async (w) => {
    // A database seeded by the earlier loader has these polls under its own keys (and no field start,
    // so the import could not match them): they are not imported a second time.
    const earlier = await w.tx.poll.count({ where: { externalKey: { startsWith: LEGACY_KEY_PREFIX } } });
    if (earlier > 0) {
      const outcomesCreated = await writeOutcomesBulk(w, outcomes);
      if (outcomesCreated > 0) await w.audit({ entity: 'Seed', entityId: 'elections', action: 'seed', after: { pollsCreated: 0, outcomesCreated } });
      return { pollsCreated: 0, outcomesCreated };
    }
    // The catalogue first (the question with its option keys, the pollsters with their country), so
    // the import finds them by name and label instead of creating bare ones.
    await writePollsBulk(w, { pollsters, questions: [question], polls: [] }, { existingPolls: 'skip', existingCatalog: 'keep' });
    const summary = await commitImport(w, { plan, options, fileName: ELECTIONS_FILE, userId: null, remember: false, audit: false });
    if (summary.refused > 0) throw new Error(`${ELECTIONS_FILE}: ${summary.refused} rows refused`);
    // The source gives the median field date only; the import reads one date as a one-day
    // fieldwork, so the start, which the source does not give, is cleared again.
    await clearFieldStart(w, summary.pollIds);
    const outcomesCreated = await writeOutcomesBulk(w, outcomes);
    const pollsCreated = summary.pollsCreated;
    if (pollsCreated + outcomesCreated > 0) {
      await w.audit({
        entity: 'Seed',
        entityId: 'elections',
        action: 'seed',
        after: { pollsCreated, outcomesCreated, identity: summary.identity, possibleDuplicates: summary.possibleDuplicates },
      });
    }
    return { pollsCreated, outcomesCreated };
  });
}
