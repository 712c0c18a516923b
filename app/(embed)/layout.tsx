import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import '../globals.css';
import { EmbedResizeReporter } from '@/components/charts/embed-resize-reporter';

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
        {/* One screen tall, so each frame's head and foot stay in view in an iframe of any height. */}
        <main className="flex h-dvh min-w-0 flex-col gap-4 p-3">{children}</main>
        <EmbedResizeReporter />
      </body>
    </html>
  );
}
