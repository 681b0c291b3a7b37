// Times every (visibility kind × query shape) three ways in the same run,
// interleaved sample by sample so that all three see the same cache and
// machine load: (a) as the member through RLS, in a request made like
// PostgREST's; (b) the hand-written equivalent filter as the superuser;
// (c) unfiltered, as the superuser. Reports the ratio (a)/(b) of medians.
import type pg from 'pg';
import { explainAsUser } from '../../explain.ts';
import { inRequest, openClient, withClient } from '../../session.ts';
import { formatMs, median, percentile, timed } from '../../stats.ts';
import type { BenchContext, Measurement } from '../../types.ts';
import type { VisibilityActor } from './actors.ts';
import { SHAPES, type Shape, type Way } from './shapes.ts';

const REPS = 40;
const WARMUP = 3;
/** Wall time per (kind, shape) for all three ways together; at least 5 samples each. */
const BUDGET_MS = 6_000;
export const RATIO_LIMIT = 1.2;

export interface Comparison {
  shape: Shape;
  actor: VisibilityActor;
  rls: number[];
  filtered: number[];
  unfiltered: number[];
  /** Rows (a) returned; equal to (b)'s, checked. */
  rows: number;
  ratio: number;
}

const WAYS: { way: Way; label: string }[] = [
  { way: 'rls', label: '(a) RLS as the member' },
  { way: 'filtered', label: '(b) hand-written filter, superuser' },
  { way: 'unfiltered', label: '(c) unfiltered, superuser' },
];

async function compare(
  requests: pg.Client,
  superuser: pg.Client,
  tenantId: string,
  actor: VisibilityActor,
  shape: Shape,
): Promise<Comparison> {
  const sql = (way: Way): string => shape.sql(tenantId, actor, way);
  const runRls = async (): Promise<{ ms: number; rows: unknown[] }> => {
    let rows: unknown[] = [];
    const ms = await inRequest(requests, actor.userId, () => timed(async () => (rows = (await requests.query(sql('rls'))).rows)));
    return { ms, rows };
  };
  const runSuper = async (way: Way): Promise<{ ms: number; rows: unknown[] }> => {
    let rows: unknown[] = [];
    const ms = await timed(async () => (rows = (await superuser.query(sql(way))).rows));
    return { ms, rows };
  };
  // The equivalence check: (a) and (b) return the same rows in the same order.
  const a = await runRls();
  const b = await runSuper('filtered');
  if (JSON.stringify(a.rows) !== JSON.stringify(b.rows)) {
    throw new Error(`Visibility bench: ${shape.id} as ${actor.key} returns other rows through RLS than with the hand-written filter.`);
  }
  // A statement of seconds is warm after one run; three would only stretch the bench.
  const warmup = a.ms > 500 ? 1 : WARMUP;
  for (let i = 0; i < warmup; i++) {
    await runRls();
    await runSuper('filtered');
    await runSuper('unfiltered');
  }
  const samples: Record<Way, number[]> = { rls: [], filtered: [], unfiltered: [] };
  const started = Date.now();
  while (samples.rls.length < REPS && (samples.rls.length < 5 || Date.now() - started < BUDGET_MS)) {
    samples.rls.push((await runRls()).ms);
    samples.filtered.push((await runSuper('filtered')).ms);
    samples.unfiltered.push((await runSuper('unfiltered')).ms);
  }
  const rows = shape.id === 'count' ? Number((a.rows[0] as { n: string }).n) : a.rows.length;
  return { shape, actor, ...samples, rows, ratio: median(samples.rls) / median(samples.filtered) };
}

export async function measureVisibility(
  ctx: BenchContext,
  tenantId: string,
  actors: VisibilityActor[],
): Promise<{ measurements: Measurement[]; comparisons: Comparison[] }> {
  const requests = await openClient(ctx.requestUrl);
  const superuser = await openClient(ctx.url);
  const measurements: Measurement[] = [];
  const comparisons: Comparison[] = [];
  try {
    for (const shape of SHAPES) {
      for (const actor of actors) {
        ctx.log(`  measuring ${shape.id} as ${actor.kind}…`);
        const c = await compare(requests, superuser, tenantId, actor, shape);
        comparisons.push(c);
        for (const { way, label } of WAYS) {
          const isRls = way === 'rls';
          measurements.push({
            id: `vis.${shape.id}.${actor.key}.${way}`,
            label: `V1 ${shape.title} — ${actor.kind} — ${label}`,
            method:
              (isRls
                ? `As ${actor.kind} (${actor.profile}): the statement in a request (authenticator, set role authenticated, JWT claims), RLS filtering.`
                : way === 'filtered'
                  ? 'Superuser (no RLS), with the visibility written into the WHERE clause as literals.'
                  : 'Superuser (no RLS), tenant filter only.') +
              ` ${c.rls.length} samples after 1–3 warm-ups (1 when a run takes over 0.5 s), interleaved with the other two ways; wall time of the statement incl. one round trip.`,
            samplesMs: c[way],
            target: isRls && shape.p95LimitMs ? { limitMs: shape.p95LimitMs, statistic: 'p95' } : undefined,
            explain: isRls
              ? {
                  title: `${shape.title} as ${actor.kind} (RLS)`,
                  run: () => withClient(ctx.url, (client) => explainAsUser(client, actor.userId, shape.sql(tenantId, actor, 'rls'))),
                }
              : undefined,
          });
        }
      }
    }
    return { measurements, comparisons };
  } finally {
    await requests.end().catch(() => undefined);
    await superuser.end().catch(() => undefined);
  }
}

/** One line per comparison: medians, p95s, ratio and its verdict. */
export function comparisonLine(c: Comparison): string {
  const verdict = c.ratio <= RATIO_LIMIT ? 'met' : 'MISSED';
  return `${c.shape.id}, ${c.actor.kind} (${c.rows} rows): (a) ${formatMs(median(c.rls))} / p95 ${formatMs(percentile(c.rls, 95))}; ` +
    `(b) ${formatMs(median(c.filtered))} / p95 ${formatMs(percentile(c.filtered, 95))}; ` +
    `(c) ${formatMs(median(c.unfiltered))} / p95 ${formatMs(percentile(c.unfiltered, 95))}; ` +
    `ratio (a)/(b) ${c.ratio.toFixed(2)} (target ≤ ${RATIO_LIMIT}: ${verdict}); ` +
    // The overhead in time too: for sub-millisecond queries a fixed cost dominates the ratio.
    `overhead (a)−(b) ${overhead(c)}.`;
}

/** The median RLS overhead over the hand-written filter, signed ("−1.20 ms" when RLS is faster). */
function overhead(c: Comparison): string {
  const diff = median(c.rls) - median(c.filtered);
  return `${diff < 0 ? '−' : '+'}${formatMs(Math.abs(diff))}`;
}
