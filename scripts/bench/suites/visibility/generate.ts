// Issue 5's data: one agency tenant with 1,000 orgs, 50,000 members, 2,000
// AMS assignees, 1,000,000 accounts and 3,000,000 insurance policies (at
// BENCH_SCALE=1; orgs and assignees stay fixed, the rest scale). The SQL
// lives in sql/bench/visibility/ (one file per step).
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../../lib/migrate.ts';
import { runSqlSteps } from '../../sql_steps.ts';
import { timed } from '../../stats.ts';
import type { BenchContext, Generation } from '../../types.ts';

const SQL_DIR = path.join(ROOT, 'sql', 'bench', 'visibility');
const CLEANUP_SQL = path.join(ROOT, 'sql', 'bench', 'visibility_cleanup.sql');

/** Removes the visibility bench tenant, its users and the scratch schema bench_vis. */
export async function cleanupVisibility(ctx: BenchContext): Promise<void> {
  await ctx.admin.query(fs.readFileSync(CLEANUP_SQL, 'utf8'));
}

export async function generateVisibility(ctx: BenchContext): Promise<Generation> {
  const settings = {
    vis_orgs: 1000,
    vis_assignees: 2000,
    vis_members: Math.max(500, Math.round(50_000 * ctx.scale)),
    vis_accounts: Math.max(1000, Math.round(1_000_000 * ctx.scale)),
    vis_policies_per_account: 3,
  };
  await cleanupVisibility(ctx);
  const steps = await runSqlSteps(ctx.admin, SQL_DIR, settings, ctx.log);
  // Outside a transaction: the visibility map lets counts use index-only scans, as on a settled database.
  const vacuumMs = await timed(() => ctx.admin.query('vacuum (analyze) public.accounts, public.insurance_policies, public.account_assignees, rbac.members, rbac.member_assignees, rbac.orgs, rbac.org_closure, rbac.assignees'));
  steps.push({ step: 'vacuum analyze', ms: vacuumMs });
  ctx.log(`  vacuum analyze         ${(vacuumMs / 1000).toFixed(2)} s`);
  const { rows } = await ctx.admin.query(`
    with t as (select bench_vis.ctx('tenant_id')::uuid as id)
    select (select count(*) from rbac.orgs o, t where o.tenant_id = t.id) as orgs,
           (select count(*) from rbac.members m, t where m.tenant_id = t.id) as members,
           (select count(*) from rbac.members m, t where m.tenant_id = t.id and m.visibility = 'assigned') as assigned_members,
           (select count(*) from rbac.members m, t where m.tenant_id = t.id and m.user_type = 'private_user') as private_users,
           (select count(*) from rbac.assignees a, t where a.tenant_id = t.id) as assignees,
           (select count(*) from rbac.member_assignees a, t where a.tenant_id = t.id) as member_assignees,
           (select count(*) from public.accounts a, t where a.tenant_id = t.id) as accounts,
           (select count(*) from public.account_assignees a, t where a.tenant_id = t.id) as account_assignees,
           (select count(*) from public.insurance_policies p, t where p.tenant_id = t.id) as insurance_policies
  `);
  const sizes = Object.fromEntries(Object.entries(rows[0]).map(([k, v]) => [k, Number(v)]));
  return { steps, sizes };
}
