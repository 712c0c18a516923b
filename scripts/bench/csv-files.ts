import { rng } from './rng';

/** Seeded CSV files for `npm run bench -- --only=import`: a wide file (one poll per row) and a long one (one row per option). */
const POLLSTERS = [
  'Ipsos',
  'YouGov',
  'Pew Research Center',
  'Gallup',
  'Marist College',
  'Quinnipiac University',
  'Emerson College',
  'Morning Consult',
  'Høyre Analyse',
  'Левада-Центр',
];
const QUESTIONS = ['approval', 'impeach', 'right-track', 'economy', 'immigration', 'health-care', 'climate', 'guns', 'trade', 'foreign-policy'];

/** Field dates cycle through 2000–2021; `plus` days after the row's own start (never wrapping past it). */
function day(i: number, plus = 0): string {
  return new Date(Date.UTC(2000, 0, 1) + ((i % 8000) + plus) * 86_400_000).toISOString().slice(0, 10);
}

function shares(next: () => number): [number, number, number] {
  const yes = 20 + Math.floor(next() * 50);
  const no = Math.floor(next() * (95 - yes));
  return [yes, no, 100 - yes - no];
}

export function wideFile(rows: number): string {
  const next = rng(20261129);
  const out = ['Pollster,Start,End,Question,SampleSize,Yes,No,Unsure,Rep Sample,Rep Yes,Rep No'];
  for (let i = 0; i < rows; i += 1) {
    const [yes, no, unsure] = shares(next);
    const n = 500 + Math.floor(next() * 2000);
    out.push(
      `${POLLSTERS[i % POLLSTERS.length]},${day(i)},${day(i, 2)},${QUESTIONS[Math.floor(i / 7) % QUESTIONS.length]},${n},${yes},${no},${unsure},${Math.floor(n / 3)},${Math.min(99, yes + 10)},${Math.max(0, no - 10)}`,
    );
  }
  return `${out.join('\n')}\n`;
}

export function longFile(polls: number): string {
  const next = rng(20261130);
  const out = ['poll_id,pollster,date,question,sample_size,option,value'];
  for (let i = 0; i < polls; i += 1) {
    const [yes, no, unsure] = shares(next);
    const n = 500 + Math.floor(next() * 2000);
    const head = `${i + 1},${POLLSTERS[i % POLLSTERS.length]},${day(i)},${QUESTIONS[Math.floor(i / 7) % QUESTIONS.length]},${n}`;
    out.push(`${head},Yes,${yes}`, `${head},No,${no}`, `${head},Unsure,${unsure}`);
  }
  return `${out.join('\n')}\n`;
}
