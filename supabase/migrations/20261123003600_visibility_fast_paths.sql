-- =============================================================================
-- Record visibility at scale (issue 5's benchmark: 1M accounts). Three
-- changes to the caller sets (20261123003100_…) and the policy generator
-- (20261123003200_…), same rows seen; docs/benchmarks.md has the numbers.
--
-- 1. The caller's sets outlive the statement. Working them out costs
--    1.5–5 ms (memberships, scope per permission, org closure) and was paid
--    by every statement. They are now kept for the session, under a key of
--    everything they are computed from: the rights version (a counter every
--    change to rights, memberships or assignees bumps in its own
--    transaction, below), this transaction's own uncommitted changes
--    (rbac.generation), the login and the JWT claims. The next statement
--    after any committed change reads a new version and recomputes (R4); a
--    repeatable-read transaction keeps the answer its snapshot gives. A SQL
--    login runs its own SQL and could forge the cache, so its sessions never
--    read it (as before).
--
-- 2. The planner is told how much of the table a caller sees. Policy sets
--    are InitPlan parameters, unknown when the query is planned, so every
--    caller got the plan of someone who sees the whole tenant: a private user
--    with 20 accounts walked a million rows to fill a page. Each view policy
--    now has two kinds of arms:
--      runtime arms   `(select flag) = 1 and <row test against (select set)>`:
--                     decide the rows, once-per-statement parameters, cheap
--                     per row; the flag skips modes the caller does not have,
--                     and `= 1` on a parameter is estimated at 0.5 %, so these
--                     arms barely count in the row estimate;
--      estimate arms  `(select rbac_private.rls_estimate_only()) <> 0 and
--                     <row test against a plain call of the set function>`:
--                     never true when run (the function returns 0, so the row
--                     test is never evaluated), but when planning Postgres
--                     calls stable functions inside `= any(…)` to estimate
--                     (scalararraysel), so these arms carry the caller's
--                     real share of the table: the whole tenant for an
--                     administrator, 10 % for a region, nothing for a
--                     private user, who then gets the index plan on his own
--                     rows (BitmapOr). Only the tenant and org-scope arms
--                     need one: the restricted arms are small by nature.
--    A protected table's tenant_id also gets n_distinct = -0.001 (the
--    planner assumes many tenants): one big tenant (the benchmark's) made
--    every `tenant_id = any(<unknown set>)` arm cost a whole-table bitmap,
--    which ruled the BitmapOr plan out for everyone. It affects estimates for
--    unknown tenants only; `tenant_id = '<id>'` still uses the real counts.
--
-- 3. Restricted members whose org scope is the whole tenant (Assigned
--    administrators at the root) are matched by tenant, not by a list of
--    every org of the tree searched row by row.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- The rights version
-- -----------------------------------------------------------------------------

create table rbac_private.rights_version (
  singleton boolean primary key default true check (singleton),
  version bigint not null default 0
);
comment on table rbac_private.rights_version is
  'One row: bumped once by every transaction that changes rights, memberships or assignees; keys the cross-statement caches.';
insert into rbac_private.rights_version (singleton, version) values (true, 0);

-- The statement triggers of every table rights depend on call this (see
-- 20261123000600_… and 20261123003100_…). The first change of a transaction
-- bumps the shared version (one row lock until commit), remembered by
-- transaction id: rbac.generation cannot tell, lock_tenant also bumps it.
-- Every change bumps the transaction's own counter, so its later statements
-- see their own changes before the commit. Definer: members never write
-- the version.
create or replace function rbac_private.bump_rights_generation() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_xact text := pg_catalog.txid_current()::text;
begin
  if current_setting('rbac.version_bumped_by', true) is distinct from v_xact then
    update rbac_private.rights_version set version = version + 1;
    perform set_config('rbac.version_bumped_by', v_xact, true);
  end if;
  perform set_config('rbac.generation',
    (coalesce(nullif(current_setting('rbac.generation', true), ''), '0')::bigint + 1)::text, true);
  return null;
end;
$$;

-- -----------------------------------------------------------------------------
-- The caller's sets, kept for the session
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
create or replace function rbac_private.rls_sets(p_permission text, p_assignees boolean, p_teams boolean) returns text[]
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_setting text := 'rbac.rls_' || md5(p_permission || '/' || p_assignees || '/' || p_teams);
  v_trusted boolean := not starts_with(session_user::text, 'rpt_')
                       and (not pg_catalog.pg_has_role(session_user, 'rbac_reporting', 'usage')
                            or not rbac_private.is_sql_login_session());
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

-- Restricted memberships whose scope is the whole tree, by mode ('assigned',
-- 'team', 'own', or 'restricted' for any of them): their rows are matched by
-- tenant; rls_orgs and rls_restricted_orgs list the others' orgs.
create function rbac_private.rls_scope_tenants(p_permission text, p_mode text, p_assignees boolean, p_teams boolean) returns uuid[]
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return (rbac_private.rls_sets(p_permission, p_assignees, p_teams))[
    case p_mode when 'assigned' then 12 when 'team' then 13 when 'own' then 14 when 'restricted' then 15 end]::uuid[];
end;
$$;
grant execute on function rbac_private.rls_scope_tenants(text, text, boolean, boolean) to authenticated;

-- 1 when the caller has some membership in this mode for the permission,
-- else 0: the gate of each runtime arm (an integer, so `= 1` is estimated
-- as a rare match rather than simplified away like a boolean comparison).
create function rbac_private.rls_flag(p_permission text, p_mode text, p_assignees boolean, p_teams boolean) returns integer
language plpgsql
stable
security definer
set search_path = ''
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
grant execute on function rbac_private.rls_flag(text, text, boolean, boolean) to authenticated;

-- Always 0. Gates the estimate arms of the view policies (see the header):
-- plpgsql, so the planner cannot see through it and drop those arms.
create function rbac_private.rls_estimate_only() returns integer
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return 0;
end;
$$;
grant execute on function rbac_private.rls_estimate_only() to authenticated;

-- -----------------------------------------------------------------------------
-- The policy generator
-- -----------------------------------------------------------------------------

-- The rows of a registered table that p_permission lets the caller reach.
-- p_assignees: apply V1 (reads and the rows an edit or delete starts from);
-- false for the row being written (creating an account is not limited by
-- the books one sees). The expression references columns of the table only
-- through its own name (p_self), so it can sit inside sub-queries.
create or replace function rbac_private.reach_sql(p rbac.protected_tables, p_permission text, p_assignees boolean) returns text
language plpgsql
stable
set search_path = ''
as $$
declare
  v_self text := quote_ident((select c.relname from pg_catalog.pg_class c where c.oid = p.table_name));
  -- Booleans as SQL literals (format's %s would write t and f).
  v_a text := (p.assignee_column is not null and p_assignees)::text;
  v_t text := (p.team_column is not null)::text;
  v_flags text;
  v_org text;
  v_arms text[] := '{}';
  v_parent rbac.protected_tables;
  v_parent_view text;
  v_parent_flags text;
  v_exists text;
begin
  if p.parent_table is null then
    v_flags := format('%L, %s, %s', p_permission, v_a, v_t);
    v_org := v_self || '.' || quote_ident(p.org_column);
    -- Runtime arms, one per mode, each behind its flag.
    v_arms := v_arms || format('((select rbac_private.rls_flag(%L, %L, %s, %s)) = 1 and %s.tenant_id = any ((select rbac_private.rls_whole_tenants(%s))::uuid[]))',
      p_permission, 'tenant', v_a, v_t, v_self, v_flags);
    v_arms := v_arms || format('((select rbac_private.rls_flag(%L, %L, %s, %s)) = 1 and %s = any ((select rbac_private.rls_orgs(%L, %L, %s, %s))::uuid[]))',
      p_permission, 'orgs', v_a, v_t, v_org, p_permission, 'orgs', v_a, v_t);
    -- In the restricted arms the row's own assignee, owner or team is tested
    -- first (a few ids); then its org scope: the whole tenant, or the orgs.
    if v_a::boolean then
      v_arms := v_arms || format('((select rbac_private.rls_flag(%L, %L, %s, %s)) = 1 and %s and %s)',
        p_permission, 'assigned', v_a, v_t,
        case when p.assignee_is_array
             then format('%s.%I && (select rbac_private.rls_assignee_ids(%s))', v_self, p.assignee_column, v_flags)
             else format('%s.%I = any ((select rbac_private.rls_assignee_ids(%s))::uuid[])', v_self, p.assignee_column, v_flags) end,
        rbac_private.scope_sql(v_self, v_org, p_permission, 'assigned', v_a, v_t));
    end if;
    if v_t::boolean then
      v_arms := v_arms || format('((select rbac_private.rls_flag(%L, %L, %s, %s)) = 1 and (%s%s.%I = any ((select rbac_private.rls_group_ids(%s))::uuid[])) and %s)',
        p_permission, 'team', v_a, v_t,
        case when p.owner_column is null then ''
             else format('%s.%I = any ((select rbac_private.rls_member_ids(%L, %L, %s, %s))::uuid[]) or ',
                         v_self, p.owner_column, p_permission, 'team', v_a, v_t) end,
        v_self, p.team_column, v_flags,
        rbac_private.scope_sql(v_self, v_org, p_permission, 'team', v_a, v_t));
    end if;
    if p.owner_column is not null then
      v_arms := v_arms || format('((select rbac_private.rls_flag(%L, %L, %s, %s)) = 1 and %s.%I = any ((select rbac_private.rls_member_ids(%L, %L, %s, %s))::uuid[]) and %s)',
        p_permission, 'own', v_a, v_t,
        v_self, p.owner_column, p_permission, 'own', v_a, v_t,
        rbac_private.scope_sql(v_self, v_org, p_permission, 'own', v_a, v_t));
    end if;
    -- Estimate arms (reads and the rows edits start from): see the header.
    if p_assignees then
      v_arms := v_arms || format('((select rbac_private.rls_estimate_only()) <> 0 and %s.tenant_id = any (rbac_private.rls_whole_tenants(%s)))',
        v_self, v_flags);
      v_arms := v_arms || format('((select rbac_private.rls_estimate_only()) <> 0 and %s = any (rbac_private.rls_orgs(%L, %L, %s, %s)))',
        v_org, p_permission, 'orgs', v_a, v_t);
    end if;
    return '(' || array_to_string(v_arms, ' or ') || ')';
  end if;

  -- V3: a child row needs its own module's action and a visible parent row.
  select * into v_parent from rbac.protected_tables where table_name = p.parent_table;
  v_parent_view := rbac_private.protected_permission(v_parent, 'view');
  v_parent_flags := format('%L, %s, %s', v_parent_view, (v_parent.assignee_column is not null)::text,
                           (v_parent.team_column is not null)::text);
  v_exists := format('exists (select 1 from %s rbac_parent where rbac_parent.%I = %s.%I)',
                     v_parent.table_name, p.parent_key, v_self, p.parent_column);
  -- Shortcuts answer from the child's own tenant and org, which equal the
  -- parent's: valid only when the parent's view is a plain org-scope test
  -- (a top-level parent without a trash or attribute filters).
  if v_parent.parent_table is null and v_parent.trash_column is null and v_parent.filters = '[]'::jsonb then
    v_arms := v_arms || format('%s.tenant_id = any ((select rbac_private.rls_whole_tenants(%s))::uuid[])', v_self, v_parent_flags);
    if p.org_column is not null then
      v_arms := v_arms || format('%s.%I = any ((select rbac_private.rls_orgs(%L, %L, %s, %s))::uuid[])',
        v_self, p.org_column, v_parent_view, 'orgs', (v_parent.assignee_column is not null)::text,
        (v_parent.team_column is not null)::text);
      v_arms := v_arms || format('((%s.tenant_id = any ((select rbac_private.rls_scope_tenants(%L, %L, %s, %s))::uuid[]) or %s.%I = any ((select rbac_private.rls_restricted_orgs(%s))::uuid[])) and %s)',
        v_self, v_parent_view, 'restricted', (v_parent.assignee_column is not null)::text, (v_parent.team_column is not null)::text,
        v_self, p.org_column, v_parent_flags, v_exists);
    else
      v_arms := v_arms || v_exists;
    end if;
  else
    v_arms := v_arms || v_exists;
  end if;
  return format('(%s.tenant_id = any ((select rbac_private.rls_tenants_with(%L))::uuid[]) and (%s))',
                v_self, p_permission, array_to_string(v_arms, ' or '));
end;
$$;

-- The org-scope test of a restricted arm: the whole tenant for memberships
-- scoped to the root, else the row's org among the scope's orgs. Inside
-- coalesce(…, false), which the planner cannot turn into an index condition:
-- the arm's rows come from its assignee, owner or team index, and the scope
-- is checked on those few rows (as an index condition it read the whole
-- tenant's entries of the tenant index for an administrator at the root).
create function rbac_private.scope_sql(p_self text, p_org text, p_permission text, p_mode text, p_a text, p_t text) returns text
language sql
immutable
set search_path = ''
as $$
  select format('coalesce(%s.tenant_id = any ((select rbac_private.rls_scope_tenants(%L, %L, %s, %s))::uuid[]) or %s = any ((select rbac_private.rls_orgs(%L, %L, %s, %s))::uuid[]), false)',
                p_self, p_permission, p_mode, p_a, p_t, p_org, p_permission, p_mode, p_a, p_t)
$$;

-- The planner's view of tenant_id on protected tables (see the header, 2):
-- many tenants, so an arm comparing it with an unknown set is not costed as
-- the whole table. A value the table's owner set is kept.
create function rbac_private.spread_tenant_estimate(p_table regclass) returns void
language plpgsql
set search_path = ''
as $$
begin
  if not exists (select 1 from pg_catalog.pg_attribute a
                  where a.attrelid = p_table and a.attname = 'tenant_id' and a.attoptions is not null) then
    execute format('alter table %s alter column tenant_id set (n_distinct = -0.001)', p_table);
  end if;
end;
$$;

-- Tables protected from now on get it from apply_protection
-- (20261123003200_…); the ones already registered get it here.
select rbac_private.spread_tenant_estimate(table_name) from rbac.protected_tables;

-- The registered tables get the new policies.
select rbac_private.reprotect_all();

-- X3: SQL logins run the same policies, so they may call the new helpers too.
select rbac_private.sync_reporting_access();
