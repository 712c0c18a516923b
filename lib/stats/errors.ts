/**
 * Typed error for the statistics engine. Functions in `lib/stats` never return
 * `NaN`: they either return an explicit "not computable" result or throw this.
 */
export type StatsErrorCode = 'EMPTY_INPUT' | 'INVALID_INPUT' | 'NOT_COMPUTABLE';

export class StatsError extends Error {
  readonly code: StatsErrorCode;

  constructor(code: StatsErrorCode, message: string) {
    super(message);
    this.name = 'StatsError';
    this.code = code;
  }
}

/** Throws `INVALID_INPUT` unless `x` is a finite number. */
export function assertFinite(x: number, name: string): void {
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new StatsError('INVALID_INPUT', `${name} must be a finite number, got ${String(x)}`);
  }
}

/** Throws `INVALID_INPUT` unless `p` is a finite proportion in [0, 1]. */
export function assertProportion(p: number, name = 'p'): void {
  assertFinite(p, name);
  if (p < 0 || p > 1) throw new StatsError('INVALID_INPUT', `${name} must be a proportion in [0, 1], got ${p}`);
}

/** Throws `INVALID_INPUT` unless `x` is finite and strictly positive. */
export function assertPositive(x: number, name: string): void {
  assertFinite(x, name);
  if (x <= 0) throw new StatsError('INVALID_INPUT', `${name} must be > 0, got ${x}`);
}

/** Throws `INVALID_INPUT` unless `level` is a confidence level strictly inside (0, 1). */
export function assertLevel(level: number): void {
  assertFinite(level, 'level');
  if (level <= 0 || level >= 1) throw new StatsError('INVALID_INPUT', `level must be in (0, 1), got ${level}`);
}

/** Throws `EMPTY_INPUT` when the array is empty. */
export function assertNonEmpty(xs: readonly unknown[], name: string): void {
  if (xs.length === 0) throw new StatsError('EMPTY_INPUT', `${name} must not be empty`);
}
