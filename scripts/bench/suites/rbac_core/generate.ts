// Issue 3's data: one tenant with 1,000 orgs in 5 levels, 10,000 members,
// 40 modules × 5 actions, 300 employee roles, groups and company ceilings.
// The SQL lives in sql/bench/rbac_core/ (one file per step).
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../../lib/migrate.ts';
import { runSqlSteps } from '../../sql_steps.ts';
import type { BenchContext, Generation } from '../../types.ts';

const SQL_DIR = path.join(ROOT, 'sql', 'bench', 'rbac_core');
const CLEANUP_SQL = path.join(ROOT, 'sql', 'bench', 'rbac_core_cleanup.sql');

/** Removes the bench tenant, its users and the scratch schema. */
export async function cleanupRbacCore(ctx: BenchContext): Promise<void> {
  await ctx.admin.query(fs.readFileSync(CLEANUP_SQL, 'utf8'));
}

export async function generateRbacCore(ctx: BenchContext): Promise<Generation> {
  const settings = {
    orgs: Math.max(20, Math.round(1000 * ctx.scale)),
    members: Math.max(100, Math.round(10_000 * ctx.scale)),
    modules: 40,
    roles: 300,
    company_roles: 10,
    groups: 12,
    ceiling_orgs: 8,
  };
  await cleanupRbacCore(ctx);
  const steps = await runSqlSteps(ctx.admin, SQL_DIR, settings, ctx.log);
  const { rows } = await ctx.admin.query(`
    with t as (select bench.ctx('tenant_id')::uuid as id)
    select (select count(*) from rbac.orgs o, t where o.tenant_id = t.id) as orgs,
           (select max(depth) + 1 from rbac.org_closure c, t where c.tenant_id = t.id) as org_levels,
           (select count(*) from rbac.org_closure c, t where c.tenant_id = t.id) as org_closure_rows,
           (select count(*) from rbac.members m, t where m.tenant_id = t.id) as members,
           (select count(*) from rbac.member_orgs m, t where m.tenant_id = t.id) as extra_member_orgs,
           (select count(*) from rbac.modules m, t where m.tenant_id = t.id) as modules,
           (select count(*) from rbac.permissions p, t where p.tenant_id = t.id) as permissions,
           (select count(*) from rbac.permission_implications p, t where p.tenant_id = t.id) as implications,
           (select count(*) from rbac.roles r, t where r.tenant_id = t.id and r.kind = 'employee') as employee_roles,
           (select count(*) from rbac.roles r, t where r.tenant_id = t.id and r.kind = 'company') as company_roles,
           (select count(*) from rbac.role_permissions r, t where r.tenant_id = t.id) as role_permissions,
           (select count(*) from rbac.member_roles r, t where r.tenant_id = t.id) as member_roles,
           (select count(*) from rbac.groups g, t where g.tenant_id = t.id) as groups,
           (select count(*) from rbac.group_roles g, t where g.tenant_id = t.id) as group_roles,
           (select count(*) from rbac.group_members g, t where g.tenant_id = t.id) as group_members,
           (select count(distinct org_id) from rbac.org_company_roles o, t where o.tenant_id = t.id) as capped_orgs,
           (select count(*) from rbac.org_company_roles o, t where o.tenant_id = t.id) as org_company_roles,
           (select count(*) from rbac.member_roles r
             where r.role_id = bench.ctx('staff_role_id')::uuid) as staff_role_holders
  `);
  const sizes = Object.fromEntries(Object.entries(rows[0]).map(([k, v]) => [k, Number(v)]));
  return { steps, sizes };
}
