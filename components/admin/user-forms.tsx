'use client';

import { useActionState } from 'react';
import { IDLE_FORM_STATE } from '@/lib/actions/form-state';
import { createUser, resetUserPassword, setUserDisabled } from '@/lib/actions/users';
import { Field, FieldError, FormMessage, SubmitButton } from '@/components/admin/field';
import { PASSWORD_MIN_LENGTH } from '@/lib/auth/config';

export function CreateUserForm() {
  const [state, action, pending] = useActionState(createUser, IDLE_FORM_STATE);
  // After a success the form starts empty again; after an error it keeps what was typed.
  const values = state.status === 'error' ? state.values : undefined;
  return (
    <form action={action} className="grid gap-4 sm:grid-cols-2" noValidate aria-labelledby="create-user-heading">
      <div className="sm:col-span-2">
        <FormMessage status={state.status} message={state.message} testId="create-user-message" />
      </div>
      <Field id="new-email" name="email" label="Email" type="email" autoComplete="off" required defaultValue={values?.email} errors={state.fieldErrors?.email} />
      <Field id="new-name" name="name" label="Name (optional)" autoComplete="off" defaultValue={values?.name} errors={state.fieldErrors?.name} />
      <div className="space-y-1">
        <label htmlFor="new-role" className="block text-sm font-medium text-gray-900">
          Role
        </label>
        <select
          id="new-role"
          name="role"
          defaultValue={values?.role ?? 'editor'}
          key={values?.role ?? 'editor'}
          aria-invalid={state.fieldErrors?.role ? true : undefined}
          aria-describedby={state.fieldErrors?.role ? 'new-role-error' : 'new-role-hint'}
          className="block w-full rounded border border-gray-400 bg-white px-2 py-1.5 text-sm"
        >
          <option value="editor">Editor — polls, questions, pollsters, indicators, import</option>
          <option value="admin">Admin — everything, including users</option>
        </select>
        <p id="new-role-hint" className="text-xs text-gray-600">
          Admins can create and disable users.
        </p>
        <FieldError id="new-role-error" errors={state.fieldErrors?.role} />
      </div>
      <Field
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
        <SubmitButton pending={pending} pendingLabel="Creating…">
          Create user
        </SubmitButton>
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
        className="rounded border border-gray-500 px-2 py-1 text-sm hover:bg-gray-100 disabled:opacity-50"
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
        <label htmlFor={`${id}-password`} className="sr-only">
          New password for {user.email}
        </label>
        <input
          id={`${id}-password`}
          name="password"
          type="password"
          autoComplete="new-password"
          placeholder="New password"
          aria-invalid={state.fieldErrors?.password ? true : undefined}
          aria-describedby={state.status !== 'idle' ? `${id}-message` : undefined}
          className="w-44 rounded border border-gray-400 px-2 py-1 text-sm"
        />
        <p id={`${id}-message`} role={state.status === 'error' ? 'alert' : 'status'} className={state.status === 'error' ? 'text-sm text-red-800' : 'text-sm text-green-900'}>
          {state.status === 'error' ? (state.fieldErrors?.password?.join(' ') ?? state.message) : state.status === 'success' ? state.message : ''}
        </p>
      </div>
      <SubmitButton pending={pending} pendingLabel="Resetting…">
        Reset password
      </SubmitButton>
    </form>
  );
}
