/** One poll reading of one option of one question. */
export interface TrendPoint {
  /** fieldwork (end) date, as a Date or epoch milliseconds */
  date: Date | number;
  /** share for the option, a proportion in [0, 1] */
  value: number;
  /** effective sample size (n / deff), > 0 */
  n: number;
  pollster: string;
  /** true when n was imputed (see resolveSampleSizes) */
  imputed?: boolean;
}

export type TrendMethod = 'mean' | 'weighted' | 'loess' | 'kalman';

/** Simple mean of the last k polls (by date) up to and including each date. */
export interface MeanTrendOptions {
  method: 'mean';
  /** number of most recent polls averaged; default 5 */
  k?: number;
}

/** Weighted average with sample-size, recency and pollster weights, lag-corrected by the local slope, plus DerSimonian–Laird τ². */
export interface WeightedTrendOptions {
  method: 'weighted';
  /** recency half-life in days; default 30 */
  halfLifeDays?: number;
  /** √n weight is capped at √nCap; default 2000 */
  nCap?: number;
  /** only polls within this many days before the date count; default 4 half-lives (120 days) */
  windowDays?: number;
}

/** LOESS: local linear regression with tricube weights. */
export interface LoessTrendOptions {
  method: 'loess';
  /** kernel half-width in days, or 'aicc' to choose it by AICc; default 'aicc' */
  bandwidthDays?: number | 'aicc';
  /** maximum number of evaluation dates; others are linearly interpolated; default 500 */
  maxGridPoints?: number;
  /** prior weight min(n, nCap); default 2000 */
  nCap?: number;
}

/** Local-level (random walk + noise) Kalman filter with Rauch–Tung–Striebel smoother. */
export interface KalmanTrendOptions {
  method: 'kalman';
  /** random-walk variance per day (proportion² / day), or 'estimate' by maximum likelihood; default 'estimate' */
  processVariancePerDay?: number | 'estimate';
  /** estimate a constant drift of the level (from 4 poll dates on); default true */
  drift?: boolean;
}

export type TrendOptions = (MeanTrendOptions | WeightedTrendOptions | LoessTrendOptions | KalmanTrendOptions) & {
  /**
   * Non-sampling error added to the bands: the SD, as a proportion of a 50% share, of the
   * error polls share beyond sampling (scaled by 2√(p(1 − p)) at share p). 0 or absent = sampling
   * error only. See TOTAL_ERROR_SD for the value calibrated on past elections.
   */
  nonSamplingSd?: number;
};

export type BandLevel = 50 | 80 | 95;
export type Bands = Record<BandLevel, [number, number]>;

export interface TrendEstimate {
  /** epoch milliseconds of a distinct poll date */
  date: number;
  /** trend estimate, a proportion in [0, 1] */
  estimate: number;
  /** standard error of the estimate (proportion) */
  standardError: number;
  /** central normal bands estimate ± z·SE truncated to [0, 1]; nested 50 ⊂ 80 ⊂ 95 */
  bands: Bands;
}

export interface TrendResult {
  method: TrendMethod;
  /** the parameters actually used, defaults filled in (and estimated values, e.g. Kalman q) */
  parameters: Record<string, number | string | boolean>;
  /** one point per distinct poll date, ascending */
  points: TrendEstimate[];
}
