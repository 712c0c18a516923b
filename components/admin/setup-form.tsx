'use client';

import { useActionState } from 'react';
import { completeSetup } from '@/lib/actions/auth';
import { IDLE_FORM_STATE } from '@/lib/actions/form-state';
import { FormAlert, SaveButton, TextInput } from '@/components/admin/entry-fields';
import { PASSWORD_MIN_LENGTH } from '@/lib/auth/config';

export function SetupForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState(completeSetup, IDLE_FORM_STATE);
  const hint = `At least ${PASSWORD_MIN_LENGTH} characters. A passphrase of several words is easiest to type.`;
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormAlert status={state.status} message={state.message} testId="setup-message" relogin={false} />
      <input type="hidden" name="token" value={token} />
      <TextInput
        id="setup-email"
        name="email"
        label="Email"
        type="email"
        autoComplete="username"
        required
        defaultValue={state.values?.email}
        errors={state.fieldErrors?.email}
      />
      <TextInput id="setup-name" name="name" label="Name (optional)" autoComplete="name" defaultValue={state.values?.name} errors={state.fieldErrors?.name} />
      <TextInput
        id="setup-password"
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        hint={hint}
        errors={state.fieldErrors?.password}
      />
      <TextInput
        id="setup-confirm"
        name="confirm"
        label="Repeat the password"
        type="password"
        autoComplete="new-password"
        required
        errors={state.fieldErrors?.confirm}
      />
      <SaveButton pending={pending} pendingLabel="Creating…">
        Create admin account
      </SaveButton>
    </form>
  );
}
