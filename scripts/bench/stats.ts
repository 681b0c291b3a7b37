// Median and p95 of a sample, and how the report prints durations.

/** Nearest-rank percentile (p in 0..100) of unsorted samples. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function median(samples: number[]): number {
  return percentile(samples, 50);
}

/** 0.0123 ms → "12.3 µs", 4.56 → "4.56 ms", 1234 → "1.23 s". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1) return `${(ms * 1000).toPrecision(3)} µs`;
  if (ms < 1000) return `${ms.toPrecision(3)} ms`;
  return `${(ms / 1000).toPrecision(3)} s`;
}

/** Milliseconds elapsed while fn ran. */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Runs fn `warmup` times untimed, then up to `reps` times. Once `budgetMs` of
 * wall time (warm-ups included) is spent it stops early, after at least 3
 * samples, so one slow measurement cannot stretch the bench far past its few
 * minutes. Returns what fn reports per run (ms).
 */
export async function repeat(reps: number, warmup: number, fn: () => Promise<number>, budgetMs = 20_000): Promise<number[]> {
  const started = Date.now();
  for (let i = 0; i < warmup && (i === 0 || Date.now() - started < budgetMs / 4); i++) await fn();
  const samples: number[] = [];
  while (samples.length < reps && (samples.length < 3 || Date.now() - started < budgetMs)) samples.push(await fn());
  return samples;
}
