import { z } from 'zod';
import {
  POLL_MODES,
  ZCheckbox,
  ZVersion,
  idField,
  optionalDay,
  optionalNumber,
  optionalText,
  percentField,
  requiredDay,
  requiredText,
  resultSetSum,
  sumTooHigh,
  sumTooLowWarning,
  SUM_TOLERANCE,
  urlList,
} from '@/lib/schemas/fields';

/**
 * A poll as entered in the admin form (and, later, posted to the API). Error paths are the form's
 * field names (`questions.0.results.1.percent`), so each message lands next to its field.
 */

export const ZPollMode = z.preprocess(
  (v) => (v === '' || v === undefined ? null : v),
  z.enum(POLL_MODES, { error: `Mode: choose one of ${POLL_MODES.join(', ')}.` }).nullable(),
);

export const ZResultInput = z.object({
  optionId: idField('Option'),
  percent: percentField('Share (%)'),
});

export const ZBreakdownInput = z.object({
  dimension: requiredText('Breakdown dimension', 80),
  subgroup: requiredText('Subgroup', 120),
  sampleSize: optionalNumber('Subgroup n', { int: true, positive: true }),
  results: z.array(ZResultInput).min(1, 'Subgroup results: enter at least one share.'),
});

export const ZPollQuestionInput = z.object({
  questionId: idField('Question'),
  wording: requiredText('Exact wording', 4000),
  results: z.array(ZResultInput).min(1, 'Results: enter at least one share.'),
  breakdowns: z.array(ZBreakdownInput).default([]),
});
export type TPollQuestionInput = z.infer<typeof ZPollQuestionInput>;

const pollShape = {
  pollsterId: z.preprocess((v) => (v === '' || v === 'new' || v === undefined ? null : v), idField('Pollster').nullable()),
  newPollsterName: optionalText('New pollster name', 200),
  sponsorName: optionalText('Sponsor', 200),
  fieldStart: requiredDay('Field start'),
  fieldEnd: requiredDay('Field end'),
  publishedAt: optionalDay('Published'),
  population: optionalText('Population', 300),
  mode: ZPollMode,
  modeDetail: optionalText('Mode detail', 300),
  sampleSize: optionalNumber('Sample size (n)', { int: true, positive: true, max: 10_000_000 }),
  sampleSizeUndisclosed: ZCheckbox,
  reportedMoe: optionalNumber('Reported margin of error', { positive: true, max: 50 }),
  moeConfidence: optionalNumber('MoE confidence (%)', { min: 50, max: 99.99 }),
  designEffect: optionalNumber('Design effect', { positive: true, max: 20 }),
  samplingFrame: optionalText('Sampling frame', 500),
  weighting: optionalText('Weighting', 1000),
  sourceUrls: urlList('Source URLs'),
  notes: optionalText('Notes', 5000),
  questions: z.array(ZPollQuestionInput).min(1, 'Questions: add at least one question.').max(50, 'Questions: at most 50 per poll.'),
  confirmDuplicate: ZCheckbox,
};

type Loose = Record<string, unknown>;

function asArray(v: unknown): Loose[] {
  return Array.isArray(v) ? v.filter((x): x is Loose => typeof x === 'object' && x !== null) : [];
}

function isDay(v: unknown): v is string {
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
}

function checkResultSet(results: Loose[], ctx: z.RefinementCtx, path: (string | number)[], label: string): void {
  const seen = new Set<unknown>();
  results.forEach((r, i) => {
    if (typeof r.optionId === 'number' && seen.has(r.optionId)) {
      ctx.addIssue({ code: 'custom', path: [...path, i, 'optionId'], message: `${label}: this option is entered twice.` });
    }
    seen.add(r.optionId);
  });
  const percents = results.map((r) => r.percent).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const sum = resultSetSum(percents);
  if (sumTooHigh(sum)) {
    ctx.addIssue({
      code: 'custom',
      path,
      message: `${label}: shares add up to ${sum}%, more than 100% + ${SUM_TOLERANCE} points of rounding.`,
    });
  }
}

/**
 * Cross-field rules of a poll. They run even when some fields failed (zod's `when`), so one save
 * shows every problem at once; hence each rule checks the types it relies on.
 */
