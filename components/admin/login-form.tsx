'use client';

import { useActionState } from 'react';
import { login } from '@/lib/actions/auth';
import { IDLE_FORM_STATE } from '@/lib/actions/form-state';
import { CheckboxInput, FormAlert, SaveButton, TextInput } from '@/components/admin/entry-fields';

export function LoginForm({ next }: { next?: string }) {
  const [state, action, pending] = useActionState(login, IDLE_FORM_STATE);
  return (
    <form action={action} className="space-y-4" noValidate aria-describedby={state.message ? 'login-message' : undefined}>
      <div id="login-message">
        <FormAlert status={state.status} message={state.message && !state.fieldErrors ? state.message : undefined} testId="login-message" relogin={false} />
      </div>
      <TextInput
        id="login-email"
        name="email"
        label="Email"
        type="email"
        autoComplete="username"
        required
        defaultValue={state.values?.email}
        errors={state.fieldErrors?.email}
      />
      <TextInput
        id="login-password"
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        errors={state.fieldErrors?.password}
      />
      <CheckboxInput
        id="login-end-others"
        name="endOtherSessions"
        label="Sign out my other sessions"
        defaultChecked={state.values?.endOtherSessions === 'on'}
      />
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <SaveButton pending={pending} pendingLabel="Logging in…">
        Log in
      </SaveButton>
    </form>
  );
}
