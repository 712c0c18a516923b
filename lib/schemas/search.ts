import { z } from 'zod';

/** The pickers' search (app/api/search, app/api/admin/search): what to look for and the typed text. */
export const ZPickSearchInput = z.object({
  kind: z.enum(['pollster', 'question'], { error: 'must be pollster or question' }),
  q: z.string().trim().max(100, 'must be at most 100 characters').default(''),
});

/** One choice of a search combobox: `value` is submitted, `label` shown, `data` kept by the form. */
export interface TComboItem {
  value: string;
  label: string;
  detail?: string;
  data?: unknown;
}
