// The people the measurements act as, chosen from the generated data by
// rule (deterministically), with what makes them representative.
import type pg from 'pg';

export interface Actor {
  memberId: string;
  userId: string;
  name: string;
  /** One line for the report: why this member. */
  profile: string;
}

export interface Actors {
  tenantId: string;
  admin: Actor;
  /** A power user with the most work behind a check: 3 direct roles, a group, two ceilings. */
  checker: Actor;
  checkerHeld: string[];
  checkerLacks: string[];
  /** A power user who may read members and roles (users.view, roles.view) in their home org only. */
  powerUser: Actor;
  /** A Staff holder without a ceiling, for the R4 next-statement check. */
  holder: Actor;
  staffRoleId: string;
  probePermission: string;
}

async function profile(client: pg.Client, memberId: string): Promise<string> {
  const { rows } = await client.query(
    `select m.user_type,
            (select count(*) from rbac.member_roles mr where mr.member_id = m.id) as direct_roles,
            (select count(*) from rbac.group_members gm where gm.member_id = m.id) as groups,
            (select count(distinct o.org_id) from rbac.org_closure c
               join rbac.org_company_roles o on o.org_id = c.ancestor_id where c.descendant_id = m.home_org_id) as ceilings,
            (select count(*) from rbac_private.member_grants(m.id)) as permissions,
            (select max(depth) from rbac.org_closure c where c.descendant_id = m.home_org_id) as home_depth
       from rbac.members m where m.id = $1`,
    [memberId],
  );
  const r = rows[0];
  return `${r.user_type}, home org at level ${r.home_depth}, ${r.direct_roles} direct role(s), ${r.groups} group(s), ` +
    `${r.ceilings} ceiling(s) above, ${r.permissions} effective permissions`;
}

async function actor(client: pg.Client, sql: string, params: unknown[], what: string): Promise<Actor> {
  const { rows } = await client.query(sql, params);
  if (!rows[0]) throw new Error(`The generated data has no ${what}; the generator in sql/bench/rbac_core/ needs fixing.`);
  return { memberId: rows[0].id, userId: rows[0].user_id, name: rows[0].display_name, profile: await profile(client, rows[0].id) };
}

export async function chooseActors(client: pg.Client): Promise<Actors> {
  const ctx = (await client.query(`select key, value from bench.context`)).rows.reduce(
    (acc: Record<string, string>, r: { key: string; value: string }) => ({ ...acc, [r.key]: r.value }),
    {},
  );
  const tenantId = ctx.tenant_id;
  const admin = await actor(client, `select id, user_id, display_name from rbac.members where id = $1`, [ctx.admin_member_id], 'administrator');

  const checker = await actor(
    client,
    `with ranked as (
       select m.id, m.user_id, m.display_name,
              (select count(*) from rbac.member_roles mr where mr.member_id = m.id) as direct_roles,
              (select count(*) from rbac.group_members gm where gm.member_id = m.id) as groups,
              (select count(distinct o.org_id) from rbac.org_closure c
                 join rbac.org_company_roles o on o.org_id = c.ancestor_id where c.descendant_id = m.home_org_id) as ceilings
         from rbac.members m
        where m.tenant_id = $1 and m.user_type = 'power_user' and m.status = 'active')
     select id, user_id, display_name from ranked
      order by ceilings desc, (groups > 0) desc, direct_roles desc, display_name limit 1`,
    [tenantId],
    'power user under a ceiling',
  );
  const { rows: keys } = await client.query(
    `with held as (select p.key from rbac_private.member_grants($1) g join rbac.permissions p on p.id = g.permission_id)
     select array(select key from held where key like 'm%' order by md5(key) limit 4) as held,
            array(select p.key from rbac.permissions p
                   where p.tenant_id = $2 and p.key like 'm%' and p.key <> $3 and p.key not in (select key from held)
                   order by md5(p.key) limit 4) as lacks`,
    [checker.memberId, tenantId, ctx.probe_permission],
  );
  const powerUser = await actor(
    client,
    `with candidates as materialized (
       select distinct m.id, m.user_id, m.display_name
         from rbac.members m
         join rbac.member_roles mr on mr.member_id = m.id
         join rbac.role_permissions rp on rp.role_id = mr.role_id
         join rbac.permission_closure pc on pc.permission_id = rp.permission_id
         join rbac.permissions p on p.id = pc.implied_id and p.key = 'users.view'
        where m.tenant_id = $1 and m.user_type = 'power_user' and m.status = 'active'
        order by m.display_name)
     select id, user_id, display_name from candidates c
      where rbac_private.member_has(c.id, 'users.view') and rbac_private.member_has(c.id, 'roles.view')
      limit 1`,
    [tenantId],
    'power user holding users.view and roles.view',
  );
  const holder = await actor(
    client,
    `select m.id, m.user_id, m.display_name
       from rbac.members m
      where m.tenant_id = $1 and m.user_type = 'power_user' and m.status = 'active'
        and exists (select 1 from rbac.member_roles mr where mr.member_id = m.id and mr.role_id = $2)
        and not exists (select 1 from rbac.org_closure c join rbac.org_company_roles o on o.org_id = c.ancestor_id
                         where c.descendant_id = m.home_org_id)
      order by m.display_name limit 1`,
    [tenantId, ctx.staff_role_id],
    'Staff holder without a ceiling',
  );
  return {
    tenantId,
    admin,
    checker,
    checkerHeld: keys[0].held,
    checkerLacks: keys[0].lacks,
    powerUser,
    holder,
    staffRoleId: ctx.staff_role_id,
    probePermission: ctx.probe_permission,
  };
}