export function checkPoll(value: unknown, ctx: z.RefinementCtx): void {
  const p = (typeof value === 'object' && value !== null ? value : {}) as Loose;
  if (p.pollsterId === null && p.newPollsterName === null) {
    ctx.addIssue({ code: 'custom', path: ['pollsterId'], message: 'Pollster: choose one, or enter the name of a new pollster.' });
  }
  if (isDay(p.fieldStart) && isDay(p.fieldEnd) && p.fieldEnd < p.fieldStart) {
    ctx.addIssue({ code: 'custom', path: ['fieldEnd'], message: 'Field end is before field start.' });
  }
  if (isDay(p.publishedAt) && isDay(p.fieldStart) && p.publishedAt < p.fieldStart) {
    ctx.addIssue({ code: 'custom', path: ['publishedAt'], message: 'Published is before fieldwork started.' });
  }
  const undisclosed = p.sampleSizeUndisclosed === true;
  if (p.sampleSize === null && !undisclosed) {
    ctx.addIssue({ code: 'custom', path: ['sampleSize'], message: 'Sample size (n): enter n, or tick “not disclosed”.' });
  }
  if (typeof p.sampleSize === 'number' && undisclosed) {
    ctx.addIssue({ code: 'custom', path: ['sampleSize'], message: 'Sample size (n): entered, but “not disclosed” is ticked; choose one.' });
  }
  if (typeof p.moeConfidence === 'number' && p.reportedMoe === null) {
    ctx.addIssue({ code: 'custom', path: ['moeConfidence'], message: 'MoE confidence (%): given without a margin of error.' });
  }
  const pollN = typeof p.sampleSize === 'number' ? p.sampleSize : null;
  const seenQuestions = new Set<string>();
  asArray(p.questions).forEach((q, qi) => {
    const key = `${String(q.questionId)}\u0000${String(q.wording)}`;
    if (typeof q.questionId === 'number' && seenQuestions.has(key)) {
      ctx.addIssue({ code: 'custom', path: ['questions', qi, 'questionId'], message: 'Question: the same question and wording is entered twice.' });
    }
    seenQuestions.add(key);
    checkResultSet(asArray(q.results), ctx, ['questions', qi, 'results'], 'Results');
    const groups = new Set<string>();
    asArray(q.breakdowns).forEach((b, bi) => {
      const subgroup = typeof b.subgroup === 'string' ? b.subgroup : '';
      const groupKey = `${String(b.dimension).toLowerCase()}\u0000${subgroup.toLowerCase()}`;
      if (subgroup && groups.has(groupKey)) {
        ctx.addIssue({ code: 'custom', path: ['questions', qi, 'breakdowns', bi, 'subgroup'], message: 'Subgroup: entered twice for this dimension.' });
      }
      groups.add(groupKey);
      if (typeof b.sampleSize === 'number' && pollN !== null && b.sampleSize > pollN) {
        ctx.addIssue({ code: 'custom', path: ['questions', qi, 'breakdowns', bi, 'sampleSize'], message: 'Subgroup n is larger than the poll’s n.' });
      }
      checkResultSet(asArray(b.results), ctx, ['questions', qi, 'breakdowns', bi, 'results'], `Subgroup ${subgroup} results`);
    });
  });
}

const ALWAYS = { when: () => true };

export const ZPollInput = z.object(pollShape).superRefine(checkPoll, ALWAYS);
export type TPollInput = z.infer<typeof ZPollInput>;

export const ZPollUpdateInput = z
  .object({
    ...pollShape,
    id: idField('Poll'),
    version: ZVersion,
    correctionNote: optionalText('Public correction note', 2000),
  })
  .superRefine(checkPoll, ALWAYS);
export type TPollUpdateInput = z.infer<typeof ZPollUpdateInput>;

export interface TPollWarning {
  path: string;
  message: string;
}

/** Things worth a second look that are not errors: result sets far below 100%. */
export function pollWarnings(input: Pick<TPollInput, 'questions'>): TPollWarning[] {
  const out: TPollWarning[] = [];
  input.questions.forEach((q, qi) => {
    const sum = resultSetSum(q.results.map((r) => r.percent));
    if (sumTooLowWarning(sum, q.results.length)) {
      out.push({ path: `questions.${qi}.results`, message: `Results add up to ${sum}%: is an option (e.g. “don’t know”) missing?` });
    }
    q.breakdowns.forEach((b, bi) => {
      const bsum = resultSetSum(b.results.map((r) => r.percent));
      if (sumTooLowWarning(bsum, b.results.length)) {
        out.push({ path: `questions.${qi}.breakdowns.${bi}.results`, message: `Subgroup ${b.subgroup} adds up to ${bsum}%.` });
      }
    });
  });
  return out;
}
