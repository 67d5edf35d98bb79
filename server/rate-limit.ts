import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

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
    const b = this.refill(key);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** Whether `key` has a token left, without taking it. */
  has(key: string): boolean {
    return this.refill(key).tokens >= 1;
  }

  /** Takes one token even from an empty bucket (down to minus its size, so the debt is paid back by waiting). */
  charge(key: string): void {
    const b = this.refill(key);
    b.tokens = Math.max(-this.spec.burst, b.tokens - 1);
  }

  private refill(key: string): { tokens: number; at: number } {
    const now = this.now();
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= MAX_KEYS) this.evict(now);
      b = { tokens: this.spec.burst, at: now };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(this.spec.burst, b.tokens + ((now - b.at) / 1000) * this.spec.perSecond);
    b.at = now;
    return b;
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

/**
 * A keyed limit as the app uses it: {@link RateLimiter} in this process's memory (embedded store), or
 * {@link RedisLimiter}, shared by every process on one Redis.
 */
export interface KeyedLimiter {
  /** Takes one unit for `key`; false when none is left. */
  take(key: string): boolean | Promise<boolean>;
  /** Whether `key` has a unit left, without taking one. */
  has(key: string): boolean | Promise<boolean>;
  /** Takes one unit even when none is left. */
  charge(key: string): void | Promise<void>;
}

/** A Redis client as rate-limiter-flexible drives it (node-redis v4+, `useRedisPackage`). */
type RedisClientLike = object;

/**
 * A cluster-wide limit on Redis (rate-limiter-flexible): `burst` units per fixed window of
 * `burst / perSecond` seconds, counted in Redis so every process shares one budget. While Redis is
 * unreachable each process falls back to the same limit in its own memory (rate-limiter-flexible's
 * insurance limiter), so an outage neither blocks nor unlimits joins.
 */
export class RedisLimiter implements KeyedLimiter {
  private readonly limiter: RateLimiterRedis;
  private readonly points: number;

  constructor(client: RedisClientLike, spec: BucketSpec, keyPrefix: string) {
    this.points = spec.burst;
    const duration = Math.max(1, Math.ceil(spec.burst / spec.perSecond));
    this.limiter = new RateLimiterRedis({
      storeClient: client,
      useRedisPackage: true,
      keyPrefix: `gradflow:rl:${keyPrefix}`,
      points: spec.burst,
      duration,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: `gradflow:rl:${keyPrefix}`, points: spec.burst, duration }),
    });
  }

  async take(key: string): Promise<boolean> {
    try {
      await this.limiter.consume(key, 1);
      return true;
    } catch (err) {
      if (err instanceof RateLimiterRes) return false;
      throw err;
    }
  }

  async has(key: string): Promise<boolean> {
    const res = await this.limiter.get(key);
    return (res?.consumedPoints ?? 0) < this.points;
  }

  async charge(key: string): Promise<void> {
    await this.limiter.penalty(key, 1);
  }
}

/** The join limits of {@link JoinLimiters}. */
export interface JoinLimits {
  /** Failed join-code lookups per address (socket `player:join` and HTTP `GET /api/join/<code>` share it). */
  readonly failedJoinsPerIp: BucketSpec;
  /** Join attempts per room code. */
  readonly joinsPerRoom: BucketSpec;
}

/** The limiters joins go through; one set per process, shared by the socket server and the HTTP API. */
export interface JoinLimiters {
  readonly failedJoinsPerIp: KeyedLimiter;
  readonly joinsPerRoom: KeyedLimiter;
}

/** Join limiters in this process's memory (the embedded store). */
export function memoryJoinLimiters(limits: JoinLimits, now: () => number): JoinLimiters {
  return { failedJoinsPerIp: new RateLimiter(limits.failedJoinsPerIp, now), joinsPerRoom: new RateLimiter(limits.joinsPerRoom, now) };
}

/** Join limiters in Redis, shared by every process on it. */
export function redisJoinLimiters(client: RedisClientLike, limits: JoinLimits): JoinLimiters {
  return {
    failedJoinsPerIp: new RedisLimiter(client, limits.failedJoinsPerIp, 'join-fail-ip:'),
    joinsPerRoom: new RedisLimiter(client, limits.joinsPerRoom, 'join-room:'),
  };
}
