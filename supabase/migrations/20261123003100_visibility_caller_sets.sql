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
-- Performance: policies call the accessors below wrapped in (select …), so
-- each runs once per statement (an InitPlan), never per row. All the sets of
-- one (permission, table traits) are computed together by
-- rbac_private.rls_sets (1.5–5 ms for a member of a 1,000-org tree) and kept
-- for the session, under a key of everything they are computed from: the
-- rights version (rbac_private.rights_version, bumped once by every
-- transaction that changes rights, memberships or assignees), this
-- transaction's own uncommitted changes (rbac.generation), the login and the
-- JWT claims. The next statement after any committed change reads a new
-- version and recomputes (R4); a repeatable-read transaction keeps the
-- answer its snapshot gives; a rolled-back transaction's settings are rolled
-- back with it. plpgsql keeps its query plans for the session (a SQL
-- function is planned again on every call). A SQL login runs its own SQL and
-- could set the cache to forged sets, so its sessions never read it (as for
-- the rights cache).
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Triggers: the assignee sets are cached per statement too; a change to
-- them retires the cache like any change to rights.
-- -----------------------------------------------------------------------------

create trigger member_assignees_bump_generation after insert or update or delete or truncate on rbac.member_assignees
  for each statement execute function rbac_private.bump_rights_generation();

-- -----------------------------------------------------------------------------
-- Helpers
-- -----------------------------------------------------------------------------

-- All sets of one permission for the caller, as text arrays in this order:
--   1 tenants in 'tenant' mode      2 orgs in 'orgs' mode
--   3 orgs in 'assigned' mode       4 orgs in 'team' mode      5 orgs in 'own' mode
--   6 orgs in any restricted mode   (3–6: memberships whose scope is part of the tree)
--   7 tenants where it is held      8 member ids in 'own' mode   9 member ids in 'team' mode
--  10 assignee ids ('assigned')    11 group ids ('team')
--  12 tenants in 'assigned' mode   13 … 'team' mode   14 … 'own' mode   15 … any restricted mode
--                                  (12–15: memberships whose scope is the whole tree)
-- p_assignees: the table declares AMS assignees (V1 applies).
-- p_teams: the table declares a team (otherwise 'team' scope means 'own').
create function rbac_private.rls_sets(p_permission text, p_assignees boolean, p_teams boolean) returns text[]
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_setting text := 'rbac.rls_' || md5(p_permission || '/' || p_assignees || '/' || p_teams);
  -- Defined with the SQL logins (20261123003500_…).
  v_trusted boolean := not rbac_private.is_sql_login_session();
  v_key text;
  v_cached text;
  v_sets text[];
