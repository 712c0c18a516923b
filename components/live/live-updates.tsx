'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';

/** At most one refresh per this many ms, however often editors save. */
const MIN_REFRESH_GAP_MS = 1_000;

function timeOf(date: Date): string {
  return date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/**
 * Keeps an open public page up to date: listens to /api/v1/events for this page's URL (Server-Sent
 * Events, driven by the freshness signal) and, when a write touched what the page shows, re-renders
 * it in place (router.refresh(): new server data, scroll position and open menus kept) and says so.
 */
export function LiveUpdates() {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const page = search ? `${pathname}?${search}` : pathname;
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const admin = pathname.startsWith('/admin');

  useEffect(() => {
    if (admin || typeof EventSource === 'undefined') return;
    const source = new EventSource(`/api/v1/events?page=${encodeURIComponent(page)}`);
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const onChange = () => {
      if (timer) return; // a refresh is already due: it will show this change too
      timer = setTimeout(
        () => {
          timer = null;
          last = Date.now();
          router.refresh();
          setUpdatedAt(new Date());
        },
        Math.max(0, last + MIN_REFRESH_GAP_MS - Date.now()),
      );
    };
    source.addEventListener('change', onChange);
    return () => {
      source.removeEventListener('change', onChange);
      source.close();
      if (timer) clearTimeout(timer);
    };
  }, [admin, page, router]);

  if (admin) return null;
  return (
    <p
      role="status"
      aria-live="polite"
      className={updatedAt ? 'mb-4 rounded border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-900' : 'sr-only'}
      data-testid="live-updated"
    >
      {updatedAt ? `Updated at ${timeOf(updatedAt)}: this page now shows the latest data.` : ''}
    </p>
  );
}
