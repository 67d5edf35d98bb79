/** A token bucket's size and refill rate. */
export interface BucketSpec {
  readonly burst: number;
  readonly perSecond: number;
}

/** Buckets idle this long are forgotten (they would be full again anyway). */
const IDLE_FORGET_MS = 10 * 60 * 1000;
/** Most keys kept; beyond it the oldest are dropped (a flood of distinct keys cannot grow memory). */
const MAX_KEYS = 100_000;

/** Keyed token buckets (per IP, per room), in this process's memory. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly spec: BucketSpec,
    private readonly now: () => number,
  ) {}

  /** Takes one token for `key`; false when the bucket is empty. */
  take(key: string): boolean {
    const now = this.now();
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= MAX_KEYS) this.evict(now);
      b = { tokens: this.spec.burst, at: now };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(this.spec.burst, b.tokens + ((now - b.at) / 1000) * this.spec.perSecond);
    b.at = now;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  private evict(now: number): void {
    for (const [key, b] of this.buckets) {
      if (now - b.at > IDLE_FORGET_MS) this.buckets.delete(key);
    }
    // Still full: drop the oldest half (Map iterates in insertion order).
    if (this.buckets.size >= MAX_KEYS) {
      let drop = Math.floor(MAX_KEYS / 2);
      for (const key of this.buckets.keys()) {
        if (drop-- <= 0) break;
        this.buckets.delete(key);
      }
    }
  }
}