begin
  if v_trusted then
    v_key := (select v.version::text from rbac_private.rights_version v) || '/'
             || coalesce(current_setting('rbac.generation', true), '') || '/' || session_user::text || '/'
             || md5(coalesce(current_setting('request.jwt.claims', true), '') || '/'
                    || coalesce(current_setting('request.jwt.claim.sub', true), ''));
    v_cached := current_setting(v_setting, true);
    if v_cached is not null and starts_with(v_cached, v_key || '|') then
      return string_to_array(substr(v_cached, length(v_key) + 2), '|');
    end if;
  end if;
  with modes as (
    select m.id as member_id, m.tenant_id,
           case
             when m.user_type = 'private_user' or s.scope = 'own' then 'own'
             when s.scope = 'team' then case when p_teams then 'team' else 'own' end
             when p_assignees and m.visibility = 'assigned' then 'assigned'
             when m.user_type = 'company_admin' or (m.user_type = 'administrator' and m.home_org_id = m.tenant_id) then 'tenant'
             else 'orgs'
           end as mode
      from rbac.members m
      cross join lateral (select rbac_private.member_scope(m.id, p_permission) as scope) s
     where m.user_id = rbac_private.current_user_id() and m.status = 'active' and s.scope is not null
       and rbac_private.in_request_tenant(m.tenant_id)
  ),
  orgs as (
    select r.member_id, r.tenant_id, r.mode, o.org_id
      from modes r cross join lateral rbac_private.member_scope_orgs(r.member_id) o(org_id)
     where r.mode <> 'tenant'
  ),
  -- Restricted memberships whose scope is every org of their tenant.
  whole as (
    select o.member_id from orgs o
     where o.mode <> 'orgs'
     group by o.member_id, o.tenant_id
    having count(distinct o.org_id) = (select count(*) from rbac.orgs t where t.tenant_id = o.tenant_id)
  ),
  part_orgs as (
    select o.* from orgs o where o.mode = 'orgs' or o.member_id not in (select member_id from whole)
  )
  select array[
    (select coalesce(array_agg(tenant_id), '{}') from modes where mode = 'tenant')::text,
    (select coalesce(array_agg(distinct org_id), '{}') from part_orgs where mode = 'orgs')::text,
    (select coalesce(array_agg(distinct org_id), '{}') from part_orgs where mode = 'assigned')::text,
    (select coalesce(array_agg(distinct org_id), '{}') from part_orgs where mode = 'team')::text,
    (select coalesce(array_agg(distinct org_id), '{}') from part_orgs where mode = 'own')::text,
    (select coalesce(array_agg(distinct org_id), '{}') from part_orgs where mode in ('assigned', 'team', 'own'))::text,
    (select coalesce(array_agg(tenant_id), '{}') from modes)::text,
    (select coalesce(array_agg(member_id), '{}') from modes where mode = 'own')::text,
    (select coalesce(array_agg(member_id), '{}') from modes where mode = 'team')::text,
    (select coalesce(array_agg(ma.assignee_id), '{}') from modes r
       join rbac.member_assignees ma on ma.member_id = r.member_id where r.mode = 'assigned')::text,
    (select coalesce(array_agg(gm.group_id), '{}') from modes r
       join rbac.group_members gm on gm.tenant_id = r.tenant_id and gm.member_id = r.member_id where r.mode = 'team')::text,
    (select coalesce(array_agg(tenant_id), '{}') from modes where mode = 'assigned' and member_id in (select member_id from whole))::text,
    (select coalesce(array_agg(tenant_id), '{}') from modes where mode = 'team' and member_id in (select member_id from whole))::text,
    (select coalesce(array_agg(tenant_id), '{}') from modes where mode = 'own' and member_id in (select member_id from whole))::text,
    (select coalesce(array_agg(tenant_id), '{}') from modes where member_id in (select member_id from whole))::text
  ] into v_sets;
  if v_trusted then
    -- Session-wide (false): the key above says when it no longer applies.
    perform set_config(v_setting, v_key || '|' || array_to_string(v_sets, '|'), false);
  end if;
  return v_sets;
end;
$$;
comment on function rbac_private.rls_sets(text, boolean, boolean) is
  'Definer: reads the caller''s memberships and rights; answers only about the caller.';
grant execute on function rbac_private.rls_sets(text, boolean, boolean) to authenticated;

-- The accessors the policies call, one set each. Definers, so that a role
-- without usage on rbac_private (SQL logins) can run the policies.

-- Restricted memberships whose scope is the whole tree, by mode ('assigned',
-- 'team', 'own', or 'restricted' for any of them): their rows are matched by
-- tenant; rls_orgs and rls_restricted_orgs list the others' orgs.
create function rbac_private.rls_scope_tenants(p_permission text, p_mode text, p_assignees boolean, p_teams boolean) returns uuid[]
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  return (rbac_private.rls_sets(p_permission, p_assignees, p_teams))[
    case p_mode when 'assigned' then 12 when 'team' then 13 when 'own' then 14 when 'restricted' then 15 end]::uuid[];
