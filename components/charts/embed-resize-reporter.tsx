'use client';

import { useEffect } from 'react';

/** The message an embedded chart posts to its host page; public/embed.js listens for it. */
export const EMBED_HEIGHT_MESSAGE = 'pollboard:embed-height';

function px(value: string): number {
  const n = Number.parseFloat(value);
  return Number.isFinite(n) ? n : 0;
}

/**
 * The height the embed needs to show everything without scrolling: for each frame its head, the
 * natural height of its scrolling body's content and its foot, plus gaps and the page padding.
 * Measured from the parts, not from the document, because the document always fits the iframe.
 */
function naturalHeight(): number {
  const main = document.querySelector('main');
  let total = main ? px(getComputedStyle(main).paddingTop) + px(getComputedStyle(main).paddingBottom) : 0;
  const frames = [...document.querySelectorAll<HTMLElement>('[data-embed-part="frame"]')];
  if (main && frames.length > 1) total += px(getComputedStyle(main).rowGap) * (frames.length - 1);
  for (const frame of frames) {
    const gap = px(getComputedStyle(frame).rowGap);
    const parts = ['head', 'content', 'foot'].map((p) => frame.querySelector<HTMLElement>(`[data-embed-part="${p}"]`));
    total += parts.reduce((sum, el) => sum + (el ? el.getBoundingClientRect().height : 0), 0) + gap * 2;
  }
  return Math.ceil(total);
}

/**
 * Tells the host page how tall the embed wants to be (postMessage to the parent, any origin: the
 * height is not a secret), whenever it changes — charts drawn after hydration, a table opened, a
 * narrower frame re-wrapping the text.
 */
export function EmbedResizeReporter() {
  useEffect(() => {
    if (window.parent === window) return;
    let last = -1;
    const report = () => {
      const height = naturalHeight();
      if (height === last || height <= 0) return;
      last = height;
      window.parent.postMessage({ type: EMBED_HEIGHT_MESSAGE, height, href: window.location.href }, '*');
    };
    const observer = new ResizeObserver(report);
    for (const el of document.querySelectorAll('[data-embed-part="head"], [data-embed-part="content"], [data-embed-part="foot"]')) observer.observe(el);
    report();
    return () => observer.disconnect();
  }, []);
  return null;
}
