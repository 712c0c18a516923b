import type { TFormState } from '@/lib/actions/form-state';
import type { TPollWarning } from '@/lib/schemas/poll';

/** The poll form's state: the shared form state plus warnings that do not block saving. */
export interface TPollFormState extends TFormState {
  warnings?: TPollWarning[];
}