end;
$$;
comment on function rbac_private.rls_scope_tenants(text, text, boolean, boolean) is
  'Definer: reads the caller''s kept sets (rls_sets); answers only about the caller (view policies call it).';
grant execute on function rbac_private.rls_scope_tenants(text, text, boolean, boolean) to authenticated;

-- 1 when the caller has some membership in this mode for the permission,
-- else 0: the gate of each runtime arm (an integer, so `= 1` is estimated
-- as a rare match rather than simplified away like a boolean comparison).
create function rbac_private.rls_flag(p_permission text, p_mode text, p_assignees boolean, p_teams boolean) returns integer
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_sets text[] := rbac_private.rls_sets(p_permission, p_assignees, p_teams);
begin
  return case p_mode
    when 'tenant' then (v_sets[1] <> '{}')::integer
    when 'orgs' then (v_sets[2] <> '{}')::integer
    when 'assigned' then (v_sets[3] <> '{}' or v_sets[12] <> '{}')::integer
    when 'team' then (v_sets[4] <> '{}' or v_sets[13] <> '{}')::integer
    when 'own' then (v_sets[5] <> '{}' or v_sets[14] <> '{}')::integer
  end;
end;
$$;
comment on function rbac_private.rls_flag(text, text, boolean, boolean) is
  'Definer: reads the caller''s kept sets (rls_sets); answers only about the caller (view policies call it).';
grant execute on function rbac_private.rls_flag(text, text, boolean, boolean) to authenticated;

-- Always 0. Gates the estimate arms of the view policies (see
-- 20261123003200_…): plpgsql, so the planner cannot see through it and drop
-- those arms.
create function rbac_private.rls_estimate_only() returns integer
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  return 0;
end;
$$;
comment on function rbac_private.rls_estimate_only() is
  'Definer: like the other policy helpers, though it reads nothing: it returns 0 (plpgsql is what keeps the planner from dropping the estimate arms it gates).';
grant execute on function rbac_private.rls_estimate_only() to authenticated;

-- Tenants in which the caller holds p_permission at all (any mode).
create function rbac_private.rls_tenants_with(p_permission text) returns uuid[]
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  return (rbac_private.rls_sets(p_permission, false, false))[7]::uuid[];
end;
$$;
comment on function rbac_private.rls_tenants_with(text) is
  'Definer: reads the caller''s kept sets (rls_sets); answers only about the caller (view policies call it).';
grant execute on function rbac_private.rls_tenants_with(text) to authenticated;

-- Tenants whose every row guarded by p_permission the caller may reach ('tenant' mode).
create function rbac_private.rls_whole_tenants(p_permission text, p_assignees boolean, p_teams boolean) returns uuid[]
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  return (rbac_private.rls_sets(p_permission, p_assignees, p_teams))[1]::uuid[];
end;
$$;
comment on function rbac_private.rls_whole_tenants(text, boolean, boolean) is
  'Definer: reads the caller''s kept sets (rls_sets); answers only about the caller (view policies call it).';
grant execute on function rbac_private.rls_whole_tenants(text, boolean, boolean) to authenticated;

-- The org scope (A3) of the caller's memberships in one mode other than
-- 'tenant' (rls_whole_tenants covers that one).
create function rbac_private.rls_orgs(p_permission text, p_mode text, p_assignees boolean, p_teams boolean) returns uuid[]
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  return (rbac_private.rls_sets(p_permission, p_assignees, p_teams))[
    case p_mode when 'orgs' then 2 when 'assigned' then 3 when 'team' then 4 when 'own' then 5 end]::uuid[];
end;
$$;
comment on function rbac_private.rls_orgs(text, text, boolean, boolean) is
  'Definer: reads the caller''s kept sets (rls_sets); answers only about the caller (view policies call it).';
grant execute on function rbac_private.rls_orgs(text, text, boolean, boolean) to authenticated;

