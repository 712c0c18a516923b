import type { ReactNode } from 'react';

interface FieldProps {
  id: string;
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'search' | 'date';
  defaultValue?: string;
  errors?: string[];
  hint?: ReactNode;
  autoComplete?: string;
  required?: boolean;
  minLength?: number;
  maxLength?: number;
}

/** A labelled input with its hint and errors tied to it (aria-describedby), errors right below it. */
export function Field({ id, name, label, type = 'text', defaultValue, errors, hint, autoComplete, required, minLength, maxLength }: FieldProps) {
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : null, errors?.length ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-gray-900">
        {label}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        defaultValue={defaultValue}
        autoComplete={autoComplete}
        required={required}
        minLength={minLength}
        maxLength={maxLength}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy}
        className="block w-full rounded border border-gray-400 bg-white px-2 py-1.5 text-sm aria-invalid:border-red-700"
      />
      {hint ? (
        <p id={hintId} className="text-xs text-gray-600">
          {hint}
        </p>
      ) : null}
      <FieldError id={errorId} errors={errors} />
    </div>
  );
}

export function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p id={id} className="text-sm text-red-800">
      {errors.join(' ')}
    </p>
  );
}

/** Form-level message: an alert for errors (announced), a status for success. */
export function FormMessage({ status, message, testId }: { status: 'idle' | 'success' | 'error'; message?: string; testId?: string }) {
  if (!message || status === 'idle') return null;
  return status === 'error' ? (
    <p role="alert" data-testid={testId} className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
      {message}
    </p>
  ) : (
    <p role="status" data-testid={testId} className="rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
      {message}
    </p>
  );
}

export function SubmitButton({ pending, children, pendingLabel }: { pending: boolean; children: ReactNode; pendingLabel?: string }) {
  return (
    <button
      type="submit"
      disabled={pending}
      aria-disabled={pending}
      className="rounded bg-gray-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-gray-700 disabled:opacity-60"
    >
      {pending ? (pendingLabel ?? 'Saving…') : children}
    </button>
  );
}
