import type { Metadata } from 'next';
import Link from 'next/link';
import './globals.css';

// The site and the embeds have separate root layouts (route groups), so an address that matches
// no route at all gets this page, which brings its own <html> (Next.js `global-not-found`).
export const metadata: Metadata = { title: 'Page not found · Pollboard' };

export default function GlobalNotFound() {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <header className="border-b border-gray-200 bg-white">
          <nav className="mx-auto flex max-w-5xl items-center gap-6 px-4 py-3" aria-label="Main">
            <Link href="/" className="text-lg font-semibold text-gray-900 no-underline">
              Pollboard
            </Link>
          </nav>
        </header>
        <main id="main" className="mx-auto max-w-5xl px-4 py-6">
          <section className="space-y-3" data-testid="not-found">
            <h1 className="text-2xl font-semibold">Page not found</h1>
            <p className="text-gray-700">There is no question, poll or indicator at this address. It may have been renamed.</p>
            <p>
              <Link href="/" className="text-blue-800 underline">
                Back to the overview
              </Link>
            </p>
          </section>
        </main>
      </body>
    </html>
  );
}
