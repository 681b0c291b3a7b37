-- =============================================================================
-- Public API: questions about rights (P5, R6, R7, A8). Every answer comes
-- from rbac_private.member_grants, the one definition of effective rights;
-- the UI and the client never compute rights themselves.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- The caller's own rights
-- -----------------------------------------------------------------------------

-- Does the signed-in member hold a permission (any scope) in a tenant (by
-- default the current one)? Cheap enough to call per row: who the caller is
-- and their keys are worked out once per statement. Working out the caller
-- (login, claims, current tenant: several nested SQL functions) cost a
-- hundred times more than the check, so the answer (the member's keys from
-- rbac_private.member_permission_keys) is kept for the statement in
-- settings, under a stamp of everything it depends on: the statement, its
-- snapshot and the rights generation (the stamp of member_permission_keys),
-- the login and the JWT claims. A session that can SET settings itself (a
-- SQL login, X3) never uses a kept answer: it could forge one.
create function public.has_permission(p_permission text, p_tenant_id uuid default null) returns boolean
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_stamp text := statement_timestamp()::text || '/' || pg_current_snapshot()::text || '/'
                  || coalesce(current_setting('rbac.generation', true), '') || '/' || session_user::text || '/'
                  || coalesce(current_setting('request.jwt.claim.sub', true), '') || '/'
                  || coalesce(current_setting('request.jwt.claim', true), '') || '/'
                  || coalesce(current_setting('request.jwt.claims', true), '');
  -- Stamp and keys in two settings: comparing and cutting one long string
  -- per check cost more than the check.
  v_suffix text := coalesce(replace(p_tenant_id::text, '-', ''), 'current');
  v_member uuid;
  v_keys text;
