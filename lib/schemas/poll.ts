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
export type TResultInput = z.infer<typeof ZResultInput>;

export const ZBreakdownInput = z.object({
  dimension: requiredText('Breakdown dimension', 80),
  subgroup: requiredText('Subgroup', 120),
  sampleSize: optionalNumber('Subgroup n', { int: true, positive: true }),
  results: z.array(ZResultInput).min(1, 'Subgroup results: enter at least one share.'),
});
export type TBreakdownInput = z.infer<typeof ZBreakdownInput>;

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

type PollShapeOutput = z.infer<z.ZodObject<typeof pollShape>>;

function checkResultSet(
  results: readonly { optionId: number; percent: number }[],
  ctx: z.RefinementCtx,
  path: (string | number)[],
  label: string,
): void {
  const seen = new Set<number>();
  results.forEach((r, i) => {
    if (seen.has(r.optionId)) ctx.addIssue({ code: 'custom', path: [...path, i, 'optionId'], message: `${label}: this option is entered twice.` });
    seen.add(r.optionId);
  });
  const sum = resultSetSum(results.map((r) => r.percent));
  if (sumTooHigh(sum)) {
    ctx.addIssue({
      code: 'custom',
      path,
      message: `${label}: shares add up to ${sum}%, more than 100% + ${SUM_TOLERANCE} points of rounding.`,
    });
  }
}

/** Cross-field rules of a poll; exported for the import, which builds the same shape. */
export function checkPoll(p: PollShapeOutput, ctx: z.RefinementCtx): void {
  if (p.pollsterId === null && p.newPollsterName === null) {
    ctx.addIssue({ code: 'custom', path: ['pollsterId'], message: 'Pollster: choose one, or enter the name of a new pollster.' });
  }
  if (p.fieldEnd < p.fieldStart) {
    ctx.addIssue({ code: 'custom', path: ['fieldEnd'], message: 'Field end is before field start.' });
  }
  if (p.publishedAt !== null && p.publishedAt < p.fieldStart) {
    ctx.addIssue({ code: 'custom', path: ['publishedAt'], message: 'Published is before fieldwork started.' });
  }
  if (p.sampleSize === null && !p.sampleSizeUndisclosed) {
    ctx.addIssue({ code: 'custom', path: ['sampleSize'], message: 'Sample size (n): enter n, or tick “not disclosed”.' });
  }
  if (p.sampleSize !== null && p.sampleSizeUndisclosed) {
    ctx.addIssue({ code: 'custom', path: ['sampleSize'], message: 'Sample size (n): entered, but “not disclosed” is ticked; choose one.' });
  }
  if (p.moeConfidence !== null && p.reportedMoe === null) {
    ctx.addIssue({ code: 'custom', path: ['moeConfidence'], message: 'MoE confidence (%): given without a margin of error.' });
  }
  const seenQuestions = new Set<string>();
  p.questions.forEach((q, qi) => {
    const key = `${q.questionId}\u0000${q.wording}`;
    if (seenQuestions.has(key)) {
      ctx.addIssue({ code: 'custom', path: ['questions', qi, 'questionId'], message: 'Question: the same question and wording is entered twice.' });
    }
    seenQuestions.add(key);
    checkResultSet(q.results, ctx, ['questions', qi, 'results'], 'Results');
    const groups = new Set<string>();
    q.breakdowns.forEach((b, bi) => {
      const key = `${b.dimension.toLowerCase()}\u0000${b.subgroup.toLowerCase()}`;
      if (groups.has(key)) {
        ctx.addIssue({ code: 'custom', path: ['questions', qi, 'breakdowns', bi, 'subgroup'], message: 'Subgroup: entered twice for this dimension.' });
      }
      groups.add(key);
      if (b.sampleSize !== null && p.sampleSize !== null && b.sampleSize > p.sampleSize) {
        ctx.addIssue({ code: 'custom', path: ['questions', qi, 'breakdowns', bi, 'sampleSize'], message: 'Subgroup n is larger than the poll’s n.' });
      }
      checkResultSet(b.results, ctx, ['questions', qi, 'breakdowns', bi, 'results'], `Subgroup ${b.subgroup} results`);
    });
  });
}

export const ZPollInput = z.object(pollShape).superRefine(checkPoll);
export type TPollInput = z.infer<typeof ZPollInput>;

export const ZPollUpdateInput = z
  .object({
    ...pollShape,
    id: idField('Poll'),
    version: ZVersion,
    correctionNote: optionalText('Public correction note', 2000),
  })
  .superRefine(checkPoll);
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
