import type { ChartBase } from '@/lib/charts/types';
import { chartCaveats, unitsAndMethod, urlOf } from '@/lib/charts/types';

/**
 * What a chart's export menu needs, computed on the server from the ChartData the chart draws, so
 * the menu's data links name exactly the view on screen (ARCHITECTURE §5: the chart's data is at
 * its API URL + `.csv` / `.json`).
 */
export interface ChartExportLinks {
  /** id of the element holding the chart's <svg> */
  chartId: string;
  /** `kuril-transfer-distribution`: download names get the date and extension appended */
  fileBase: string;
  title: string;
  caption: string;
  source: string;
  /** page path + query that reproduces the view */
  pageUrl: string;
  /** data URL without extension; `.csv` / `.json` is appended */
  dataPath: string | null;
  /** query of the data URL "as shown" */
  shownQuery: string;
  /** query of the "full series" data URL (no from/to/pollster); null when the view has no filters */
  fullQuery: string | null;
  /** `/embed/…` path + query, or null when the chart has no embed view */
  embedUrl: string | null;
  /** false for tables (the waves table): no PNG/SVG */
  image: boolean;
}

/** View filters that "full series" drops. */
export const FILTER_KEYS = ['from', 'to', 'pollster'] as const;

function queryString(query: Record<string, string>): string {
  const q = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== '')).toString();
  return q ? `?${q}` : '';
}

export function sourceText(chart: Pick<ChartBase, 'sources'>): string {
  if (chart.sources.length === 0) return 'Source: not recorded';
  return `Source${chart.sources.length > 1 ? 's' : ''}: ${chart.sources.map((s) => (s.urls.length > 0 ? `${s.label} (${s.urls.join(', ')})` : s.label)).join('; ')}`;
}

export function chartExportLinks(
  chart: ChartBase,
  options: { chartId: string; fileBase: string; dataPath: string | null; embedPath?: string | null; query?: Record<string, string>; image?: boolean },
): ChartExportLinks {
  const query = options.query ?? chart.urlState.query;
  const full = Object.fromEntries(Object.entries(query).filter(([k]) => !(FILTER_KEYS as readonly string[]).includes(k)));
  const hasFilters = Object.keys(full).length !== Object.keys(query).length;
  return {
    chartId: options.chartId,
    fileBase: options.fileBase,
    title: chart.title,
    caption: [`${chart.subtitle}. ${unitsAndMethod(chart)}`, ...chartCaveats(chart)].join(' '),
    source: sourceText(chart),
    pageUrl: urlOf(chart.urlState),
    dataPath: options.dataPath,
    shownQuery: queryString(query),
    fullQuery: hasFilters ? queryString(full) : null,
    embedUrl: options.embedPath ? options.embedPath + queryString(chart.urlState.query) : null,
    image: options.image ?? true,
  };
}
