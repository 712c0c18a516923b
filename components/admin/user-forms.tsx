'use client';

import { useActionState } from 'react';
import { IDLE_FORM_STATE } from '@/lib/actions/form-state';
import { createUser, resetUserPassword, setUserDisabled } from '@/lib/actions/users';
import { FormAlert, SaveButton, SelectInput, SMALL_BUTTON, TextInput } from '@/components/admin/entry-fields';
import { PASSWORD_MIN_LENGTH } from '@/lib/auth/config';

const ROLE_OPTIONS = [
  { value: 'editor', label: 'Editor — polls, questions, pollsters, indicators, import' },
  { value: 'admin', label: 'Admin — everything, including users' },
] as const;

export function CreateUserForm() {
  const [state, action, pending] = useActionState(createUser, IDLE_FORM_STATE);
  // After a success the form starts empty again; after an error it keeps what was typed.
  const values = state.status === 'error' ? state.values : undefined;
  return (
    <form action={action} className="grid gap-4 sm:grid-cols-2" noValidate aria-labelledby="create-user-heading">
      <div className="sm:col-span-2">
        <FormAlert status={state.status} message={state.message} code={state.code} testId="create-user-message" />
      </div>
      <TextInput
        id="new-email"
        name="email"
        label="Email"
        type="email"
        autoComplete="off"
        required
        defaultValue={values?.email}
        errors={state.fieldErrors?.email}
      />
      <TextInput id="new-name" name="name" label="Name (optional)" autoComplete="off" defaultValue={values?.name} errors={state.fieldErrors?.name} />
      <SelectInput
        id="new-role"
        name="role"
        label="Role"
        defaultValue={values?.role ?? 'editor'}
        key={values?.role ?? 'editor'}
        options={ROLE_OPTIONS}
        hint="Admins can create and disable users."
        errors={state.fieldErrors?.role}
      />
      <TextInput
        id="new-password"
        name="password"
        label="Initial password"
        type="password"
        autoComplete="new-password"
        required
        hint={`At least ${PASSWORD_MIN_LENGTH} characters; tell the user over a separate channel.`}
        errors={state.fieldErrors?.password}
      />
      <div className="sm:col-span-2">
        <SaveButton pending={pending} pendingLabel="Creating…">
          Create user
        </SaveButton>
      </div>
    </form>
  );
}

interface UserRowProps {
  user: { id: number; email: string; disabled: boolean; version: number };
  isSelf: boolean;
}

export function UserStatusForm({ user, isSelf }: UserRowProps) {
  const [state, action, pending] = useActionState(setUserDisabled, IDLE_FORM_STATE);
  const errorId = `status-${user.id}-error`;
  return (
    <form action={action} className="space-y-1">
      <input type="hidden" name="userId" value={user.id} />
      <input type="hidden" name="version" value={user.version} />
      <input type="hidden" name="disabled" value={user.disabled ? 'false' : 'true'} />
      <button
        type="submit"
        disabled={pending || (isSelf && !user.disabled)}
        aria-describedby={state.status === 'error' ? errorId : undefined}
        className={`${SMALL_BUTTON} disabled:opacity-50`}
      >
        {user.disabled ? `Enable ${user.email}` : `Disable ${user.email}`}
      </button>
      {state.status === 'error' ? (
        <p id={errorId} role="alert" className="text-sm text-red-800">
          {state.fieldErrors?.disabled?.join(' ') ?? state.message}
        </p>
      ) : null}
    </form>
  );
}

export function ResetPasswordForm({ user }: UserRowProps) {
  const [state, action, pending] = useActionState(resetUserPassword, IDLE_FORM_STATE);
  const id = `reset-${user.id}`;
  return (
    <form action={action} className="flex flex-wrap items-start gap-2" noValidate>
      <input type="hidden" name="userId" value={user.id} />
      <input type="hidden" name="version" value={user.version} />
      <div className="space-y-1">
        <TextInput
          id={`${id}-password`}
          name="password"
          label={`New password for ${user.email}`}
          hideLabel
          type="password"
          autoComplete="new-password"
          placeholder="New password"
          className="w-44"
          errors={state.status === 'error' ? (state.fieldErrors?.password ?? (state.message ? [state.message] : undefined)) : undefined}
        />
        {state.status === 'success' ? (
          <p role="status" className="text-sm text-green-900">
            {state.message}
          </p>
        ) : null}
      </div>
      <SaveButton pending={pending} pendingLabel="Resetting…">
        Reset password
      </SaveButton>
    </form>
  );
}
