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

/**
 * "Units: percent. Method: …." — the method only when the subtitle does not already state it (the
 * trend's subtitle names its method; printing it twice made captions and images read badly).
 */
export function unitsAndMethod(chart: Pick<ChartBase, 'subtitle' | 'unit' | 'method'>): string {
  const said = chart.subtitle.toLowerCase().includes(chart.method.label.toLowerCase());
  return said ? `Units: ${chart.unit}.` : `Units: ${chart.unit}. Method: ${chart.method.label}.`;
}

/** Caveats an image of the chart must carry with it (the page shows them beside the chart). */
export function chartCaveats(chart: ChartBase): string[] {
  const imputed = 'imputedCount' in chart && typeof chart.imputedCount === 'number' ? chart.imputedCount : 0;
  if (imputed === 0) return [];
  return [
    `${imputed} ${imputed === 1 ? 'poll' : 'polls'} did not disclose n: the trend uses an imputed n (median of the pollster’s disclosed polls, else 1,000), and no interval is drawn for ${imputed === 1 ? 'it' : 'them'}.`,
  ];
}

/**
 * "Title: part", or "Title — part" when the title is a question ("…to Japan? — Against", never
 * "…to Japan?: Against").
 */
export function titleWith(title: string, part: string): string {
  return /[?!]$/.test(title.trim()) ? `${title.trim()} — ${part}` : `${title}: ${part}`;
}
