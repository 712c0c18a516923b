const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Axis tick for epoch ms: the year, or "Mar 2019" when the domain is shorter than ~3 years. */
export function timeTick(spanMs: number): (t: number) => string {
  const short = spanMs < 3 * 365.25 * 86_400_000;
  return (t: number) => {
    const d = new Date(t);
    return short ? `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}` : String(d.getUTCFullYear());
  };
}

/** Evenly spaced yearly ticks (1 Jan) inside [from, to], at most `max` of them. */
export function yearTicks(from: number, to: number, max = 8): number[] {
  const y0 = new Date(from).getUTCFullYear();
  const y1 = new Date(to).getUTCFullYear();
  const span = y1 - y0 + 1;
  const step = Math.max(1, Math.ceil(span / max));
  const ticks: number[] = [];
  for (let y = y0; y <= y1 + 1; y += step) {
    const t = Date.UTC(y, 0, 1);
    if (t >= from && t <= to) ticks.push(t);
  }
  return ticks.length >= 2 ? ticks : [from, to];
}
