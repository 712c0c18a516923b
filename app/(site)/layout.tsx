import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import { Suspense, type ReactNode } from 'react';
import { LiveUpdates } from '@/components/live/live-updates';
import '../globals.css';

export const metadata: Metadata = {
  title: { default: 'Pollboard', template: '%s · Pollboard' },
  description: 'Public-opinion polls and the indicators they are read against, with every number’s uncertainty.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
          Skip to content
        </a>
        <header className="border-b border-gray-200 bg-white">
          <nav className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3" aria-label="Main">
            <Link href="/" className="text-lg font-semibold text-gray-900 no-underline">
              Pollboard
            </Link>
            <Link href="/" className="text-sm text-gray-700 hover:text-gray-900">
              Overview
            </Link>
            <Link href="/compare" className="text-sm text-gray-700 hover:text-gray-900">
              Compare
            </Link>
            <Link href="/methodology" className="text-sm text-gray-700 hover:text-gray-900">
              Methodology
            </Link>
            <Link href="/api" prefetch={false} className="text-sm text-gray-700 hover:text-gray-900">
              API
            </Link>
          </nav>
        </header>
        <main id="main" className="mx-auto min-w-0 max-w-5xl px-4 py-6">
          {/* Reads the URL on the client only: its own boundary keeps the pages' rendering as it was. */}
          <Suspense fallback={null}>
            <LiveUpdates />
          </Suspense>
          {children}
        </main>
        <footer className="mx-auto max-w-5xl px-4 pb-8 pt-4 text-xs text-gray-600">
          Pollboard shows each number with its 95% interval. Sources are linked under every chart.
        </footer>
      </body>
    </html>
  );
}
