/** Small statistics helpers for the load benchmark. */

/** p50/p99/max (ms) of a sample, plus its size. */
export interface Summary {
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** Nearest-rank quantile of an ascending array. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(q * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] as number;
}

/** Summarises samples (in ms); NaN everywhere when there are none. */
export function summarise(samples: readonly number[]): Summary {
  const sorted = Float64Array.from(samples).sort();
  const arr = Array.from(sorted);
  return { n: arr.length, p50: quantile(arr, 0.5), p99: quantile(arr, 0.99), max: arr.length ? (arr[arr.length - 1] as number) : Number.NaN };
}

/** Formats milliseconds for the table. */
export function fmtMs(x: number): string {
  if (!Number.isFinite(x)) return '–';
  return x >= 100 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`;
}

/** Formats bytes as MB. */
export function fmtMB(bytes: number): string {
  return Number.isFinite(bytes) ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : '–';
}
