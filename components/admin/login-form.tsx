'use client';

import { useActionState } from 'react';
import { login } from '@/lib/actions/auth';
import { IDLE_FORM_STATE } from '@/lib/actions/form-state';
import { Field, FormMessage, SubmitButton } from '@/components/admin/field';

export function LoginForm({ next }: { next?: string }) {
  const [state, action, pending] = useActionState(login, IDLE_FORM_STATE);
  return (
    <form action={action} className="space-y-4" noValidate aria-describedby={state.message ? 'login-message' : undefined}>
      <div id="login-message">
        <FormMessage status={state.status} message={state.message && !state.fieldErrors ? state.message : undefined} testId="login-message" />
      </div>
      <Field id="login-email" name="email" label="Email" type="email" autoComplete="username" required defaultValue={state.values?.email} errors={state.fieldErrors?.email} />
      <Field id="login-password" name="password" label="Password" type="password" autoComplete="current-password" required errors={state.fieldErrors?.password} />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="endOtherSessions" defaultChecked={state.values?.endOtherSessions === 'on'} />
        Sign out my other sessions
      </label>
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <SubmitButton pending={pending} pendingLabel="Logging in…">
        Log in
      </SubmitButton>
    </form>
  );
}
