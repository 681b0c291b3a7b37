-- =============================================================================
-- Record visibility, caller side: what the signed-in person may see of the
-- rows a permission guards, as small sets the generated policies (see
-- 20261123003200_visibility_protect_table.sql) compare row columns against.
--
-- For each active membership of the caller (one per tenant) and one
-- permission, the "record mode" says how far the permission reaches:
--   tenant    every row of the tenant (company administrators, and
--             administrators placed at the root: A3), visibility All
--   orgs      rows in the member's org scope (A3), visibility All
--   assigned  rows in the org scope assigned to one of the member's AMS
--             assignees (V1, tables that declare assignees)
--   team      rows in the org scope owned by the member or assigned to one of
--             their teams (P3/V5 'team' scope, tables that declare a team)
--   own       rows in the org scope the member owns (P3 'own' scope, and
--             every private user: V4)
-- and no mode at all without the permission (or while not active: U6).
--
-- Performance: each function below answers for the caller only and is
-- called by policies wrapped in (select …), so Postgres runs it once per
-- statement (an InitPlan), never per row. The rights it reads are the
-- per-statement cached keys of rbac_private.member_permission_keys. The sets
-- are arrays: tenants and the caller's member, group, assignee and territory
-- ids are a handful; org sets are at most one tenant's org tree, and only
-- members whose scope is part of a tenant get one (whole-tenant members take
-- the 'tenant' path, a one-element array).
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Helpers
-- -----------------------------------------------------------------------------

-- How each of the caller's memberships sees rows guarded by p_permission.
-- p_assignees: the table declares AMS assignees (V1 applies).
-- p_teams: the table declares a team (otherwise 'team' scope means 'own').
create function rbac_private.my_record_modes(p_permission text, p_assignees boolean, p_teams boolean)
returns table (member_id uuid, tenant_id uuid, mode text)
language sql
stable
security definer
set search_path = ''
as $$
  select m.id, m.tenant_id,
         case
           when m.user_type = 'private_user' or s.scope = 'own' then 'own'
           when s.scope = 'team' then case when p_teams then 'team' else 'own' end
           when p_assignees and m.visibility = 'assigned' then 'assigned'
           when m.user_type = 'company_admin' or (m.user_type = 'administrator' and m.home_org_id = m.tenant_id) then 'tenant'
           else 'orgs'
         end
    from rbac.members m
    cross join lateral (select rbac_private.member_scope(m.id, p_permission) as scope) s
   where m.user_id = rbac_private.current_user_id() and m.status = 'active' and s.scope is not null
$$;
comment on function rbac_private.my_record_modes(text, boolean, boolean) is
  'Definer: reads the caller''s memberships and rights; answers only about the caller.';

-- Tenants in which the caller holds p_permission at all (any mode).
create function rbac_private.rls_tenants_with(p_permission text) returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(r.tenant_id), '{}')
    from rbac_private.my_record_modes(p_permission, false, false) r
$$;
grant execute on function rbac_private.rls_tenants_with(text) to authenticated;

-- Tenants whose every row guarded by p_permission the caller may reach ('tenant' mode).
create function rbac_private.rls_whole_tenants(p_permission text, p_assignees boolean, p_teams boolean) returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(r.tenant_id), '{}')
    from rbac_private.my_record_modes(p_permission, p_assignees, p_teams) r
   where r.mode = 'tenant'
$$;
grant execute on function rbac_private.rls_whole_tenants(text, boolean, boolean) to authenticated;

-- Orgs of the caller's memberships in one mode: the org scope (A3) the mode
-- applies in. 'tenant' memberships are left out (rls_whole_tenants covers them).
create function rbac_private.rls_orgs(p_permission text, p_mode text, p_assignees boolean, p_teams boolean) returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(distinct o.org_id), '{}')
    from rbac_private.my_record_modes(p_permission, p_assignees, p_teams) r
    cross join lateral rbac_private.member_scope_orgs(r.member_id) o(org_id)
   where r.mode = p_mode and p_mode <> 'tenant'
$$;
grant execute on function rbac_private.rls_orgs(text, text, boolean, boolean) to authenticated;

-- Orgs where the caller's membership has a restricted mode (assigned, team,
-- own): child tables check their parent row only there (V3).
create function rbac_private.rls_restricted_orgs(p_permission text, p_assignees boolean, p_teams boolean) returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(distinct o.org_id), '{}')
    from rbac_private.my_record_modes(p_permission, p_assignees, p_teams) r
    cross join lateral rbac_private.member_scope_orgs(r.member_id) o(org_id)
   where r.mode in ('assigned', 'team', 'own')
$$;
grant execute on function rbac_private.rls_restricted_orgs(text, boolean, boolean) to authenticated;

-- The caller's member ids in one mode (owner columns hold member ids: V4,
-- 'own', 'team'). Per mode, so an id of one membership never matches rows
-- under another membership's rules.
create function rbac_private.rls_member_ids(p_permission text, p_mode text, p_assignees boolean, p_teams boolean) returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(r.member_id), '{}')
    from rbac_private.my_record_modes(p_permission, p_assignees, p_teams) r
   where r.mode = p_mode
$$;
grant execute on function rbac_private.rls_member_ids(text, text, boolean, boolean) to authenticated;

-- V5: the groups (teams) of the caller's memberships in 'team' mode.
create function rbac_private.rls_group_ids(p_permission text, p_assignees boolean, p_teams boolean) returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(gm.group_id), '{}')
    from rbac_private.my_record_modes(p_permission, p_assignees, p_teams) r
    join rbac.group_members gm on gm.tenant_id = r.tenant_id and gm.member_id = r.member_id
   where r.mode = 'team'
$$;
grant execute on function rbac_private.rls_group_ids(text, boolean, boolean) to authenticated;

-- V1: the AMS assignees of the caller's memberships in 'assigned' mode.
create function rbac_private.rls_assignee_ids(p_permission text, p_assignees boolean, p_teams boolean) returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(ma.assignee_id), '{}')
    from rbac_private.my_record_modes(p_permission, p_assignees, p_teams) r
    join rbac.member_assignees ma on ma.member_id = r.member_id
   where r.mode = 'assigned'
$$;
grant execute on function rbac_private.rls_assignee_ids(text, boolean, boolean) to authenticated;

-- V6: the territories the caller's active memberships cover.
create function rbac_private.my_territory_ids() returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(mt.territory_id), '{}')
    from rbac.members m
    join rbac.member_territories mt on mt.member_id = m.id
   where m.user_id = rbac_private.current_user_id() and m.status = 'active'
$$;
grant execute on function rbac_private.my_territory_ids() to authenticated;

-- Whether the caller holds a permission in one tenant (row triggers of
-- protected tables use it; policies use the sets above).
create function rbac_private.i_have(p_tenant_id uuid, p_permission text) returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from rbac.members m
                  where m.tenant_id = p_tenant_id and m.user_id = rbac_private.current_user_id() and m.status = 'active'
                    and rbac_private.member_has(m.id, p_permission))
$$;
grant execute on function rbac_private.i_have(uuid, text) to authenticated;
