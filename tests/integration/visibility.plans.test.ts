// V7 performance shape, checked with EXPLAIN (ANALYZE) on a few thousand
// generated rows: the generated policies evaluate their member-dependent
// parts as InitPlans (once per statement, not per row), opening one record
// or a child list uses index scans, and the parent check of a child runs
// only for members whose view is restricted.
import crypto from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { authenticatorUrl } from '../../src/lib/client/pg-transport.ts';
import { adminPool, asUser, closePool, createUser, uniqueEmail } from '../helpers/db.ts';

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Parent Relationship'?: string;
  'Subplan Name'?: string;
  'Actual Loops'?: number;
  Filter?: string;
  Plans?: PlanNode[];
}

const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

/** The table is read through this index (index scan or bitmap), never scanned whole. */
function expectIndexRead(plan: PlanNode[], table: string, index: string): void {
  expect(plan.some((n) => n['Index Name'] === index), `${table} is read through ${index}`).toBe(true);
  expect(plan.some((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === table), `no sequential scan of ${table}`).toBe(false);
}

let tenantId = '';
let accountId = '';
const users: Record<'admin' | 'branch' | 'assigned', string> = { admin: '', branch: '', assigned: '' };

async function explain(userId: string, sql: string): Promise<PlanNode[]> {
  return asUser(userId, async (c) => {
    const { rows } = await c.query(`explain (analyze, format json) ${sql}`);
    return nodes((rows[0]['QUERY PLAN'] as { Plan: PlanNode }[])[0].Plan);
  });
}

beforeAll(async () => {
  const db = adminPool();
  const q = async (sql: string, params: unknown[] = []): Promise<Record<string, string>[]> => (await db.query(sql, params)).rows;
  [{ id: tenantId }] = await q('select rbac_private.create_tenant($1) as id', [`Plans ${crypto.randomBytes(3).toString('hex')}`]);
  await q('select rbac_private.define_insurance_catalog($1)', [tenantId]);
  const orgs = (await q(`insert into rbac.orgs (tenant_id, parent_id, name) select $1, $1, 'Branch ' || g from generate_series(1, 20) g returning id`, [tenantId])).map((r) => r.id);
  const assignees = (await q(`insert into rbac.assignees (tenant_id, name) select $1, 'AMS ' || g from generate_series(1, 40) g returning id`, [tenantId])).map((r) => r.id);
  const [{ id: roleId }] = await q(
    `with r as (insert into rbac.roles (tenant_id, org_id, name) values ($1, $1, 'Producer') returning id),
          p as (insert into rbac.role_permissions (tenant_id, role_id, permission_id)
                select $1, r.id, p.id from r, rbac.permissions p where p.tenant_id = $1 and p.key in ('accounts.view', 'policies.view'))
     select id from r`, [tenantId]);
  const admin = await q(`select id from rbac.roles where tenant_id = $1 and system_key = 'administrator'`, [tenantId]);
  for (const [kind, userType, org, roles] of [
    ['admin', 'company_admin', tenantId, [admin[0].id]],
    ['branch', 'power_user', orgs[0], [roleId]],
    ['assigned', 'power_user', orgs[0], [roleId]],
  ] as const) {
    const email = uniqueEmail(kind);
    users[kind] = await createUser(email);
    const [{ id }] = await q('select rbac_private.insert_member($1, $2, $3, $4, $5, $6::rbac.user_type, $7::uuid[]) as id', [
      tenantId, users[kind], kind, email, org, userType, roles,
    ]);
    if (kind === 'assigned') await q(`select rbac_private.apply_member_visibility($1, 'assigned', $2::uuid[])`, [id, assignees.slice(0, 2)]);
  }
  await q(
    `insert into public.accounts (tenant_id, org_id, name)
     select $1, ($2::uuid[])[1 + g % 20], 'Account ' || lpad(g::text, 5, '0') from generate_series(1, 4000) g`,
    [tenantId, orgs],
  );
  await q(
    `insert into public.account_assignees (tenant_id, account_id, org_id, assignee_id)
     select a.tenant_id, a.id, a.org_id, ($2::uuid[])[1 + abs(hashtext(a.id::text)) % 40] from public.accounts a where a.tenant_id = $1`,
    [tenantId, assignees],
  );
  await q(
    `insert into public.insurance_policies (tenant_id, org_id, account_id, policy_number)
     select a.tenant_id, a.org_id, a.id, a.name || '/' || k from public.accounts a, generate_series(1, 3) k where a.tenant_id = $1`,
    [tenantId],
  );
  [{ id: accountId }] = await q(
    `select id from public.accounts where tenant_id = $1 and org_id = $2 and assignee_ids && $3::uuid[] limit 1`,
    [tenantId, orgs[0], assignees.slice(0, 2)],
  );
  await q('analyze public.accounts, public.account_assignees, public.insurance_policies');
}, 120_000);

afterAll(closePool);

/**
 * A policy filter without its estimate arms (20261123003200_visibility_protect_table.sql):
 * `((InitPlan n).col1 <> 0) AND (col = ANY (rbac_private.rls_…(…)))`, gated by
 * rls_estimate_only() = 0, so their plain helper call is never evaluated.
 */
function withoutEstimateArms(filter: string | undefined): string {
  return (filter ?? '').replace(/\(\(\(InitPlan \d+\)\.col1 <> 0\) AND \([a-z_]+ = ANY \(rbac_private\.rls_[a-z_]+\([^()]*\)\)\)\)/g, '');
}

describe('V7: generated policies evaluate the member once per statement and use indexes', () => {
  test.each(['admin', 'branch', 'assigned'] as const)('V7: opening one account as %s is a primary-key scan filtered by InitPlans', async (kind) => {
    const plan = await explain(users[kind], `select * from public.accounts where id = '${accountId}'`);
    const scan = plan.find((n) => n['Relation Name'] === 'accounts');
    expect(scan?.['Index Name']).toBe('accounts_pkey');
    expect(scan?.Filter, 'the policy compares columns with InitPlan results').toMatch(/InitPlan \d+\)\.col1/);
    expect(withoutEstimateArms(scan?.Filter), 'no helper is called per row').not.toMatch(/rbac_private\./);
    expect(plan.filter((n) => n['Parent Relationship'] === 'InitPlan' && (n['Actual Loops'] ?? 0) > 1)).toEqual([]);
  });

  test('V7: a full read of accounts runs every helper at most once', async () => {
    const plan = await explain(users.assigned, 'select count(*) from public.accounts');
    const initPlans = plan.filter((n) => n['Parent Relationship'] === 'InitPlan');
    expect(initPlans.length).toBeGreaterThan(0);
    expect(initPlans.every((n) => (n['Actual Loops'] ?? 0) <= 1)).toBe(true);
    expect(plan.some((n) => n['Parent Relationship'] === 'SubPlan')).toBe(false);
  });

  test('V7: a PostgREST request is planned for its own caller, never with a generic plan made for another', async () => {
    // PostgREST prepares its statements, serves every user on the same
    // connections and applies the impersonated role's settings (ALTER ROLE
    // authenticated SET …) in each request; the plan of a view policy fits the
    // caller it was made for (estimate arms), so 20261123003250_request_plan_cache.sql
    // sets plan_cache_mode for authenticated. This request does what PostgREST does.
    const client = new pg.Client({ connectionString: authenticatorUrl({ DATABASE_URL: inject('databaseUrl') }) });
    await client.connect();
    try {
      const request = async (userId: string): Promise<number> => {
        await client.query('begin');
        await client.query(`select set_config('request.jwt.claims', $1, true), set_config('role', 'authenticated', true)`, [
          JSON.stringify({ sub: userId, role: 'authenticated' }),
        ]);
        await client.query(
          `select set_config(split_part(c, '=', 1), substr(c, strpos(c, '=') + 1), true)
             from pg_db_role_setting s join pg_roles r on r.oid = s.setrole, unnest(s.setconfig) c
            where r.rolname = 'authenticated' and s.setdatabase = 0`,
        );
        const { rows } = await client.query({
          name: 'accounts_page',
          text: 'select id, name from public.accounts where tenant_id = $1 order by name limit 50',
          values: [tenantId],
        });
        await client.query('commit');
        return rows.length;
      };
      for (let i = 0; i < 8; i++) expect(await request(users.admin)).toBe(50);
      const own = await asUser(users.assigned, async (c) => (await c.query('select count(*)::int as n from public.accounts where tenant_id = $1', [tenantId])).rows[0].n);
      expect(await request(users.assigned)).toBe(own);
      const { rows } = await client.query(`select generic_plans::int, custom_plans::int from pg_prepared_statements where name = 'accounts_page'`);
      expect(rows[0]).toEqual({ generic_plans: 0, custom_plans: 9 });
    } finally {
      await client.end();
    }
  });

  test("V3: a member who sees every account of their org reads an account's policies without looking the account up", async () => {
    const plan = await explain(users.branch, `select * from public.insurance_policies where account_id = '${accountId}'`);
    expectIndexRead(plan, 'insurance_policies', 'insurance_policies_account_idx');
    const parentChecks = plan.filter((n) => n['Relation Name'] === 'accounts' && (n['Actual Loops'] ?? 0) > 0);
    expect(parentChecks, 'the org shortcut answered; the semi-join on accounts never ran').toEqual([]);
  });

  test("V3/V1: an assigned member's policies of one account check the account by its primary key", async () => {
    const plan = await explain(users.assigned, `select * from public.insurance_policies where account_id = '${accountId}'`);
    expectIndexRead(plan, 'insurance_policies', 'insurance_policies_account_idx');
    expectIndexRead(plan, 'accounts', 'accounts_pkey');
    const rows = await asUser(users.assigned, async (c) => (await c.query('select count(*)::int as n from public.insurance_policies where account_id = $1', [accountId])).rows[0].n);
    expect(rows).toBe(3);
  });
});
