/**
 * Runs once when the server process starts (Next's instrumentation hook). On Node it puts the page
 * cache in front of Next's request handler (lib/http/page-server.ts).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { installPageCache } = await import('./lib/http/page-server');
  // Fingerprints keep the overview and question pages cached through writes that change nothing
  // they show (a poll's notes on a question page; a question off the overview's page).
  const { overviewFingerprint } = await import('./lib/data/overview-fingerprint');
  const { questionPageFingerprint } = await import('./lib/data/question-page-fingerprint');
  installPageCache({
    fingerprint: (url) => (new URL(url, 'http://page.invalid').pathname === '/' ? overviewFingerprint(url) : questionPageFingerprint(url)),
  });
}
