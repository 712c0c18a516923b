const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Axis tick for epoch ms: the year, or "Mar 2019" when the domain is shorter than ~3 years. */
export function timeTick(spanMs: number): (t: number) => string {
  const short = spanMs < 3 * 365.25 * 86_400_000;
  return (t: number) => {
    const d = new Date(t);
    return short ? `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}` : String(d.getUTCFullYear());
  };
}

const NICE_STEPS = [1, 2, 5, 10, 20, 25, 50, 100];

/** The smallest "nice" step (1, 2, 5, 10, 20, 25, 50, 100) that gives at most `max` ticks over `span`. */
function niceStep(span: number, max: number): number {
  return NICE_STEPS.find((s) => span / s <= max) ?? Math.ceil(span / max);
}

/**
 * Yearly ticks (1 Jan) inside [from, to], at most `max` of them, on round years: every 1, 2, 5, 10…
 * years and at multiples of the step (1995, 2000, 2005…), so the labels read as a regular scale.
 */
export function yearTicks(from: number, to: number, max = 8): number[] {
  const y0 = new Date(from).getUTCFullYear();
  const y1 = new Date(to).getUTCFullYear();
  const step = niceStep(y1 - y0 + 1, max);
  const ticks: number[] = [];
  for (let y = Math.ceil(y0 / step) * step; y <= y1 + 1; y += step) {
    const t = Date.UTC(y, 0, 1);
    if (t >= from && t <= to) ticks.push(t);
  }
  return ticks.length >= 2 ? ticks : [from, to];
}

/**
 * Regular y ticks for a [lo, hi] domain: a step of 1, 2, 5, 10, 20, 25, 50… giving at most `max`
 * ticks, starting at a multiple of the step (70, 75, 80 — not 70, 73, 76, 79, 80).
 */
export function niceYTicks(domain: [number, number], max = 6): number[] {
  const [lo, hi] = domain;
  if (!(hi > lo)) return [lo];
  const step = niceStep(hi - lo, max - 1);
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  return ticks;
}
