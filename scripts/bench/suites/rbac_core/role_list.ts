// Measurement (3): the roles list with a filter (R6), first page, as the
// administrator: by search text, by "holds permission X", and both.
import { explainAsUser } from '../../explain.ts';
import { inRequest, literal, openClient, withClient } from '../../session.ts';
import { repeat, timed } from '../../stats.ts';
import type { BenchContext, Measurement } from '../../types.ts';
import type { Actors } from './actors.ts';

interface ListFilter {
  id: string;
  label: string;
  search?: string;
  permission?: string;
}

const FILTERS: ListFilter[] = [
  { id: 'search', label: 'search "sales"', search: 'sales' },
  { id: 'permission', label: 'holds m07.edit', permission: 'm07.edit' },
  { id: 'search_and_permission', label: 'search "agent" and holds m12.view', search: 'agent', permission: 'm12.view' },
];

function listStatement(tenantId: string, filter: ListFilter): string {
  const args = [`p_tenant_id => ${literal(tenantId)}::uuid`];
  if (filter.search) args.push(`p_search => ${literal(filter.search)}`);
  if (filter.permission) args.push(`p_permission => ${literal(filter.permission)}`);
  return `select * from public.list_roles(${args.join(', ')}, p_limit => 50)`;
}

export async function measureRoleList(ctx: BenchContext, actors: Actors): Promise<{ measurements: Measurement[]; notes: string[] }> {
  const client = await openClient(ctx.requestUrl);
  const measurements: Measurement[] = [];
  const notes: string[] = [];
  try {
    for (const filter of FILTERS) {
      const sql = listStatement(actors.tenantId, filter);
      let total = 0;
      let page = 0;
      const samplesMs = await repeat(50, 5, () =>
        inRequest(client, actors.admin.userId, async () => {
          let rows: { total_count: string }[] = [];
          const ms = await timed(async () => {
            rows = (await client.query(sql)).rows;
          });
          page = rows.length;
          total = Number(rows[0]?.total_count ?? 0);
          return ms;
        }),
      );
      if (page === 0) throw new Error(`list_roles (${filter.label}) returned nothing; pick a filter the generated roles match.`);
      notes.push(`list_roles (${filter.label}): ${total} matching roles, first page of ${page} returned.`);
      measurements.push({
        id: `list_roles.${filter.id}`,
        label: `list_roles, first page, ${filter.label}`,
        method: `As the administrator: \`${sql.replace(literal(actors.tenantId), '<tenant>')}\`; 50 requests after 5 warm-ups; wall time incl. one round trip.`,
        samplesMs,
        target: { limitMs: 10 },
        explain: {
          title: `list_roles, ${filter.label}`,
          run: () => withClient(ctx.url, (c) => explainAsUser(c, actors.admin.userId, sql, { nestedMinMs: 0.2 })),
        },
      });
    }
    return { measurements, notes };
  } finally {
    await client.end();
  }
}
