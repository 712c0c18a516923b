const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function parts(iso: string): { y: number; m: number; d: number } {
  const date = new Date(iso);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth(), d: date.getUTCDate() };
}

/** A date at the precision the source gave: "1990", "May 2016", "22 Nov 2018". */
export function formatDate(iso: string | null, precision: string = 'day'): string {
  if (!iso) return 'not disclosed';
  const { y, m, d } = parts(iso);
  if (precision === 'year') return String(y);
  if (precision === 'month') return `${MONTHS[m]} ${y}`;
  return `${d} ${MONTHS[m]} ${y}`;
}

/** Field period: "22–28 Nov 2018", "30 Oct – 2 Nov 2018", "May 2016", "1990". */
export function formatFieldDates(start: string | null, end: string | null, precision: string = 'day'): string {
  if (!start && !end) return 'dates not disclosed';
  if (!start || !end) return formatDate(start ?? end, precision);
  if (precision !== 'day') {
    const a = formatDate(start, precision);
    const b = formatDate(end, precision);
    return a === b ? a : `${a} – ${b}`;
  }
  const s = parts(start);
  const e = parts(end);
  if (s.y === e.y && s.m === e.m) {
    return s.d === e.d ? formatDate(end) : `${s.d}–${e.d} ${MONTHS[e.m]} ${e.y}`;
  }
  if (s.y === e.y) return `${s.d} ${MONTHS[s.m]} – ${e.d} ${MONTHS[e.m]} ${e.y}`;
  return `${formatDate(start)} – ${formatDate(end)}`;
}

const integer = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/** "1,600" or "not disclosed". */
export function formatSampleSize(n: number | null): string {
  return n === null ? 'not disclosed' : integer.format(n);
}

/** Percentage points with a fixed number of decimals, no % sign: 73.6 → "73.6". */
export function formatPoints(value: number, decimals = 1): string {
  return value.toFixed(decimals);
}

/** A share as printed in the source: whole numbers stay whole ("74%"). */
export function formatPercent(value: number): string {
  return `${Number.isInteger(value) ? value.toFixed(0) : value.toFixed(1)}%`;
}

export function formatNumber(value: number, decimals = 1): string {
  return new Intl.NumberFormat('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value);
}
