'use client';

import { useActionState } from 'react';
import { undoImportAction } from '@/lib/actions/import';
import { IDLE_FORM_STATE } from '@/lib/actions/form-state';

/** "Undo this import" on an Import row of the audit log (admins): one transaction, audited. */
export function UndoImportButton({ auditId }: { auditId: number }) {
  const [state, action, pending] = useActionState(undoImportAction, IDLE_FORM_STATE);
  return (
    <form action={action} className="mt-1 space-y-1">
      <input type="hidden" name="auditId" value={auditId} />
      <button
        type="submit"
        disabled={pending || state.status === 'success'}
        onClick={(e) => {
          if (!window.confirm('Remove every poll this import created (and the questions, options and pollsters only it used)?')) e.preventDefault();
        }}
        className="rounded border border-red-800 px-2 py-0.5 text-xs text-red-800 disabled:opacity-50"
      >
        {pending ? 'Undoing…' : 'Undo this import'}
      </button>
      {state.message ? (
        <p role={state.status === 'error' ? 'alert' : 'status'} className={state.status === 'error' ? 'text-xs text-red-800' : 'text-xs text-green-800'}>
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
