/** Where a chart's numbers come from, printed under the chart and carried into every export. */
export interface ChartSource {
  label: string;
  urls: string[];
}

/** An interval in percentage points, or null when it is not computable (e.g. n not disclosed). */
export interface PointInterval {
  low: number;
  high: number;
  level: number;
  method: 'wilson' | 'wald';
}

/** How a chart's numbers were computed: a name, its parameters and the /methodology anchor. */
export interface ChartMethod {
  /** machine name: 'wilson', 'kalman', 'ols', … */
  name: string;
  /** plain-language one-liner shown in the caption */
  label: string;
  parameters: Record<string, number | string | boolean>;
  /** anchor on /methodology (without '#') */
  anchor: string;
}

/** The page URL that reproduces the chart: path + the query parameters that shaped it. */
export interface ChartUrlState {
  path: string;
  query: Record<string, string>;
}

/** Fields every ChartData object carries, so one exporter can handle all of them. */
export interface ChartBase {
  /** discriminant: 'distribution' | 'trend' | 'house-effects' | … */
  kind: string;
  title: string;
  subtitle: string;
  /** what the y values are: 'percent' (0–100), 'percentage points', 'US$ bn', … */
  unit: string;
  method: ChartMethod;
  sources: ChartSource[];
  urlState: ChartUrlState;
  /** One sentence for screen readers. */
  summary: string;
}

/** Serialises a URL state to "/questions/x?method=kalman". */
export function urlOf(state: ChartUrlState): string {
  const q = new URLSearchParams(Object.entries(state.query).filter(([, v]) => v !== '')).toString();
  return q ? `${state.path}?${q}` : state.path;
}
