/**
 * Browser-side chart images: the chart's own <svg> (what Recharts drew) wrapped in a new SVG with
 * the title, caption and source drawn as text, every style inlined and no external references, so
 * the file looks the same anywhere. The PNG is that SVG rasterised at 2× through <img> + <canvas>.
 */

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
const SVG_NS = 'http://www.w3.org/2000/svg';

/** Presentation properties copied from computed style, so CSS classes and currentColor survive. */
const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'opacity',
  'font-size',
  'font-weight',
  'font-family',
  'text-anchor',
  'dominant-baseline',
  'visibility',
] as const;

/** The chart's main drawing: the largest <svg> inside the container (legend icons are small svgs too). */
export function findChartSvg(container: Element): SVGSVGElement | null {
  let best: SVGSVGElement | null = null;
  let bestArea = 0;
  for (const svg of container.querySelectorAll('svg')) {
    const r = svg.getBoundingClientRect();
    if (r.width * r.height > bestArea) {
      bestArea = r.width * r.height;
      best = svg;
    }
  }
  return best;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Greedy word wrap on an estimated glyph width (no layout engine inside an SVG file). */
export function wrapText(text: string, width: number, fontSize: number): string[] {
  const max = Math.max(10, Math.floor(width / (fontSize * 0.56)));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
    while (line.length > max) {
      lines.push(line.slice(0, max));
      line = line.slice(max);
    }
  }
  if (line) lines.push(line);
  return lines;
}

function inlineStyles(source: Element, clone: Element): void {
  const style = getComputedStyle(source);
  const parts: string[] = [];
  for (const p of STYLE_PROPS) {
    const v = style.getPropertyValue(p);
    if (v) parts.push(`${p}:${v}`);
  }
  if (parts.length > 0) clone.setAttribute('style', parts.join(';'));
  clone.removeAttribute('class');
  const s = source.children;
  const c = clone.children;
  for (let i = 0; i < s.length && i < c.length; i += 1) inlineStyles(s[i] as Element, c[i] as Element);
}

export interface ChartImageText {
  title: string;
  caption: string;
  source: string;
  /** absolute page URL, printed under the source */
  url: string;
}

/** The standalone SVG document text and its CSS pixel size. */
export function buildChartSvg(chartSvg: SVGSVGElement, text: ChartImageText): { svg: string; width: number; height: number } {
  const box = chartSvg.getBoundingClientRect();
  const width = Math.round(box.width);
  const chartHeight = Math.round(box.height);
  const pad = 12;
  const clone = chartSvg.cloneNode(true) as SVGSVGElement;
  inlineStyles(chartSvg, clone);
  // Nothing that could point outside the file: drop <image>, <foreignObject> and external hrefs.
  for (const el of clone.querySelectorAll('image, foreignObject, script')) el.remove();
  for (const el of clone.querySelectorAll('[href], [*|href]')) {
    const href = el.getAttribute('href') ?? el.getAttributeNS('http://www.w3.org/1999/xlink', 'href') ?? '';
    if (!href.startsWith('#')) {
      el.removeAttribute('href');
      el.removeAttributeNS('http://www.w3.org/1999/xlink', 'href');
    }
  }
  clone.setAttribute('x', '0');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(chartHeight));
  if (!clone.getAttribute('viewBox')) clone.setAttribute('viewBox', `0 0 ${width} ${chartHeight}`);
  clone.removeAttribute('style');

  const lines: { text: string; size: number; weight: number; colour: string }[] = [];
  const add = (t: string, size: number, weight: number, colour: string) => {
    for (const l of wrapText(t, width - 2 * pad, size)) lines.push({ text: l, size, weight, colour });
  };
  add(text.title, 16, 600, '#111827');
  add(text.caption, 12, 400, '#374151');
  const header: string[] = [];
  let y = pad;
  for (const l of lines) {
    y += l.size * 1.35;
    header.push(
      `<text x="${pad}" y="${y.toFixed(1)}" font-family="${escapeXml(FONT)}" font-size="${l.size}" font-weight="${l.weight}" fill="${l.colour}">${escapeXml(l.text)}</text>`,
    );
  }
  const chartTop = Math.ceil(y + 8);
  clone.setAttribute('y', String(chartTop));
  const footer: string[] = [];
  y = chartTop + chartHeight + 4;
  for (const [t, colour] of [
    [text.source, '#4b5563'],
    [text.url, '#1e3a8a'],
  ] as const) {
    for (const l of wrapText(t, width - 2 * pad, 11)) {
      y += 11 * 1.4;
      footer.push(`<text x="${pad}" y="${y.toFixed(1)}" font-family="${escapeXml(FONT)}" font-size="11" fill="${colour}">${escapeXml(l)}</text>`);
    }
  }
  const height = Math.ceil(y + pad);
  const inner = new XMLSerializer().serializeToString(clone);
  const svg =
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="${SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(FONT)}">` +
    `<title>${escapeXml(text.title)}</title>` +
    `<rect width="100%" height="100%" fill="#ffffff"/>` +
    header.join('') +
    inner +
    footer.join('') +
    `</svg>`;
  return { svg, width, height };
}

/** Rasterise an SVG document at `scale` × its CSS size (2 = crisp on high-density screens and in print). */
export async function svgToPng(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  const img = new Image();
  img.decoding = 'async';
  const loaded = new Promise<void>((resolve, reject) => {
    img.onload = () => resolve();
    img.onerror = () => reject(new Error('The chart image could not be drawn'));
  });
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await loaded;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('Canvas is not available');
  ctx.scale(scale, scale);
  ctx.drawImage(img, 0, 0, width, height);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
}

/** Save a Blob under a file name (an <a download> click; the object URL is freed afterwards). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
