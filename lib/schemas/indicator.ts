import { z } from 'zod';
import { ZVersion, idField, optionalText, requiredText, slugField } from '@/lib/schemas/fields';

const indicatorShape = {
  slug: slugField('Slug'),
  name: requiredText('Name', 200),
  description: optionalText('Description', 5000),
  unit: requiredText('Unit', 40),
  currency: z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? null : v.trim().toUpperCase()) : (v ?? null)),
    z
      .string()
      .regex(/^[A-Z]{3}$/, 'Currency: a three-letter code like USD.')
      .nullable(),
  ),
  source: optionalText('Source', 500),
  country: optionalText('Country', 120),
  topic: optionalText('Topic', 120),
};

export const ZIndicatorInput = z.object(indicatorShape);
export type TIndicatorInput = z.infer<typeof ZIndicatorInput>;

export const ZIndicatorUpdateInput = z.object({ ...indicatorShape, id: idField('Indicator'), version: ZVersion });
export type TIndicatorUpdateInput = z.infer<typeof ZIndicatorUpdateInput>;
