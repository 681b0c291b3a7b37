// The contract between the bench harness (scripts/bench.ts) and its suites.
// A suite owns its data generator and its measurements; the harness owns the
// database, the statistics, the EXPLAIN of the slowest query and the report.
// Issue 5's record-visibility suite (1M accounts) plugs in the same way: add
// a Suite to scripts/bench/suites/index.ts.
import type pg from 'pg';

export interface BenchContext {
  /** Connection string of the bench database (superuser). */
  url: string;
  /** The login requests use, as the app and PostgREST do: `authenticator`, then `set role authenticated`. */
  requestUrl: string;
  /** Superuser connection for generation and inspection; requests use their own clients (see session.ts). */
  admin: pg.Client;
  /** BENCH_SCALE: multiplies the data sizes (1 = the sizes the targets are stated for). */
  scale: number;
  log(line: string): void;
}

/** One timed step of data generation. */
export interface GenerationStep {
  step: string;
  ms: number;
}

export interface Generation {
  steps: GenerationStep[];
  /** What was generated, for the report: { orgs: 1000, members: 10000, … }. */
  sizes: Record<string, number>;
}

/** A measurement's target: met when the median (or the p95, when statistic says so) is at most limitMs. */
export interface Target {
  limitMs: number;
  statistic?: 'median' | 'p95';
}

/** How to show the plan of a measured statement: run `sql` the same way it was measured. */
export interface ExplainSpec {
  title: string;
  /** Runs `explain (analyze, buffers) <sql>` (and nested plans) in the measured session; rolls back. */
  run(): Promise<string>;
}

export interface Measurement {
  id: string;
  label: string;
  /** One or two sentences: what one sample is and how it was timed. */
  method: string;
  /** Time of one operation per sample, in milliseconds. */
  samplesMs: number[];
  target?: Target;
  explain?: ExplainSpec;
}

export interface Suite {
  id: string;
  title: string;
  generate(ctx: BenchContext): Promise<Generation>;
  /** Runs every measurement; facts worth printing (such as the R4 check) go to `notes`. */
  measure(ctx: BenchContext): Promise<{ measurements: Measurement[]; notes: string[] }>;
  /** Removes what generate wrote (only needed on a database that outlives the run). */
  cleanup(ctx: BenchContext): Promise<void>;
}
