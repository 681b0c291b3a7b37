// The members the visibility measurements act as, one per visibility kind,
// with the filter a superuser would hand-write to return exactly the rows
// RLS returns them (measurement (b): the physical limit of filtering by
// the row's own columns). The filters are built here from the member's data
// (org scope, assignees, ownership), independently of the policy helpers;
// the measurements check that both return the same rows.
import type pg from 'pg';

export interface VisibilityActor {
  key: string;
  /** For labels: "assigned, 20 assignees". */
  kind: string;
  memberId: string;
  userId: string;
  /** One line for the report: who and how much they see. */
  profile: string;
  /** SQL condition on `public.accounts a` equal to what RLS lets this member see. */
  filter: string;
  /** A visible account with policies, for "open one account". */
  openAccountId: string;
}

const uuidArray = (ids: string[]): string => `'{${ids.join(',')}}'::uuid[]`;

const KINDS: { key: string; kind: string }[] = [
  { key: 'admin', kind: 'All Accounts, company administrator' },
  { key: 'region', kind: 'All Accounts, region administrator' },
  { key: 'assigned_1', kind: 'Assigned, 1 assignee' },
  { key: 'assigned_20', kind: 'Assigned, 20 assignees' },
  { key: 'private', kind: 'private user' },
];

async function buildFilter(client: pg.Client, tenantId: string, memberId: string): Promise<string> {
  const { rows } = await client.query(
    `select m.user_type::text, m.visibility::text, m.home_org_id = m.tenant_id as at_root,
            array(select o from rbac_private.member_scope_orgs(m.id) o order by o)::text[] as orgs,
            array(select ma.assignee_id from rbac.member_assignees ma where ma.member_id = m.id order by 1)::text[] as assignees
       from rbac.members m where m.id = $1`,
    [memberId],
  );
  const m = rows[0];
  if (m.user_type === 'private_user') return `a.org_id = any (${uuidArray(m.orgs)}) and a.owner_member_id = '${memberId}'::uuid`;
  if (m.visibility === 'assigned') return `a.org_id = any (${uuidArray(m.orgs)}) and a.assignee_ids && ${uuidArray(m.assignees)}`;
  if (m.user_type === 'company_admin' || (m.user_type === 'administrator' && m.at_root)) return `a.tenant_id = '${tenantId}'::uuid`;
  return `a.org_id = any (${uuidArray(m.orgs)})`;
}

export async function chooseVisibilityActors(client: pg.Client): Promise<{ tenantId: string; actors: VisibilityActor[] }> {
  const context: Record<string, string> = Object.fromEntries(
    (await client.query(`select key, value from bench_vis.context`)).rows.map((r: { key: string; value: string }) => [r.key, r.value]),
  );
  const tenantId = context.tenant_id;
  const actors: VisibilityActor[] = [];
  for (const { key, kind } of KINDS) {
    const memberId = context[`${key}_member_id`];
    const filter = await buildFilter(client, tenantId, memberId);
    const { rows } = await client.query(
      `select m.user_id, m.user_type::text, m.visibility::text,
              (select count(*) from rbac_private.member_scope_orgs(m.id)) as scope_orgs,
              (select count(*) from rbac.member_assignees ma where ma.member_id = m.id) as assignees,
              (select count(*) from public.accounts a where a.tenant_id = m.tenant_id and ${filter}) as visible,
              (select a.id from public.accounts a
                where a.tenant_id = m.tenant_id and ${filter}
                  and exists (select 1 from public.insurance_policies p where p.account_id = a.id)
                order by md5(a.id::text) limit 1) as open_id
         from rbac.members m where m.id = $1`,
      [memberId],
    );
    const r = rows[0];
    if (!r?.open_id) throw new Error(`The visibility bench actor ${key} sees no account; sql/bench/visibility/ needs fixing.`);
    actors.push({
      key,
      kind,
      memberId,
      userId: r.user_id,
      profile: `${r.user_type}, visibility ${r.visibility}, ${r.scope_orgs} org(s) in scope, ${r.assignees} assignee(s), ` +
        `${Number(r.visible).toLocaleString('en')} visible accounts`,
      filter,
      openAccountId: r.open_id,
    });
  }
  return { tenantId, actors };
}
