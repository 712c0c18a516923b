import { z } from 'zod';
import { ZTriState, ZVersion, idField, optionalText, optionalUrl, requiredText, slugField } from '@/lib/schemas/fields';

const pollsterShape = {
  name: requiredText('Name', 200),
  /** Blank: derived from the name. */
  slug: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), slugField('Slug').optional()),
  country: optionalText('Country', 120),
  website: optionalUrl('Website'),
  notes: optionalText('Notes', 5000),
  aaporMember: ZTriState,
  esomarMember: ZTriState,
};

export const ZPollsterInput = z.object(pollsterShape);
export type TPollsterInput = z.infer<typeof ZPollsterInput>;

export const ZPollsterUpdateInput = z.object({ ...pollsterShape, id: idField('Pollster'), version: ZVersion });
export type TPollsterUpdateInput = z.infer<typeof ZPollsterUpdateInput>;
