export type DatePrecision = 'day' | 'month' | 'year';

export interface PartialDate {
  start: Date;
  end: Date;
  precision: DatePrecision;
}

/**
 * Parse "1990", "2016-05" or "2018-11-22" into the span it covers, keeping the precision so that a
 * page can print "1990" or "May 2016" instead of an invented day.
 */
export function parsePartialDate(raw: string): PartialDate | null {
  const value = raw.trim();
  if (value === '') return null;
  let m = /^(\d{4})$/.exec(value);
  if (m) {
    const y = Number(m[1]);
    return { start: new Date(Date.UTC(y, 0, 1)), end: new Date(Date.UTC(y, 11, 31)), precision: 'year' };
  }
  m = /^(\d{4})-(\d{2})$/.exec(value);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]) - 1;
    return { start: new Date(Date.UTC(y, mo, 1)), end: new Date(Date.UTC(y, mo + 1, 0)), precision: 'month' };
  }
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m) {
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) return null;
    return { start: d, end: d, precision: 'day' };
  }
  return null;
}
