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
