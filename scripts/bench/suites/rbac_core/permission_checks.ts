// Measurement (1): public.has_permission for the signed-in member. The hot
// path is many checks in one statement (a policy or a select list calling it
// per row), where the member's keys are computed once and then read from the
// per-statement cache; the cold path is the first check of a statement,
// which computes the member's effective rights (member_grants).
import { explainAsUser } from '../../explain.ts';
import { inRequest, literal, openClient, withClient } from '../../session.ts';
import { repeat, timed } from '../../stats.ts';
import type { BenchContext, Measurement } from '../../types.ts';
import type { Actor } from './actors.ts';

/** Checks per statement: 10,000, or fewer when that would take more than about 0.5 s (found by a trial statement). */
const MAX_CHECKS = 10_000;

/**
 * The key varies per row on purpose: a check whose argument is constant is a
 * "One-Time Filter" that Postgres evaluates once per statement, which would
 * time nothing. Held and lacking keys alternate, so both answers are timed.
 */
function checksStatement(keys: string[], n: number): string {
  return `select count(*) as allowed from generate_series(1, ${n}) g
           where public.has_permission((array[${keys.map(literal).join(', ')}])[1 + g % ${keys.length}])`;
}

export async function measurePerCheck(
  ctx: BenchContext,
  who: string,
  actor: Actor,
  held: string[],
  lacks: string[],
): Promise<Measurement> {
  const keys = [...held, ...lacks];
  const client = await openClient(ctx.requestUrl);
  try {
    const trialMs = await inRequest(client, actor.userId, () => timed(() => client.query(checksStatement(keys, 1000))));
    const n = Math.max(200, Math.min(MAX_CHECKS, Math.round((500 * 1000) / trialMs / 100) * 100));
    const expected = Array.from({ length: n }, (_, i) => (i + 1) % keys.length).filter((k) => k < held.length).length;
    const sql = checksStatement(keys, n);
    const samplesMs = await repeat(20, 2, () =>
      inRequest(client, actor.userId, async () => {
        let allowed = -1;
        const ms = await timed(async () => {
          allowed = Number((await client.query(sql)).rows[0].allowed);
        });
        if (allowed !== expected) {
          throw new Error(`has_permission answered ${allowed} allowed checks for ${actor.name}, expected ${expected}: the bench's key lists are wrong.`);
        }
        return ms / n;
      }),
    );
    return {
      id: `has_permission.per_check.${who}`,
      label: `has_permission, per check (${who}, many checks in one statement)`,
      method:
        `As ${actor.name} (${actor.profile}): \`select count(*) from generate_series(1, ${n}) where ` +
        `public.has_permission(<key of the row>)\` over ${held.length} held and ${lacks.length} missing keys; ` +
        `sample = statement wall time / ${n}; 20 statements after 2 warm-ups; answer count asserted. ` +
        `(The first check of each statement computes the rights and is included.)`,
      samplesMs,
      target: { limitMs: 0.025 },
      explain: {
        title: `has_permission, ${who}, 200 checks in one statement`,
        run: () => withClient(ctx.url, (c) => explainAsUser(c, actor.userId, checksStatement(keys, 200))),
      },
    };
  } finally {
    await client.end();
  }
}

/** First check of a statement on a warm connection: the member's rights are computed. */
export async function measureFirstCheck(ctx: BenchContext, who: string, actor: Actor, key: string): Promise<Measurement> {
  const sql = `select public.has_permission(${literal(key)})`;
  const client = await openClient(ctx.requestUrl);
  try {
    const samplesMs = await repeat(200, 10, () => inRequest(client, actor.userId, () => timed(() => client.query(sql))));
    return {
      id: `has_permission.first_check.${who}`,
      label: `has_permission, first check of a statement (${who}, rights computed)`,
      method:
        `As ${actor.name}: \`${sql}\` alone in its statement and request, on a connection that already ran it ` +
        `(plans cached, per-statement rights cache empty); 200 requests after 10 warm-ups; wall time incl. one round trip.`,
      samplesMs,
      explain: {
        title: `has_permission, first check of a statement (${who})`,
        run: () => withClient(ctx.url, (c) => explainAsUser(c, actor.userId, sql, { nestedMinMs: 0.05 })),
      },
    };
  } finally {
    await client.end();
  }
}

/** First check on a brand-new connection: nothing cached, plans included. */
export async function measureNewConnectionCheck(ctx: BenchContext, who: string, actor: Actor, key: string): Promise<Measurement> {
  const sql = `select public.has_permission(${literal(key)})`;
  const samplesMs = await repeat(20, 1, () =>
    withClient(ctx.requestUrl, (client) => inRequest(client, actor.userId, () => timed(() => client.query(sql)))),
  );
  return {
    id: `has_permission.new_connection.${who}`,
    label: `has_permission, first check on a new connection (${who})`,
    method: `As ${actor.name}: \`${sql}\` as the first request of a fresh connection (no cached plans); 20 connections; connect time excluded.`,
    samplesMs,
  };
}
