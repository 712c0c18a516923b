import { z } from 'zod';
import { OBSERVATION_KINDS, ZCheckbox, ZVersion, idField, isRealDay, optionalText, optionalUrl, requiredNumber } from '@/lib/schemas/fields';

export type TPeriodType = 'year' | 'quarter' | 'month' | 'day';

export interface TPeriod {
  period: string;
  periodType: TPeriodType;
  periodStart: Date;
}

/** "2017", "2017-Q1", "2017-03" or "2017-03-15" → the period, its type and the day it starts. */
export function parsePeriod(raw: string): TPeriod | null {
  const v = raw.trim();
  let m = /^(\d{4})$/.exec(v);
  if (m) return { period: v, periodType: 'year', periodStart: new Date(Date.UTC(Number(m[1]), 0, 1)) };
  m = /^(\d{4})-?Q([1-4])$/i.exec(v);
  if (m) return { period: `${m[1]}-Q${m[2]}`, periodType: 'quarter', periodStart: new Date(Date.UTC(Number(m[1]), (Number(m[2]) - 1) * 3, 1)) };
  m = /^(\d{4})-(\d{2})$/.exec(v);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) {
    return { period: v, periodType: 'month', periodStart: new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)) };
  }
  if (isRealDay(v)) return { period: v, periodType: 'day', periodStart: new Date(`${v}T00:00:00Z`) };
  return null;
}

export const ZObservationKind = z.enum(OBSERVATION_KINDS, { error: `Kind: choose one of ${OBSERVATION_KINDS.join(', ')}.` });

const observationShape = {
  indicatorId: idField('Indicator'),
  period: z
    .string({ error: 'Period is required.' })
    .trim()
    .min(1, 'Period is required.')
    .transform((v, ctx) => {
      const p = parsePeriod(v);
      if (!p) {
        ctx.addIssue({ code: 'custom', message: 'Period: use 2017, 2017-Q1, 2017-03 or 2017-03-15.' });
        return z.NEVER;
      }
      return p;
    }),
  value: requiredNumber('Value'),
  kind: ZObservationKind,
  basis: optionalText('Basis', 500),
  sourceUrl: optionalUrl('Source URL'),
  sourceName: optionalText('Source name', 300),
  notes: optionalText('Notes', 5000),
  isPrimary: ZCheckbox,
};

/**
 * Targets and forecasts may lie in the future; actual values and estimates may not (an estimate
 * of a period that has not started is a forecast).
 */
function checkObservation(o: { period: TPeriod; kind: string }, ctx: z.RefinementCtx): void {
  if ((o.kind === 'actual' || o.kind === 'estimate') && o.period.periodStart.getTime() > Date.now() + 14 * 3600_000) {
    ctx.addIssue({
      code: 'custom',
      path: ['period'],
      message: `Period: an ${o.kind} value cannot be for a period that has not started; use forecast or target.`,
    });
  }
}

export const ZObservationInput = z.object(observationShape).superRefine(checkObservation);
export type TObservationInput = z.infer<typeof ZObservationInput>;

export const ZObservationUpdateInput = z.object({ ...observationShape, id: idField('Observation'), version: ZVersion }).superRefine(checkObservation);
export type TObservationUpdateInput = z.infer<typeof ZObservationUpdateInput>;
