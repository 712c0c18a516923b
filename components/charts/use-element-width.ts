'use client';

import { useEffect, useRef, useState, type RefObject } from 'react';

/**
 * The rendered width of an element (0 before the first layout), kept current with a ResizeObserver:
 * charts choose how many axis labels fit from it, so a 360 px phone gets fewer, unclipped ticks.
 */
export function useElementWidth<T extends HTMLElement>(): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w !== undefined) setWidth(Math.round(w));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
