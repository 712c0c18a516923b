import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import '../globals.css';

// Root layout of /embed/…: the chart alone, for iframes on other sites — no site header or footer.
export const metadata: Metadata = {
  title: { default: 'Pollboard chart', template: '%s · Pollboard' },
  robots: { index: false },
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default function EmbedLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="bg-white">
        <main className="min-w-0 p-3">{children}</main>
      </body>
    </html>
  );
}
