/**
 * Calibrates the non-sampling error term of the trend bands on real elections.
 * Run: npm run calibrate:total-error
 *
 * Data: tests/fixtures/fte_raw_polls_1998_2009.csv (FiveThirtyEight pollster-ratings raw polls,
 * CC BY 4.0). For each general-election race with ≥ 5 polls whose median field date is in the last
 * 21 days before the election: the two-party share of the first candidate, c1/(c1 + c2), from
 * each poll (n = sample size × (c1 + c2)/100), the final estimate of the default trend method
 * (Kalman, house effects in the model) at the last poll date, and the actual two-party result.
 * Prints MAE and the coverage of the 95% band with and without the non-sampling term, in sample
 * and out of sample (calibrated on 1998–2006, tested on 2008–2009), and writes bench/total-error.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { nonSamplingSd, raceOutcomes, summariseCalibration, TOTAL_ERROR_SD, type CalibrationRace } from '../lib/stats/total-error';

const FILE = path.join('tests', 'fixtures', 'fte_raw_polls_1998_2009.csv');
const WINDOW_DAYS = 21;
const MIN_POLLS = 5;

interface Row {
  race_id: string;
  race: string;
  year: string;
  type_simple: string;
  pollster: string;
  polldate: string;
  samplesize: string;
  cand1_pct: string;
  cand2_pct: string;
  electiondate: string;
  cand1_actual: string;
  cand2_actual: string;
}

function usDate(s: string): number {
  const [m, d, y] = s.split('/').map(Number);
  return Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1);
}

export function loadRaces(file = FILE): (CalibrationRace & { year: number })[] {
  const parsed = Papa.parse<Row>(readFileSync(file, 'utf8'), { header: true, skipEmptyLines: true });
  const byRace = new Map<string, Row[]>();
  for (const r of parsed.data) {
    if (!r.type_simple.endsWith('-G')) continue;
    const list = byRace.get(r.race_id) ?? [];
    list.push(r);
    byRace.set(r.race_id, list);
  }
  const races: (CalibrationRace & { year: number })[] = [];
  for (const [id, rows] of byRace) {
    const first = rows[0];
    if (!first) continue;
    const election = usDate(first.electiondate);
    const a1 = Number(first.cand1_actual);
    const a2 = Number(first.cand2_actual);
    if (!(a1 + a2 > 0)) continue;
    const polls = rows
      .filter((r) => {
        const t = usDate(r.polldate);
        return t <= election && t >= election - WINDOW_DAYS * 86_400_000;
      })
      .map((r) => {
        const c1 = Number(r.cand1_pct);
        const c2 = Number(r.cand2_pct);
        const n = Number(r.samplesize);
        return { date: usDate(r.polldate), c1, c2, n, pollster: r.pollster };
      })
      .filter((p) => p.c1 + p.c2 > 0 && p.n > 0)
      .map((p) => ({ date: p.date, value: p.c1 / (p.c1 + p.c2), n: (p.n * (p.c1 + p.c2)) / 100, pollster: p.pollster }));
    if (polls.length < MIN_POLLS) continue;
    races.push({ id: `${id} ${first.race}`, polls, actual: a1 / (a1 + a2), year: Number(first.year) });
  }
  return races;
}

const isMain = process.argv[1]?.endsWith('calibrate-total-error.ts') ?? false;
if (isMain) {
  const races = loadRaces();
  const outcomes = raceOutcomes(races);
  const sd = nonSamplingSd(outcomes);
  const all = summariseCalibration(outcomes, sd);
  const train = outcomes.filter((_, i) => (races[i]?.year ?? 0) <= 2006);
  const test = outcomes.filter((_, i) => (races[i]?.year ?? 0) >= 2008);
  const sdTrain = nonSamplingSd(train);
  const oos = summariseCalibration(test, sdTrain);
  const f = (x: number): string => (100 * x).toFixed(1);
  console.log(`${races.length} general-election races with ≥ ${MIN_POLLS} polls in the last ${WINDOW_DAYS} days (${FILE}).\n`);
  console.log(
    '| sample | races | MAE (points) | 95% coverage, sampling only | with non-sampling term | σ_ns at 50% (points) |\n|---|---:|---:|---:|---:|---:|',
  );
  console.log(`| all, 1998–2009 | ${all.races} | ${all.mae.toFixed(2)} | ${f(all.coverageSampling)}% | ${f(all.coverageTotal)}% | ${(100 * sd).toFixed(2)} |`);
  console.log(
    `| out of sample: fitted 1998–2006, tested 2008–2009 | ${oos.races} | ${oos.mae.toFixed(2)} | ${f(oos.coverageSampling)}% | ${f(oos.coverageTotal)}% | ${(100 * sdTrain).toFixed(2)} |`,
  );
  console.log(`\nTOTAL_ERROR_SD in lib/stats/total-error.ts: ${(100 * TOTAL_ERROR_SD).toFixed(2)} points (calibrated: ${(100 * sd).toFixed(2)}).`);
  mkdirSync('bench', { recursive: true });
  writeFileSync(
    path.join('bench', 'total-error.json'),
    `${JSON.stringify({ generatedAt: new Date().toISOString(), file: FILE, windowDays: WINDOW_DAYS, minPolls: MIN_POLLS, method: 'kalman', inSample: all, outOfSample: { trainedOn: '1998–2006', testedOn: '2008–2009', ...oos } }, null, 2)}\n`,
  );
  console.log('Wrote bench/total-error.json.');
}
