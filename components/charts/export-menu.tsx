'use client';

import { useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import type { ChartExportLinks } from '@/lib/charts/export-links';

const noopSubscribe = () => () => {};

/** The page origin on the client, '' during server rendering (links are made absolute once hydrated). */
function useOrigin(): string {
  return useSyncExternalStore(
    noopSubscribe,
    () => window.location.origin,
    () => '',
  );
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

const itemClass = 'block w-full rounded px-2 py-1 text-left text-sm text-gray-900 hover:bg-gray-100 focus:bg-gray-100';

/** The iframe height of the embed code when the host page does not run the sizing script. */
export const EMBED_DEFAULT_HEIGHT = 600;

/**
 * Export / share / embed menu of one chart: a disclosure button and a panel (not an ARIA menu: it
 * holds links, radio buttons and text fields, which keep their native keyboard behaviour). Escape
 * closes it and returns focus to the button; so does a click outside.
 */
export function ExportMenu({ links, label }: { links: ChartExportLinks; label?: string }) {
  const [open, setOpen] = useState(false);
  const [scope, setScope] = useState<'shown' | 'full'>('shown');
  const [status, setStatus] = useState('');
  const [copyFailed, setCopyFailed] = useState(false);
  const [showEmbed, setShowEmbed] = useState(false);
  const origin = useOrigin();
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const query = scope === 'full' && links.fullQuery !== null ? links.fullQuery : links.shownQuery;
  const dataUrl = (ext: 'csv' | 'json') => (links.dataPath ? `${links.dataPath}.${ext}${query}` : null);
  const pageUrl = origin + links.pageUrl;
  const embedSnippet = links.embedUrl
    ? // The script sizes the frame to its chart (public/embed.js); without it the fixed height still shows
      // the title, legend, source and back-link, and the chart scrolls inside the frame.
      `<iframe src="${origin}${links.embedUrl}" title="${links.title.replace(/"/g, '&quot;')}" width="100%" height="${EMBED_DEFAULT_HEIGHT}" style="border:0" loading="lazy"></iframe>` +
      `<script async src="${origin}/embed.js"></script>`
    : '';

  async function image(kind: 'svg' | 'png') {
    try {
      // Loaded on the first image export: few readers export, and every chart page would carry it.
      // Inside the try: a failed chunk load (offline, new deployment) ends up in the status line.
      const { buildChartSvg, findChartSvg, saveBlob, svgToPng } = await import('@/components/charts/chart-image');
      const container = document.getElementById(links.chartId);
      const svgEl = container ? findChartSvg(container) : null;
      if (!svgEl) {
        setStatus('The chart is not drawn yet; try again in a moment.');
        return;
      }
      const { svg, width, height } = buildChartSvg(svgEl, { title: links.title, caption: links.caption, source: links.source, url: pageUrl });
      const name = `${links.fileBase}-${today()}.${kind}`;
      if (kind === 'svg') saveBlob(new Blob([svg], { type: 'image/svg+xml' }), name);
      else saveBlob(await svgToPng(svg, width, height, 2), name);
      setStatus(`Saved ${name}`);
    } catch (error) {
      setStatus(error instanceof Error ? error.message : 'The image could not be made');
    }
  }

  async function copyLink() {
    try {
      await navigator.clipboard.writeText(pageUrl);
      setCopyFailed(false);
      setStatus('Copied');
    } catch {
      // No clipboard permission (or an insecure origin): show the field to copy by hand.
      setCopyFailed(true);
      setStatus('Copy the link from the field below');
    }
  }

  async function copyEmbed() {
    try {
      await navigator.clipboard.writeText(embedSnippet);
      setStatus('Embed code copied');
    } catch {
      setStatus('Copy the embed code from the field below');
    }
  }

  function close() {
    setOpen(false);
    button.current?.focus();
  }

  const csv = dataUrl('csv');
  const json = dataUrl('json');
  return (
    <div
      ref={root}
      className="relative inline-block text-left"
      data-testid="export-menu"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          close();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        onClick={() => setOpen((v) => !v)}
        className="rounded border border-gray-400 bg-white px-2.5 py-1 text-sm text-gray-900 hover:bg-gray-100"
        data-testid="export-button"
      >
        Export / share<span className="sr-only"> {label ?? links.title}</span> <span aria-hidden>▾</span>
      </button>
      <div
        id={`${id}-panel`}
        hidden={!open}
        className="absolute right-0 z-20 mt-1 w-72 max-w-[90vw] space-y-2 rounded border border-gray-300 bg-white p-2 shadow-lg"
        data-testid="export-panel"
      >
        {csv && json ? (
          <div className="space-y-1">
            <p className="px-2 text-xs font-semibold uppercase tracking-wide text-gray-600">Data</p>
            {links.fullQuery !== null ? (
              <fieldset className="px-2 text-sm">
                <legend className="sr-only">Which data</legend>
                <label className="mr-3 inline-flex items-center gap-1">
                  <input type="radio" name={`${id}-scope`} checked={scope === 'shown'} onChange={() => setScope('shown')} data-testid="scope-shown" /> As shown
                </label>
                <label className="inline-flex items-center gap-1">
                  <input type="radio" name={`${id}-scope`} checked={scope === 'full'} onChange={() => setScope('full')} data-testid="scope-full" /> Full series
                </label>
              </fieldset>
            ) : null}
            <a href={csv} download className={itemClass} data-testid="export-csv">
              Download CSV
            </a>
            <a href={json} download className={itemClass} data-testid="export-json">
              Download JSON
            </a>
          </div>
        ) : null}
        {links.image ? (
          <div className="space-y-1">
            <p className="px-2 text-xs font-semibold uppercase tracking-wide text-gray-600">Image</p>
            <button type="button" className={itemClass} onClick={() => void image('png')} data-testid="export-png">
              Download PNG (2×)
            </button>
            <button type="button" className={itemClass} onClick={() => void image('svg')} data-testid="export-svg">
              Download SVG
            </button>
          </div>
        ) : null}
        <div className="space-y-1">
          <p className="px-2 text-xs font-semibold uppercase tracking-wide text-gray-600">Share</p>
          <button type="button" className={itemClass} onClick={() => void copyLink()} data-testid="copy-link">
            Copy link
          </button>
          {copyFailed ? (
            <label className="block px-2 text-xs text-gray-700">
              Link to this view
              <input
                readOnly
                value={pageUrl}
                onFocus={(e) => e.currentTarget.select()}
                className="mt-1 w-full rounded border border-gray-300 px-1 py-0.5 text-xs"
                data-testid="link-field"
              />
            </label>
          ) : null}
          {links.embedUrl ? (
            <>
              <button type="button" className={itemClass} aria-expanded={showEmbed} onClick={() => setShowEmbed((v) => !v)} data-testid="embed-toggle">
                Embed
              </button>
              {showEmbed ? (
                <div className="space-y-1 px-2">
                  <label className="block text-xs text-gray-700">
                    Embed code
                    <textarea
                      readOnly
                      rows={4}
                      value={embedSnippet}
                      onFocus={(e) => e.currentTarget.select()}
                      className="mt-1 w-full rounded border border-gray-300 p-1 font-mono text-xs"
                      data-testid="embed-code"
                    />
                  </label>
                  <button type="button" className="rounded border border-gray-400 px-2 py-0.5 text-xs" onClick={() => void copyEmbed()}>
                    Copy embed code
                  </button>
                </div>
              ) : null}
            </>
          ) : null}
        </div>
        <p role="status" aria-live="polite" className="min-h-[1rem] px-2 text-xs text-green-800" data-testid="export-status">
          {status}
        </p>
      </div>
    </div>
  );
}
