/**
 * Runs once when the server process starts (Next's instrumentation hook). On Node it puts the page
 * cache in front of Next's request handler (lib/http/page-server.ts).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { installPageCache } = await import('./lib/http/page-server');
  // The overview's list fingerprint keeps it cached through writes that touch nothing it shows.
  const { overviewFingerprint } = await import('./lib/data/overview-fingerprint');
  installPageCache({ fingerprint: (url) => overviewFingerprint(url) });
}
