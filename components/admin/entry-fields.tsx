import type { ReactNode } from 'react';

/**
 * The admin form kit, used by every admin form (data entry, login, setup, users): each field's
 * label is tied to its input, its hint and errors to it with aria-describedby, aria-invalid marks
 * a refused field, and errors sit right under it. Uncontrolled by default (defaultValue); pass
 * value/onChange for the poll form's controlled rows.
 */

interface Common {
  id: string;
  label: ReactNode;
  errors?: string[];
  hint?: ReactNode;
  className?: string;
  /** Compact rows (a table cell): the label is read by screen readers but not shown. */
  hideLabel?: boolean;
}

const LABEL = 'block text-sm font-medium text-gray-900';

function describedBy(id: string, hint: unknown, errors?: string[]): string | undefined {
  return [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
}

export function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p id={`${id}-error`} className="text-sm text-red-800" data-testid={`${id}-error`}>
      {errors.join(' ')}
    </p>
  );
}

function Hint({ id, hint }: { id: string; hint?: ReactNode }) {
  return hint ? (
    <p id={`${id}-hint`} className="text-xs text-gray-600">
      {hint}
    </p>
  ) : null;
}

const INPUT = 'block w-full rounded border border-gray-400 bg-white px-2 py-1.5 text-sm aria-invalid:border-red-700';

/** Label above, control, hint and errors below: the frame every text-like field shares. */
function FieldShell({ id, label, errors, hint, className, hideLabel, children }: Common & { children: ReactNode }) {
  return (
    <div className={`space-y-1 ${className ?? ''}`}>
      <label htmlFor={id} className={hideLabel ? 'sr-only' : LABEL}>
        {label}
      </label>
      {children}
      <Hint id={id} hint={hint} />
      <FieldErrors id={id} errors={errors} />
    </div>
  );
}

/** The attributes every control in a FieldShell gets: id, name, value wiring and its aria state. */
function controlProps({ id, errors, hint, name, defaultValue, value }: Common & { name?: string; defaultValue?: string; value?: string }) {
  return {
    id,
    name,
    defaultValue: value === undefined ? defaultValue : undefined,
    value,
    'aria-invalid': errors?.length ? true : undefined,
    'aria-describedby': describedBy(id, hint, errors),
    className: INPUT,
  };
}

interface ValueProps {
  name?: string;
  defaultValue?: string;
  value?: string;
  onChange?: (v: string) => void;
}

export function TextInput(
  props: Common &
    ValueProps & {
      type?: 'text' | 'date' | 'url' | 'number' | 'email' | 'password' | 'search';
      inputMode?: 'decimal' | 'numeric' | 'text' | 'url';
      required?: boolean;
      placeholder?: string;
      autoComplete?: string;
      minLength?: number;
      maxLength?: number;
    },
) {
  const { onChange, type = 'text', inputMode, required, placeholder, autoComplete, minLength, maxLength } = props;
  return (
    <FieldShell {...props}>
      <input
        {...controlProps(props)}
        type={type}
        onChange={onChange ? (e) => onChange(e.target.value) : undefined}
        inputMode={inputMode}
        required={required}
        placeholder={placeholder}
        autoComplete={autoComplete}
        minLength={minLength}
        maxLength={maxLength}
      />
    </FieldShell>
  );
}

export function TextArea(props: Common & ValueProps & { rows?: number }) {
  const { onChange, rows = 3 } = props;
  return (
    <FieldShell {...props}>
      <textarea {...controlProps(props)} rows={rows} onChange={onChange ? (e) => onChange(e.target.value) : undefined} />
    </FieldShell>
  );
}

export function SelectInput(props: Common & ValueProps & { options: readonly { value: string; label: string }[] }) {
  const { onChange, options } = props;
  return (
    <FieldShell {...props}>
      <select {...controlProps(props)} onChange={onChange ? (e) => onChange(e.target.value) : undefined}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function CheckboxInput({
  id,
  label,
  errors,
  hint,
  className,
  name,
  defaultChecked,
  checked,
  onChange,
}: Common & { name?: string; defaultChecked?: boolean; checked?: boolean; onChange?: (v: boolean) => void }) {
  return (
    <div className={`space-y-1 ${className ?? ''}`}>
      <div className="flex items-center gap-2">
        <input
          id={id}
          name={name}
          type="checkbox"
          defaultChecked={checked === undefined ? defaultChecked : undefined}
          checked={checked}
          onChange={onChange ? (e) => onChange(e.target.checked) : undefined}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={describedBy(id, hint, errors)}
          className="h-4 w-4"
        />
        <label htmlFor={id} className="text-sm text-gray-900">
          {label}
        </label>
      </div>
      <Hint id={id} hint={hint} />
      <FieldErrors id={id} errors={errors} />
    </div>
  );
}

/**
 * The form-level outcome: an alert (announced) for errors, a status for success. `relogin` offers
 * "Log in again" when a session ran out (off on the login form itself).
 */
export function FormAlert({
  status,
  message,
  code,
  reloadHref,
  testId = 'form-message',
  relogin = true,
}: {
  status: string;
  message?: string;
  code?: string;
  reloadHref?: string;
  testId?: string;
  relogin?: boolean;
}) {
  if (!message || status === 'idle') return null;
  if (status === 'success') {
    return (
      <p role="status" data-testid={testId} className="rounded border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
        {message}
      </p>
    );
  }
  return (
    <div role="alert" data-testid={testId} className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
      <p>{message}</p>
      {code === 'CONFLICT' && reloadHref ? (
        <p className="mt-1">
          <a href={reloadHref} className="font-medium underline">
            Reload to see their version
          </a>{' '}
          (your changes on this page will be lost; copy them first if you need them).
        </p>
      ) : null}
      {code === 'UNAUTHENTICATED' && relogin ? (
        <p className="mt-1">
          <a href="/admin/login" className="font-medium underline">
            Log in again
          </a>
        </p>
      ) : null}
    </div>
  );
}

export function SaveButton({ pending, children, pendingLabel = 'Saving…' }: { pending: boolean; children: ReactNode; pendingLabel?: string }) {
  return (
    <button
      type="submit"
      disabled={pending}
      aria-disabled={pending}
      className="rounded bg-gray-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-gray-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 disabled:opacity-60"
    >
      {pending ? pendingLabel : children}
    </button>
  );
}

export const SMALL_BUTTON =
  'rounded border border-gray-500 px-2 py-1 text-sm hover:bg-gray-100 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700';
