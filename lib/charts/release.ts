import type { ChartBase } from '@/lib/charts/types';

/**
 * The chart as of a release names the release in its URL state, so its page link, data links and
 * embed code keep pointing at the frozen data rather than at whatever is current.
 */
export function atRelease<T extends ChartBase>(chart: T, version: string | null): T {
  if (!version) return chart;
  return { ...chart, urlState: { ...chart.urlState, query: { ...chart.urlState.query, release: version } } };
}
