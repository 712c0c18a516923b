'use client';

import { useEffect } from 'react';

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <section className="space-y-3" role="alert">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="text-gray-700">
        The page could not be loaded. {error.digest ? `Reference: ${error.digest}.` : ''} Try again; if it keeps failing, check the server log.
      </p>
      <button type="button" onClick={reset} className="rounded bg-gray-900 px-3 py-1.5 text-sm text-white">
        Try again
      </button>
    </section>
  );
}
