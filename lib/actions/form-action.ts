import { redirect } from 'next/navigation';
import type { z } from 'zod';
import { formObject, parseInput, runFormAction, type EchoOptions, type TFormState } from '@/lib/actions/form-state';
import { requireUser, type TRole, type TSessionUser } from '@/lib/auth/guard';

/*
 * The one shape of a `useActionState` form action:
 *   auth guard → zod parse → the write (lib/writes or a transaction) → typed state or redirect.
 * Deliberately not a 'use server' module: it exports a factory, and tests/integration/actions-auth
 * discovers server actions by that directive. Each lib/actions/*.ts file declares its actions as
 * `export const fooAction = formAction({...})`; the guard runs before the form is read at all.
 */

/** What an action body ends with: a state for the form, or a page to go to (after the try/catch). */
export type TActionOutcome<S extends TFormState> = S | { redirect: string };

/** `public` is for the actions that start a session (login, setup): no user exists yet. */
type TGuard = TRole | 'public';
type TUserFor<G extends TGuard> = G extends 'public' ? null : TSessionUser;

interface FormActionBase<G extends TGuard> {
  /** Who may call it: checked first, before the form is read. */
  role: G;
  /** Which submitted fields a refused form gets back (see EchoOptions). */
  echo?: EchoOptions;
}

interface ParsedSpec<G extends TGuard, Z extends z.ZodType, S extends TFormState> extends FormActionBase<G> {
  /** The action's input schema; a refusal becomes VALIDATION with per-field messages. */
  schema: Z;
  /** Where the input comes from; default: the form's fields as a plain object (formObject). */
  input?: (formData: FormData) => unknown;
  run: (input: z.infer<Z>, user: TUserFor<G>, formData: FormData) => Promise<TActionOutcome<NoInfer<S>>>;
}

interface RawSpec<G extends TGuard, S extends TFormState> extends FormActionBase<G> {
  /** No schema here: the write parses the raw fields itself (lib/writes/outcomes, releases). */
  schema?: undefined;
  input?: undefined;
  run: (input: Record<string, string>, user: TUserFor<G>, formData: FormData) => Promise<TActionOutcome<NoInfer<S>>>;
}

function isParsed<G extends TGuard, Z extends z.ZodType, S extends TFormState>(spec: ParsedSpec<G, Z, S> | RawSpec<G, S>): spec is ParsedSpec<G, Z, S> {
  return spec.schema !== undefined;
}

export type TFormAction<S extends TFormState = TFormState> = (prev: S, formData: FormData) => Promise<S>;

export function formAction<G extends TGuard, Z extends z.ZodType, S extends TFormState = TFormState>(spec: ParsedSpec<G, Z, S>): TFormAction<S>;
export function formAction<G extends TGuard, S extends TFormState = TFormState>(spec: RawSpec<G, S>): TFormAction<S>;
export function formAction<G extends TGuard, Z extends z.ZodType, S extends TFormState>(spec: ParsedSpec<G, Z, S> | RawSpec<G, S>): TFormAction<S> {
  return async (_prev, formData) => {
    let target: string | null = null;
    const state = await runFormAction(formData, spec.echo ?? {}, async () => {
      const user = (spec.role === 'public' ? null : await requireUser(spec.role)) as TUserFor<G>;
      const outcome = isParsed(spec)
        ? await spec.run(parseInput(spec.schema, spec.input ? spec.input(formData) : formObject(formData)), user, formData)
        : await spec.run(formObject(formData), user, formData);
      if ('redirect' in outcome) {
        target = outcome.redirect;
        return { status: 'success' };
      }
      return outcome;
    });
    // redirect() throws Next's signal; raised here, outside the body, so no catch can swallow it.
    if (target !== null) redirect(target);
    return state as S;
  };
}
