/**
 * Dated events annotated on the /compare panels (and available to any time chart).
 *
 * To add one: append `{ date: 'YYYY-MM-DD', label: 'short text', detail: 'one sentence', url }` below,
 * keeping the list in date order and the label under ~30 characters (it is printed on the chart). Use
 * `topics` to show it only next to questions/indicators whose topic matches (omit = show everywhere).
 */
export interface ChartEvent {
  date: string;
  label: string;
  detail: string;
  url?: string;
  topics?: string[];
}

export const CHART_EVENTS: ChartEvent[] = [
  {
    date: '2016-12-15',
    label: 'Abe–Putin, Nagato',
    detail: 'Summit in Nagato and Tokyo: agreement to discuss joint economic activity on the southern Kurils.',
    topics: ['Foreign policy', 'Trade'],
  },
  {
    date: '2018-11-14',
    label: 'Singapore: 1956 declaration',
    detail: 'Abe and Putin agree to speed up peace-treaty talks on the basis of the 1956 Soviet–Japanese declaration.',
    topics: ['Foreign policy', 'Trade'],
  },
  {
    date: '2019-01-22',
    label: 'Abe–Putin talks, Moscow',
    detail: 'Moscow talks; Putin cites about US$18bn of trade in 2017 against a US$30bn target (the seed story).',
    topics: ['Foreign policy', 'Trade'],
  },
  {
    date: '2022-02-24',
    label: 'Invasion of Ukraine',
    detail: 'Russia invades Ukraine; Japan joins sanctions and Russia suspends peace-treaty talks (March 2022).',
  },
];

/** Events within [fromMs, toMs], optionally limited to the given topics. */
export function eventsBetween(fromMs: number, toMs: number, topics: (string | null)[] = []): (ChartEvent & { t: number })[] {
  const wanted = new Set(topics.filter((t): t is string => t !== null));
  return CHART_EVENTS.map((e) => ({ ...e, t: Date.parse(e.date) })).filter(
    (e) => e.t >= fromMs && e.t <= toMs && (!e.topics || wanted.size === 0 || e.topics.some((t) => wanted.has(t))),
  );
}
