// RLS reads: plain selects on the rbac tables as a PostgREST client or the
// reporting login would run them, filtered only by the policies.
import { explainAsUser } from '../../explain.ts';
import { inRequest, openClient, withClient } from '../../session.ts';
import { repeat, timed } from '../../stats.ts';
import type { BenchContext, Measurement } from '../../types.ts';
import type { Actor } from './actors.ts';

const READS = [
  { id: 'members_count', sql: 'select count(*) as n from rbac.members' },
  { id: 'roles_page', sql: 'select * from rbac.roles limit 50' },
];

export async function measureRlsReads(ctx: BenchContext, who: string, actor: Actor): Promise<{ measurements: Measurement[]; notes: string[] }> {
  const client = await openClient(ctx.requestUrl);
  const measurements: Measurement[] = [];
  const notes: string[] = [];
  try {
    for (const read of READS) {
      let seen = 0;
      const samplesMs = await repeat(30, 3, () =>
        inRequest(client, actor.userId, async () => {
          let rows: { n?: string }[] = [];
          const ms = await timed(async () => {
            rows = (await client.query(read.sql)).rows;
          });
          seen = read.id === 'members_count' ? Number(rows[0].n) : rows.length;
          return ms;
        }),
      );
      notes.push(`RLS, ${who}: \`${read.sql}\` → ${read.id === 'members_count' ? `${seen} members visible` : `${seen} rows`}.`);
      measurements.push({
        id: `rls.${read.id}.${who.replaceAll(' ', '_')}`,
        label: `RLS read \`${read.sql}\` (${who})`,
        method: `As ${actor.name} (${actor.profile}): the select under RLS; 30 requests after 3 warm-ups; wall time incl. one round trip.`,
        samplesMs,
        explain: {
          title: `\`${read.sql}\` as ${who}`,
          run: () => withClient(ctx.url, (c) => explainAsUser(c, actor.userId, read.sql)),
        },
      });
    }
    return { measurements, notes };
  } finally {
    await client.end();
  }
}