-- Orgs where the caller's membership has a restricted mode (assigned, team,
-- own): child tables check their parent row only there (V3).
create function rbac_private.rls_restricted_orgs(p_permission text, p_assignees boolean, p_teams boolean) returns uuid[]
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  return (rbac_private.rls_sets(p_permission, p_assignees, p_teams))[6]::uuid[];
end;
$$;
comment on function rbac_private.rls_restricted_orgs(text, boolean, boolean) is
  'Definer: reads the caller''s kept sets (rls_sets); answers only about the caller (view policies call it).';
grant execute on function rbac_private.rls_restricted_orgs(text, boolean, boolean) to authenticated;

-- The caller's member ids in 'own' or 'team' mode (owner columns hold member
-- ids: V4, P3). Per mode, so an id of one membership never matches rows
-- under another membership's rules.
create function rbac_private.rls_member_ids(p_permission text, p_mode text, p_assignees boolean, p_teams boolean) returns uuid[]
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  return (rbac_private.rls_sets(p_permission, p_assignees, p_teams))[case p_mode when 'own' then 8 when 'team' then 9 end]::uuid[];
end;
$$;
comment on function rbac_private.rls_member_ids(text, text, boolean, boolean) is
  'Definer: reads the caller''s kept sets (rls_sets); answers only about the caller (view policies call it).';
grant execute on function rbac_private.rls_member_ids(text, text, boolean, boolean) to authenticated;

-- V5: the groups (teams) of the caller's memberships in 'team' mode.
create function rbac_private.rls_group_ids(p_permission text, p_assignees boolean, p_teams boolean) returns uuid[]
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  return (rbac_private.rls_sets(p_permission, p_assignees, p_teams))[11]::uuid[];
end;
$$;
comment on function rbac_private.rls_group_ids(text, boolean, boolean) is
  'Definer: reads the caller''s kept sets (rls_sets); answers only about the caller (view policies call it).';
grant execute on function rbac_private.rls_group_ids(text, boolean, boolean) to authenticated;

-- V1: the AMS assignees of the caller's memberships in 'assigned' mode.
create function rbac_private.rls_assignee_ids(p_permission text, p_assignees boolean, p_teams boolean) returns uuid[]
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  return (rbac_private.rls_sets(p_permission, p_assignees, p_teams))[10]::uuid[];
end;
$$;
comment on function rbac_private.rls_assignee_ids(text, boolean, boolean) is
  'Definer: reads the caller''s kept sets (rls_sets); answers only about the caller (view policies call it).';
grant execute on function rbac_private.rls_assignee_ids(text, boolean, boolean) to authenticated;

-- V6: the territories the caller's active memberships cover.
create function rbac_private.my_territory_ids() returns uuid[]
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  return (select coalesce(array_agg(mt.territory_id), '{}')
            from rbac.members m
            join rbac.member_territories mt on mt.member_id = m.id
           where m.user_id = rbac_private.current_user_id() and m.status = 'active'
             and rbac_private.in_request_tenant(m.tenant_id));
end;
$$;
comment on function rbac_private.my_territory_ids() is
  'Definer: reads the caller''s own territories; answers only about the caller (policies call it).';
grant execute on function rbac_private.my_territory_ids() to authenticated;

-- Whether the caller holds a permission in one tenant (row triggers of
-- protected tables use it; policies use the sets above).
create function rbac_private.i_have(p_tenant_id uuid, p_permission text) returns boolean
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select exists (select 1 from rbac.members m
                  where m.tenant_id = p_tenant_id and m.user_id = rbac_private.current_user_id() and m.status = 'active'
                    and rbac_private.in_request_tenant(m.tenant_id)
                    and rbac_private.member_has(m.id, p_permission))
$$;
comment on function rbac_private.i_have(uuid, text) is
  'Definer: reads the caller''s own rights; answers only about the caller (row triggers of protected tables call it).';
grant execute on function rbac_private.i_have(uuid, text) to authenticated;
