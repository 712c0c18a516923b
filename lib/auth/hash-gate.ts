import { LOGIN_GLOBAL_BUDGET, LOGIN_HASH_CONCURRENCY } from '@/lib/auth/config';

/**
 * Admission for password checks in this process (lib/auth/login.ts): a slot per running scrypt,
 * at most `total` at once and `perClient` per client address, and a budget of failed checks per
 * window. Never queues: a caller that cannot have a slot is told at once, so a flood costs the
 * server a map look-up per attempt instead of a hash. State is per process on purpose: the limit
 * protects this process's CPU and thread pool.
 */
export class HashGate {
  private running = 0;
  private readonly perClient = new Map<string, number>();
  private failures: number[] = [];

  constructor(
    private readonly limits: { total: number; perClient: number } = LOGIN_HASH_CONCURRENCY,
    private readonly budget: { failuresPerWindow: number; windowMs: number } = LOGIN_GLOBAL_BUDGET,
  ) {}

  /** Would tryAcquire succeed now? Lets a caller answer "busy" before any database work. */
  wouldAdmit(client: string | null): boolean {
    return this.running < this.limits.total && (this.perClient.get(client ?? 'unknown') ?? 0) < this.limits.perClient;
  }

  /** A release function, or null when the server or this client is already at its limit. */
  tryAcquire(client: string | null): (() => void) | null {
    const key = client ?? 'unknown';
    const mine = this.perClient.get(key) ?? 0;
    if (this.running >= this.limits.total || mine >= this.limits.perClient) return null;
    this.running += 1;
    this.perClient.set(key, mine + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running -= 1;
      const left = (this.perClient.get(key) ?? 1) - 1;
      if (left <= 0) this.perClient.delete(key);
      else this.perClient.set(key, left);
    };
  }

  recordFailure(now: number = Date.now()): void {
    this.prune(now);
    this.failures.push(now);
  }

  /** True while the failed checks of the last window have used up the budget. */
  budgetSpent(now: number = Date.now()): boolean {
    this.prune(now);
    return this.failures.length >= this.budget.failuresPerWindow;
  }

  get inUse(): number {
    return this.running;
  }

  private prune(now: number): void {
    const since = now - this.budget.windowMs;
    if (this.failures.length > 0 && (this.failures[0] ?? now) <= since) this.failures = this.failures.filter((t) => t > since);
  }
}

/** The process's gate for logins. */
export const loginHashGate = new HashGate();