begin
  -- X3: is_sql_login_session (20261123003500_sql_logins.sql, resolved at
  -- run time) decides whether this is a SQL login session; the two cached
  -- look-ups in front (the login's prefix, rbac_reporting membership) are
  -- its necessary condition, so an ordinary session skips the call, which
  -- cost 4 µs per check (RBAC bench, 5 → 9.6 µs). Same test in
  -- member_permission_keys.
  if current_setting('rbac.my_stamp_' || v_suffix, true) = v_stamp
     and not starts_with(session_user::text, 'rpt_')
     and not (coalesce(pg_catalog.pg_has_role(session_user, pg_catalog.to_regrole('rbac_reporting')::oid, 'usage'), false)
              and rbac_private.is_sql_login_session()) then
    v_keys := coalesce(current_setting('rbac.my_keys_' || v_suffix, true), '');
  else
    -- At most one row: a person is one member per tenant.
    select m.id into v_member
      from rbac.members m
     where m.user_id = rbac_private.current_user_id() and m.status = 'active' and rbac_private.in_request_tenant(m.tenant_id)
       and m.tenant_id = coalesce(p_tenant_id, public.current_tenant_id());
    v_keys := case when v_member is null then '' else rbac_private.member_permission_keys(v_member) end;
    perform set_config('rbac.my_keys_' || v_suffix, v_keys, true), set_config('rbac.my_stamp_' || v_suffix, v_stamp, true);
  end if;
  -- As rbac_private.member_has.
  return strpos(v_keys, ',' || p_permission || ':') > 0;
end;
$$;
comment on function public.has_permission(text, uuid) is
  'Definer: reads the caller''s own rights (tables the caller may not read in full); answers only about the caller.';
grant execute on function public.has_permission(text, uuid) to authenticated;

-- The caller's effective permissions in a tenant, for navigation and buttons.
create function public.my_permissions(p_tenant_id uuid default null)
returns table (permission text, module text, action text, scope rbac.scope, is_admin boolean)
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select p.key, mo.key, p.action, g.scope, mo.is_admin or coalesce(parent.is_admin, false)
    from rbac.members m
    cross join lateral rbac_private.member_grants(m.id) g
    join rbac.permissions p on p.id = g.permission_id
    join rbac.modules mo on mo.tenant_id = p.tenant_id and mo.id = p.module_id
    left join rbac.modules parent on parent.tenant_id = mo.tenant_id and parent.id = mo.parent_id
   where m.user_id = rbac_private.current_user_id() and m.status = 'active' and rbac_private.in_request_tenant(m.tenant_id)
     and m.tenant_id = coalesce(p_tenant_id, public.current_tenant_id())
   order by p.key
$$;
comment on function public.my_permissions(uuid) is
  'Definer: reads the caller''s own rights; answers only about the caller.';
grant execute on function public.my_permissions(uuid) to authenticated;

-- P5: the Admin menu shows when the caller holds any admin-type permission.
create function public.can_access_admin(p_tenant_id uuid default null) returns boolean
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select exists (select 1 from public.my_permissions(p_tenant_id) where is_admin)
$$;
comment on function public.can_access_admin(uuid) is
  'Definer: reads the caller''s own rights; answers only about the caller.';
grant execute on function public.can_access_admin(uuid) to authenticated;

-- -----------------------------------------------------------------------------
-- Roles list, detail and holders (R6)
-- -----------------------------------------------------------------------------

create function public.list_roles(
  p_tenant_id uuid,
  p_search text default null,
  p_kind rbac.role_kind default null,
  p_org_id uuid default null,
  p_permission text default null,
  p_unused boolean default null,
  p_include_disabled boolean default false,
  p_sort text default 'name',
  p_descending boolean default false,
  p_limit integer default 50,
  p_offset integer default 0
)
returns table (
  id uuid, name text, description text, kind rbac.role_kind, org_id uuid, org_name text,
  system_key text, created_at timestamptz, updated_at timestamptz, disabled_at timestamptz,
  approved_at timestamptz, holder_count bigint, permission_count bigint, total_count bigint
)
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_caller rbac.members := rbac_private.caller(p_tenant_id);
  v_granting uuid[];
begin
  if not (rbac_private.member_has(v_caller.id, 'roles.view') or rbac_private.member_has(v_caller.id, 'users.view')) then
    perform rbac_private.require_permission(v_caller.id, 'roles.view');
  end if;
  if p_sort not in ('name', 'created_at', 'updated_at', 'holders', 'org') then
    raise exception 'Roles can be sorted by name, created_at, updated_at, holders or org.' using errcode = 'RB005';
  end if;
  if p_limit is null or p_limit not between 1 and 500 or p_offset is null or p_offset < 0 then
    raise exception 'Page size must be between 1 and 500 and the offset not negative.' using errcode = 'RB005';
  end if;
  if length(coalesce(p_search, '')) > 200 then
    raise exception 'The search text can be at most 200 characters long.' using errcode = 'RB005';
  end if;
  -- "Holds permission X": the roles granting X, found once for the whole list
  -- (what rbac_private.role_grants grants, for every role at once; calling it
  -- per role cost about a millisecond a role). A statement of its own keeps
  -- the list query, planned on every call, small.
  if p_permission is not null then
    select coalesce(array_agg(distinct rp.role_id), '{}') into v_granting
      from rbac.permissions p
      join rbac.modules mo on mo.tenant_id = p.tenant_id and mo.id = p.module_id
      left join rbac.modules parent on parent.tenant_id = mo.tenant_id and parent.id = mo.parent_id
      join rbac.permission_closure pc on pc.tenant_id = p.tenant_id and pc.implied_id = p.id
      join rbac.role_permissions rp on rp.tenant_id = pc.tenant_id and rp.permission_id = pc.permission_id
     where p.tenant_id = p_tenant_id and p.key = p_permission
       and mo.installed and coalesce(parent.installed, true);
  end if;
  return query
  with visible as (
    select r.* from rbac.roles r
     where r.tenant_id = p_tenant_id and r.id = any (rbac_private.my_visible_role_ids())
  ),
  counted as (
    select v.*, o.name as org_name,
           (select count(*) from (
              select mr.member_id from rbac.member_roles mr where mr.tenant_id = v.tenant_id and mr.role_id = v.id
              union
              select gm.member_id from rbac.group_roles gr
                join rbac.group_members gm on gm.tenant_id = gr.tenant_id and gm.group_id = gr.group_id
               where gr.tenant_id = v.tenant_id and gr.role_id = v.id) h)
           + (select count(*) from rbac.org_company_roles c where c.tenant_id = v.tenant_id and c.role_id = v.id) as holders,
           (select count(*) from rbac.role_permissions rp where rp.tenant_id = v.tenant_id and rp.role_id = v.id) as perms
      from visible v join rbac.orgs o on o.id = v.org_id
     where (p_include_disabled or v.disabled_at is null)
       -- Literal, case-insensitive substring: % and _ in the search text are no wildcards.
       and (p_search is null or strpos(lower(v.name), lower(p_search)) > 0 or strpos(lower(v.description), lower(p_search)) > 0)
       and (p_kind is null or v.kind = p_kind)
       and (p_org_id is null or v.org_id = p_org_id)
       and (p_permission is null or v.grants_all or v.id = any (v_granting))
  )
  select c.id, c.name, c.description, c.kind, c.org_id, c.org_name, c.system_key, c.created_at, c.updated_at,
         c.disabled_at, c.approved_at, c.holders, c.perms, count(*) over ()
    from counted c
   where p_unused is null or (c.holders = 0) = p_unused
   order by
     case when not p_descending then
       case p_sort when 'name' then lower(c.name) when 'org' then lower(c.org_name) end end asc,
     case when p_descending then
       case p_sort when 'name' then lower(c.name) when 'org' then lower(c.org_name) end end desc,
     case when not p_descending then
       case p_sort when 'created_at' then c.created_at when 'updated_at' then c.updated_at end end asc,
     case when p_descending then
       case p_sort when 'created_at' then c.created_at when 'updated_at' then c.updated_at end end desc,
     case when not p_descending and p_sort = 'holders' then c.holders end asc,
     case when p_descending and p_sort = 'holders' then c.holders end desc,
     lower(c.name), c.id
   limit p_limit offset p_offset;
end;
$$;
comment on function public.list_roles(uuid, text, rbac.role_kind, uuid, text, boolean, boolean, text, boolean, integer, integer) is
  'Definer: reads holders and grants across the tenant for its filters; checks roles.view and leaves out hidden roles the caller may not see.';
grant execute on function public.list_roles(uuid, text, rbac.role_kind, uuid, text, boolean, boolean, text, boolean, integer, integer) to authenticated;

-- R6/P4: the permission matrix of a role: installed modules × their actions,
-- marking what the role grants directly and what it gets by implication.
create function public.role_matrix(p_role_id uuid)
returns table (
  module_key text, module_name text, parent_key text, is_admin boolean, permission text, action text,
  action_name text, scoped boolean, granted boolean, scope rbac.scope, implied boolean, implies text[]
)
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_role rbac.roles := rbac_private.visible_role(p_role_id);
begin
  -- The detail view belongs to the Roles app (seed 003: only those who may
  -- view roles open it); holders of users.view see role names, to assign them.
  perform rbac_private.require_permission((rbac_private.caller(v_role.tenant_id)).id, 'roles.view');
  return query
  with direct as (
    select rp.permission_id, rp.scope from rbac.role_permissions rp where rp.tenant_id = v_role.tenant_id and rp.role_id = v_role.id
  ),
  effective as (select g.permission_id, g.scope from rbac_private.role_grants(p_role_id) g)
  select mo.key, mo.name, parent.key, mo.is_admin or coalesce(parent.is_admin, false), p.key, p.action, p.name, p.scoped,
         e.permission_id is not null, e.scope, e.permission_id is not null and d.permission_id is null and not v_role.grants_all,
         coalesce((select array_agg(q.key order by q.key) from rbac.permission_implications i
                     join rbac.permissions q on q.id = i.implied_id
                    where i.tenant_id = p.tenant_id and i.permission_id = p.id), '{}')
    from rbac.permissions p
    join rbac.modules mo on mo.tenant_id = p.tenant_id and mo.id = p.module_id
    left join rbac.modules parent on parent.tenant_id = mo.tenant_id and parent.id = mo.parent_id
    left join direct d on d.permission_id = p.id
    left join effective e on e.permission_id = p.id
   where p.tenant_id = v_role.tenant_id and mo.installed and coalesce(parent.installed, true)
   order by coalesce(parent.position, mo.position), coalesce(parent.key, mo.key), parent.key nulls first, mo.key, p.position;
end;
$$;
comment on function public.role_matrix(uuid) is
  'Definer: reads a role''s grants and implications; the role must be one the caller may see (visible_role), and the caller must hold roles.view.';
grant execute on function public.role_matrix(uuid) to authenticated;

-- R5: who holds a role and how, so they can be reassigned before disabling it.
create function public.role_holders(p_role_id uuid)
returns table (member_id uuid, display_name text, email text, status rbac.member_status, via text, via_id uuid)
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_role rbac.roles := rbac_private.visible_role(p_role_id);
  v_caller rbac.members := rbac_private.caller(v_role.tenant_id);
begin
  perform rbac_private.require_permission(v_caller.id, 'users.view');
  return query
    with holders as (
      select m.id, m.display_name, m.email, m.status, 'direct'::text via, null::uuid via_id
        from rbac.member_roles mr join rbac.members m on m.id = mr.member_id
       where mr.tenant_id = v_role.tenant_id and mr.role_id = p_role_id and m.status <> 'deleted'
      union all
      select m.id, m.display_name, m.email, m.status, 'group: ' || g.name, g.id
        from rbac.group_roles gr
        join rbac.groups g on g.id = gr.group_id
        join rbac.group_members gm on gm.tenant_id = gr.tenant_id and gm.group_id = gr.group_id
        join rbac.members m on m.id = gm.member_id
       where gr.tenant_id = v_role.tenant_id and gr.role_id = p_role_id and m.status <> 'deleted'),
    visible as (select v from rbac_private.my_visible_member_ids() v)
    -- A3: names (and emails) only of members the caller may see; the others
    -- as one count, so disabling the role (R5) still warns about them.
    select h.* from holders h where h.id in (select v from visible)
    union all
    select null, format('%s more outside the part of the organization you administer', count(distinct h.id)), null, null,
           'outside your scope', null
      from holders h where h.id not in (select v from visible)
    having count(*) > 0
    union all
    select null, o.name, null, null, 'company role of an organization', o.id
      from rbac.org_company_roles c join rbac.orgs o on o.id = c.org_id
     where c.tenant_id = v_role.tenant_id and c.role_id = p_role_id
    order by 2;
end;
$$;
comment on function public.role_holders(uuid) is
  'Definer: reads other members'' roles and groups; checks users.view and names only holders inside the caller''s scope (the rest as a count).';
grant execute on function public.role_holders(uuid) to authenticated;

-- -----------------------------------------------------------------------------
-- Explain (A8)
-- -----------------------------------------------------------------------------

-- Why a member has or lacks a permission: the roles and groups that grant it
-- (or an implying permission), each ceiling on the ancestor chain, whether the
-- module is installed, the member's status and scope.
create function public.explain_permission(p_member_id uuid, p_permission text) returns jsonb
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_member rbac.members;
  v_caller rbac.members;
  v_permission rbac.permissions;
  v_installed boolean;
  v_result jsonb;
begin
  select * into v_member from rbac.members where id = p_member_id and tenant_id = any (rbac_private.my_tenant_ids());
  if v_member.id is null then
    raise exception 'This member does not exist in your organization.' using errcode = 'RB004';
  end if;
  v_caller := rbac_private.caller(v_member.tenant_id);
  if v_caller.id <> v_member.id then
    perform rbac_private.require_permission(v_caller.id, 'users.view');
    if v_member.home_org_id not in (select rbac_private.member_scope_orgs(v_caller.id)) then
      -- No name: the caller may not see this member (the id alone told them who it was).
      raise exception 'This member is outside the part of the organization you administer.' using errcode = 'RB011';
    end if;
  end if;
  select * into v_permission from rbac.permissions where tenant_id = v_member.tenant_id and key = p_permission;
  if v_permission.id is null then
    raise exception 'There is no permission %.', p_permission using errcode = 'RB005';
  end if;
  select mo.installed and coalesce(parent.installed, true) into v_installed
    from rbac.modules mo left join rbac.modules parent on parent.id = mo.parent_id
   where mo.id = v_permission.module_id;

  with held as (
    select mr.role_id, 'direct'::text as via, null::text as group_name
      from rbac.member_roles mr where mr.tenant_id = v_member.tenant_id and mr.member_id = v_member.id
    union all
    select gr.role_id, 'group', g.name
      from rbac.group_members gm
      join rbac.groups g on g.id = gm.group_id
      join rbac.group_roles gr on gr.tenant_id = gm.tenant_id and gr.group_id = gm.group_id
     where gm.tenant_id = v_member.tenant_id and gm.member_id = v_member.id
  ),
  sources as (
    select r.name as role, r.id as role_id, h.via, h.group_name, r.disabled_at is not null as role_disabled,
           coalesce((select max(rp.scope) from rbac.role_permissions rp
                      join rbac.permission_closure pc on pc.tenant_id = rp.tenant_id and pc.permission_id = rp.permission_id
                     where rp.tenant_id = r.tenant_id and rp.role_id = r.id and pc.implied_id = v_permission.id),
                    case when r.grants_all then 'all'::rbac.scope end) as scope,
           (select array_agg(distinct p.key) from rbac.role_permissions rp
              join rbac.permission_closure pc on pc.tenant_id = rp.tenant_id and pc.permission_id = rp.permission_id
              join rbac.permissions p on p.id = rp.permission_id
             where rp.tenant_id = r.tenant_id and rp.role_id = r.id and pc.implied_id = v_permission.id
               and rp.permission_id <> v_permission.id) as implied_by,
           r.grants_all
      from held h join rbac.roles r on r.id = h.role_id
     -- R1: a hidden role (Super Administrator) is not named to those who may not see it.
     where not r.hidden or r.id = any (rbac_private.my_visible_role_ids())
  ),
  ceilings as (
    select o.id as org_id, o.name as org, c.depth,
           exists (select 1 from rbac.org_company_roles ocr
                     join rbac.roles r on r.id = ocr.role_id and r.disabled_at is null
                     cross join lateral rbac_private.role_grants(r.id) g
                    where ocr.tenant_id = o.tenant_id and ocr.org_id = o.id and g.permission_id = v_permission.id) as allows,
           (select jsonb_agg(r.name order by r.name) from rbac.org_company_roles ocr join rbac.roles r on r.id = ocr.role_id
             where ocr.tenant_id = o.tenant_id and ocr.org_id = o.id) as company_roles
      from rbac.org_closure c join rbac.orgs o on o.id = c.ancestor_id
     where c.descendant_id = v_member.home_org_id
       and exists (select 1 from rbac.org_company_roles ocr where ocr.tenant_id = o.tenant_id and ocr.org_id = o.id)
  )
  select jsonb_build_object(
    'member_id', v_member.id,
    'member', v_member.display_name,
    'permission', p_permission,
    'allowed', rbac_private.member_has(v_member.id, p_permission),
    'scope', rbac_private.member_scope(v_member.id, p_permission),
    'member_status', v_member.status,
    'user_type', v_member.user_type,
    'rbac_enabled', (select rbac_enabled from rbac.tenants where id = v_member.tenant_id),
    'module_installed', v_installed,
    'grants', coalesce((select jsonb_agg(jsonb_build_object(
                 'role', s.role, 'role_id', s.role_id, 'via', s.via, 'group', s.group_name,
                 'role_disabled', s.role_disabled, 'scope', s.scope, 'implied_by', s.implied_by, 'grants_all', s.grants_all)
                 order by s.role) from sources s where s.scope is not null), '[]'::jsonb),
    'ceilings', coalesce((select jsonb_agg(jsonb_build_object(
                 'org_id', c.org_id, 'org', c.org, 'allows', c.allows, 'company_roles', c.company_roles)
                 order by c.depth desc) from ceilings c), '[]'::jsonb),
    'scope_orgs', (select count(*) from rbac_private.member_scope_orgs(v_member.id))
  ) into v_result;
  return v_result;
end;
$$;
comment on function public.explain_permission(uuid, text) is
  'Definer: reads another member''s roles, groups and ceilings; checks users.view and the member''s scope itself.';
grant execute on function public.explain_permission(uuid, text) to authenticated;

-- -----------------------------------------------------------------------------
-- Role lint (R7)
-- -----------------------------------------------------------------------------

create function public.lint_roles(p_tenant_id uuid)
returns table (rule text, severity text, role_id uuid, role_name text, detail text)
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_caller rbac.members := rbac_private.caller(p_tenant_id);
begin
  perform rbac_private.require_permission(v_caller.id, 'roles.view');
  return query
  with active as (
    select r.* from rbac.roles r
     where r.tenant_id = p_tenant_id and r.disabled_at is null and r.id = any (rbac_private.my_visible_role_ids())
  ),
  grants as (
    select a.id as role_id, p.key, g.scope
      from active a cross join lateral rbac_private.role_grants(a.id) g join rbac.permissions p on p.id = g.permission_id
  ),
  -- Delete on a module that has a trash sub-section, without restore there.
  trash as (
    select a.id, a.name, m.key as module, t.key as trash
      from active a
      join grants g on g.role_id = a.id
      join rbac.modules m on m.tenant_id = p_tenant_id and g.key = m.key || '.delete'
      join rbac.modules t on t.tenant_id = p_tenant_id and t.parent_id = m.id and t.key like '%.trash' and t.installed
     where not exists (select 1 from grants r where r.role_id = a.id and r.key = t.key || '.restore')
  ),
  holders as (
    select a.id, exists (select 1 from rbac.member_roles mr where mr.tenant_id = p_tenant_id and mr.role_id = a.id)
              or exists (select 1 from rbac.group_roles gr where gr.tenant_id = p_tenant_id and gr.role_id = a.id)
              or exists (select 1 from rbac.org_company_roles c where c.tenant_id = p_tenant_id and c.role_id = a.id) as held
      from active a
  ),
  signatures as (
    select a.id, a.name, a.kind,
           coalesce((select string_agg(rp.permission_id::text || ':' || rp.scope, ',' order by rp.permission_id)
                       from rbac.role_permissions rp where rp.tenant_id = p_tenant_id and rp.role_id = a.id), '') as sig
      from active a where not a.grants_all
  ),
  rules as (
    select s.name, pa.key as a_key, pb.key as b_key from rbac.sod_rules s
      join rbac.permissions pa on pa.id = s.permission_a join rbac.permissions pb on pb.id = s.permission_b
     where s.tenant_id = p_tenant_id
  )
  select 'delete_without_restore', 'warning', t.id, t.name,
         format('Grants %s.delete but not %s.restore: items its holders delete cannot be recovered by them.', t.module, t.trash)
    from trash t
  union all
  select 'unused', 'info', a.id, a.name, 'Nobody holds this role (role sprawl): disable it if it is no longer needed.'
    from active a join holders h on h.id = a.id
   where not h.held and a.system_key is null
  union all
  select 'duplicate', 'warning', s.id, s.name,
         format('Grants exactly the same permissions as %s.', string_agg(o.name, ', ' order by o.name))
    from signatures s join signatures o on o.sig = s.sig and o.kind = s.kind and o.id <> s.id
   where s.sig <> ''
   group by s.id, s.name
  union all
  select 'sod_conflict', case when a.grants_all then 'info' else 'error' end, a.id, a.name,
         format('Grants both %s and %s, which the rule "%s" keeps apart.', r.a_key, r.b_key, r.name)
    from active a join rules r on exists (select 1 from grants g where g.role_id = a.id and g.key = r.a_key)
                              and exists (select 1 from grants g where g.role_id = a.id and g.key = r.b_key)
  union all
  -- Seed 002 ("who approved each role"): once a tenant approves roles, a role
  -- whose permissions were set since its last approval (or never approved)
  -- is reported until a second administrator approves it.
  select 'unapproved', 'warning', a.id, a.name,
         'Not approved since its permissions were last set: ask a second administrator to approve it.'
    from active a
   where a.system_key is null and not a.grants_all and a.approved_at is null
     and exists (select 1 from rbac.roles x where x.tenant_id = p_tenant_id and x.approved_at is not null)
  union all
  select 'member_sod_conflict',
         case when exists (select 1 from rbac_private.member_role_ids(m.id) h(role_id) join rbac.roles x on x.id = h.role_id
                            where x.grants_all) then 'info' else 'error' end,
         null::uuid, w.who, format('%s holds both %s and %s, which the rule "%s" keeps apart.', w.who, r.a_key, r.b_key, r.name)
    from rbac.members m join rules r on rbac_private.member_has(m.id, r.a_key) and rbac_private.member_has(m.id, r.b_key)
    -- A3: members the caller may not see are not named.
    cross join lateral (select case when m.id in (select rbac_private.my_visible_member_ids()) then m.display_name
                                    else 'A member you do not administer' end as who) w
   where m.tenant_id = p_tenant_id and m.status = 'active'
   order by 1, 4;
end;
$$;
comment on function public.lint_roles(uuid) is
  'Definer: reads every role, grant and holder of the tenant; checks roles.view.';
grant execute on function public.lint_roles(uuid) to authenticated;
