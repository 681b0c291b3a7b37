-- =============================================================================
-- Effective rights: the one definition of what a member may do (A1, A2, A3,
-- P2, P4, R5, U4), the caller's identity, and the guards every public
-- function uses (A4 delegation, A5 last administrator, A6 separation of
-- duties).
--
-- effective(member) = ( permissions of own roles ∪ group roles, active roles
--                       only, implied actions added )
--                     ∩ installed modules
--                     ∩ every company ceiling on the home org's ancestor chain
-- and nothing at all unless the member is active.
--
-- Rights are not cached across statements: a change is visible to the very
-- next statement. Within one statement the caller's permission keys are kept
-- in a transaction-local setting, keyed by the statement start, the snapshot
-- and a generation counter that every write to an rbac table bumps, so a function
-- that changes rights and checks them again in the same statement never
-- reads a stale answer. The same writes bump a shared rights version, which
-- keys the record-visibility sets kept per session (20261123003100_…).
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Triggers: any write to the tables that rights are computed from bumps the
-- generation, which retires every cached answer in this transaction, and
-- the shared rights version, which retires the sets other sessions keep.
-- -----------------------------------------------------------------------------

create table rbac_private.rights_version (
  singleton boolean primary key default true check (singleton),
  version bigint not null default 0
);
comment on table rbac_private.rights_version is
  'One row: bumped once by every transaction that changes rights, memberships or assignees, as it commits; keys the cross-statement caches.';
insert into rbac_private.rights_version (singleton, version) values (true, 0);

-- One row per transaction that has changed rights and not yet committed: its
-- deferred trigger bumps the version as the transaction commits.
create table rbac_private.rights_version_pending (
  txid bigint primary key
);
comment on table rbac_private.rights_version_pending is
  'Transactions that changed rights; each bumps rbac_private.rights_version once, at commit (deferred trigger).';

-- Internal: only the product's definer functions read and write them
-- (members have usage on rbac_private for its helpers, so the tables are
-- closed too; the explicit policy is what the advisors ask of an RLS table).
-- Written out, not looped, so the rule is found by reading the table's name.
alter table rbac_private.rights_version enable row level security;
alter table rbac_private.rights_version_pending enable row level security;
revoke all on rbac_private.rights_version, rbac_private.rights_version_pending from public, anon, authenticated, service_role;
create policy "Only the product's own functions use it" on rbac_private.rights_version
  for select to authenticated using (false);
create policy "Only the product's own functions use it" on rbac_private.rights_version_pending
  for select to authenticated using (false);

-- At commit (a deferred constraint trigger, so after the transaction's own
-- statements): one bump of the shared version, in the same commit as the
-- changes it announces. The version row is locked only from here to the
-- commit, as the transaction's last lock: rights changes in different
-- tenants no longer wait for each other's whole transaction, and two
-- transactions that also lock each other's tenants cannot deadlock on it.
create function rbac_private.bump_rights_version_at_commit() returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  update rbac_private.rights_version set version = version + 1;
  delete from rbac_private.rights_version_pending p where p.txid = new.txid;
  return null;
end;
$$;
comment on function rbac_private.bump_rights_version_at_commit() is
  'Definer: constraint trigger: bumps the shared rights version, which no member may write.';

create constraint trigger rights_version_pending_bump_at_commit
  after insert on rbac_private.rights_version_pending
  deferrable initially deferred
  for each row execute function rbac_private.bump_rights_version_at_commit();

-- The statement triggers of every table rights depend on call this (below,
-- and 20261123003100_… and 20261123002000_…). The first change of a
-- transaction queues its bump of the shared version for the commit,
-- remembered by transaction id (rbac.generation cannot tell: lock_tenant
-- also bumps it). Every change bumps the transaction's own counter at once,
-- so its later statements see their own changes before the commit. Definer:
-- members never write the version.
create function rbac_private.bump_rights_generation() returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_xact text := pg_catalog.txid_current()::text;
begin
  if current_setting('rbac.version_bumped_by', true) is distinct from v_xact then
    insert into rbac_private.rights_version_pending (txid) values (v_xact::bigint) on conflict do nothing;
    perform set_config('rbac.version_bumped_by', v_xact, true);
  end if;
  perform set_config('rbac.generation',
    (coalesce(nullif(current_setting('rbac.generation', true), ''), '0')::bigint + 1)::text, true);
  return null;
end;
$$;
comment on function rbac_private.bump_rights_generation() is
  'Definer: statement trigger: queues the rights-version bump in a table the changing member may not write.';

do $$
declare
  t text;
begin
  foreach t in array array['tenants', 'orgs', 'org_closure', 'members', 'member_orgs', 'modules', 'permissions',
                           'permission_closure', 'roles', 'role_permissions', 'member_roles', 'group_members',
                           'group_roles', 'org_company_roles'] loop
    execute format('create trigger %I after insert or update or delete or truncate on rbac.%I
                    for each statement execute function rbac_private.bump_rights_generation()',
                   t || '_bump_generation', t);
  end loop;
end;
$$;

-- -----------------------------------------------------------------------------
-- Helpers: identity
-- -----------------------------------------------------------------------------

-- The signed-in person. One place, so every path (API, policies, SQL logins)
-- identifies the caller the same way.
create function rbac_private.current_user_id() returns uuid
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select auth.uid()
$$;
comment on function rbac_private.current_user_id() is 'Definer: may read the product''s login mapping; returns only the caller''s own id.';

-- X1: sessions their person ended (signed out). The web server's session
-- tokens carry a session_id (as Supabase Auth's do); once it is here, the
-- token signs nobody in on its next query, through the app or straight
-- through PostgREST, although it has not expired: a copied cookie dies with
-- the sign-out. Kept until the token could no longer be renewed.
create table rbac_private.ended_sessions (
  session_id text primary key check (length(session_id) between 1 and 100),
  ended_at timestamptz not null default now(),
  expires_at timestamptz not null
);
comment on table rbac_private.ended_sessions is
  'Session ids of signed-out sessions; rbac_private.current_user_id answers null for their tokens. Written only by public.end_session.';
create index ended_sessions_expires_idx on rbac_private.ended_sessions (expires_at);
alter table rbac_private.ended_sessions enable row level security;
revoke all on rbac_private.ended_sessions from public, anon, authenticated, service_role;
create policy "Only the product's own functions use it" on rbac_private.ended_sessions
  for select to authenticated using (false);
-- An ended session changes who the caller is: the per-session caches keyed
-- by its claims are re-checked (20261123003100_…).
create trigger ended_sessions_bump_generation after insert on rbac_private.ended_sessions
  for each statement execute function rbac_private.bump_rights_generation();

-- Whether the request's token belongs to a session its person ended: its
-- own, or for a view-as token (A7) the viewer's, so a view ends with the
-- viewer's sign-out, copies of its token included.
create function rbac_private.session_ended() returns boolean
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select (auth.jwt() ? 'session_id' or auth.jwt() -> 'view_as' ? 'viewer_session_id')
     and exists (select 1 from rbac_private.ended_sessions e
                  where e.session_id in (auth.jwt() ->> 'session_id', auth.jwt() -> 'view_as' ->> 'viewer_session_id'))
$$;
comment on function rbac_private.session_ended() is
  'Definer: reads rbac_private.ended_sessions for the request''s own session id only.';

-- A7: the one tenant a view-as request may reach. The viewer's token carries
-- the member's claims plus `view_as` {viewer_user_id, member_id}; in hosted
-- mode it is a real PostgREST token, so the database, not the web server,
-- confines it: to the viewed member's tenant, while that member is the
-- token's person and active, and the viewer is still an active member there
-- holding users.view (what start_view_as required). Null when the request is
-- no view-as; a tenant id no membership has when the claim does not hold, so
-- the request then reaches nothing. Every look-up of the caller's own
-- memberships passes through rbac_private.in_request_tenant.
create function rbac_private.view_as_tenant_id() returns uuid
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_claim jsonb := auth.jwt() -> 'view_as';
  v_nowhere constant uuid := '00000000-0000-0000-0000-000000000000';
  v_member uuid;
  v_viewer uuid;
  v_tenant uuid;
begin
  if v_claim is null then
    return null;
  end if;
  begin
    v_member := (v_claim ->> 'member_id')::uuid;
    v_viewer := (v_claim ->> 'viewer_user_id')::uuid;
  exception when invalid_text_representation then
    return v_nowhere;
  end;
  select m.tenant_id into v_tenant
    from rbac.members m
   where m.id = v_member and m.user_id = rbac_private.current_user_id() and m.status = 'active'
     and exists (select 1 from rbac.members v
                  where v.tenant_id = m.tenant_id and v.user_id = v_viewer and v.status = 'active' and v.id <> m.id
                    and rbac_private.member_has(v.id, 'users.view'));
  return coalesce(v_tenant, v_nowhere);
end;
$$;
comment on function rbac_private.view_as_tenant_id() is
  'Definer: reads the viewed member and the viewer named by the request''s own claims; answers only about this request.';

-- Whether one of the caller's memberships may be used by this request: every
-- one, except under view-as claims (see view_as_tenant_id).
create function rbac_private.in_request_tenant(p_tenant_id uuid) returns boolean
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select case when auth.jwt() ? 'view_as' then p_tenant_id = rbac_private.view_as_tenant_id() else true end
$$;
comment on function rbac_private.in_request_tenant(uuid) is
  'Definer: like view_as_tenant_id, which it calls; answers only about this request.';

-- The caller's active membership in a tenant, or a refusal.
create function rbac_private.caller(p_tenant_id uuid) returns rbac.members
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_user uuid := rbac_private.current_user_id();
  v_member rbac.members;
begin
  if v_user is null then
    raise exception 'You are not signed in.' using errcode = 'RB001';
  end if;
  select * into v_member from rbac.members m
   where m.tenant_id = p_tenant_id and m.user_id = v_user and m.status = 'active'
     and rbac_private.in_request_tenant(m.tenant_id);
  if v_member.id is null then
    raise exception 'You are not an active member of this organization.' using errcode = 'RB002';
  end if;
  return v_member;
end;
$$;
comment on function rbac_private.caller(uuid) is 'Definer: reads rbac.members for the caller only.';

-- RB002 for a caller whose membership in the tenant has ended (deactivated,
-- pending), so look-ups that answer "does not exist" (RB004) to outsiders
-- tell a former member the truth instead; outsiders still learn nothing.
create function rbac_private.refuse_former_member(p_tenant_id uuid) returns void
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if exists (select 1 from rbac.members m
              where m.tenant_id = p_tenant_id and m.user_id = rbac_private.current_user_id()
                and rbac_private.in_request_tenant(m.tenant_id)) then
    perform rbac_private.caller(p_tenant_id);
  end if;
end;
$$;
comment on function rbac_private.refuse_former_member(uuid) is 'Definer: reads rbac.members for the caller only.';

-- Serialises every change to one tenant's rights, so checks such as "one
-- administrator remains" (A5) see all committed changes before they decide.
create function rbac_private.lock_tenant(p_tenant_id uuid) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform 1 from rbac.tenants where id = p_tenant_id for update;
  if not found then
    raise exception 'This organization does not exist.' using errcode = 'RB004';
  end if;
  -- Waiting for the lock lets other transactions' changes in mid-statement:
  -- retire the rights this statement computed before it (a demoted
  -- administrator's pending request must not act on their old rights).
  perform set_config('rbac.generation',
    (coalesce(nullif(current_setting('rbac.generation', true), ''), '0')::bigint + 1)::text, true);
end;
$$;
comment on function rbac_private.lock_tenant(uuid) is 'Definer: takes the row lock of a tenant that the caller cannot see yet.';

-- -----------------------------------------------------------------------------
-- Helpers: effective rights of any member
-- -----------------------------------------------------------------------------

-- member_role_ids, role_grants and member_grants are plpgsql (a single
-- RETURN QUERY) for speed alone: Postgres up to 17 plans the body of a SQL
-- function that cannot be inlined (a definer) again in every statement that
-- calls it, while plpgsql keeps its plans for the session. Every request
-- computes rights, and that planning was most of the cost (docs/benchmarks.md).

-- Active roles a member holds, directly or through a group (A1, R5).
create function rbac_private.member_role_ids(p_member_id uuid) returns setof uuid
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
  return query
  select r.id
    from rbac.members m
    join rbac.roles r on r.tenant_id = m.tenant_id and r.disabled_at is null
   where m.id = p_member_id and m.status = 'active'
     and r.id in (
       select mr.role_id from rbac.member_roles mr
        where mr.tenant_id = m.tenant_id and mr.member_id = m.id
       union
       select gr.role_id from rbac.group_members gm
         join rbac.group_roles gr on gr.tenant_id = gm.tenant_id and gr.group_id = gm.group_id
        where gm.tenant_id = m.tenant_id and gm.member_id = m.id);
end;
$$;
comment on function rbac_private.member_role_ids(uuid) is
  'Definer: reads any member''s roles and groups for the rights of other definer functions; not executable by authenticated.';

-- What one role grants: its permissions with everything they imply, in
-- installed modules only; every installed permission for grants_all roles.
create function rbac_private.role_grants(p_role_id uuid)
returns table (permission_id bigint, scope rbac.scope)
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
  return query
  with granted as (
    select pc.implied_id as permission_id, rp.scope
      from rbac.roles r
      join rbac.role_permissions rp on rp.tenant_id = r.tenant_id and rp.role_id = r.id
      join rbac.permission_closure pc on pc.tenant_id = rp.tenant_id and pc.permission_id = rp.permission_id
     where r.id = p_role_id and not r.grants_all
    union all
    select p.id, 'all'::rbac.scope
      from rbac.roles r join rbac.permissions p on p.tenant_id = r.tenant_id
     where r.id = p_role_id and r.grants_all
  )
  -- P3: only scoped actions have a scope; an unscoped one implied by an
  -- 'own' grant (edit own ⇒ export) is still held for all records.
  select g.permission_id, case when p.scoped then max(g.scope) else 'all'::rbac.scope end
    from granted g
    join rbac.permissions p on p.id = g.permission_id
    join rbac.modules mo on mo.tenant_id = p.tenant_id and mo.id = p.module_id
    left join rbac.modules parent on parent.tenant_id = mo.tenant_id and parent.id = mo.parent_id
   where mo.installed and coalesce(parent.installed, true)
   group by g.permission_id, p.scoped;
end;
$$;
comment on function rbac_private.role_grants(uuid) is
  'Definer: reads any role''s grants and the catalog for the rights of other definer functions; not executable by authenticated.';

-- The effective rights of a member: see the banner of this file.
create function rbac_private.member_grants(p_member_id uuid)
returns table (permission_id bigint, scope rbac.scope)
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
  return query
  with member as (
    select m.id, m.tenant_id, m.home_org_id, t.rbac_enabled
      from rbac.members m join rbac.tenants t on t.id = m.tenant_id
     where m.id = p_member_id and m.status = 'active'
  ),
  granted as (
    select g.permission_id, g.scope
      from rbac_private.member_role_ids(p_member_id) held(role_id)
      cross join lateral rbac_private.role_grants(held.role_id) g
    union all
    -- U4: before RBAC is turned on for a tenant, every member may do everything
    -- an Administrator may: every installed permission (P2), no more.
    select p.id, 'all'::rbac.scope
      from member m join rbac.permissions p on p.tenant_id = m.tenant_id
      join rbac.modules mo on mo.tenant_id = p.tenant_id and mo.id = p.module_id
      left join rbac.modules parent on parent.tenant_id = mo.tenant_id and parent.id = mo.parent_id
     where not m.rbac_enabled and mo.installed and coalesce(parent.installed, true)
  ),
  -- A2: orgs on the home org's ancestor chain (itself included) that have company roles.
  capping_orgs as (
    select distinct o.org_id
      from member m
      join rbac.org_closure c on c.descendant_id = m.home_org_id
      join rbac.org_company_roles o on o.tenant_id = m.tenant_id and o.org_id = c.ancestor_id
  ),
  cap_per_org as (
    select o.org_id, g.permission_id, max(g.scope) as scope
      from capping_orgs co
      join rbac.org_company_roles o on o.org_id = co.org_id and o.tenant_id = (select tenant_id from member)
      join rbac.roles r on r.tenant_id = o.tenant_id and r.id = o.role_id and r.disabled_at is null
      cross join lateral rbac_private.role_grants(r.id) g
     group by o.org_id, g.permission_id
  ),
  ceiling as (
    select cp.permission_id, min(cp.scope) as scope, count(*) as orgs
      from cap_per_org cp
     group by cp.permission_id
  )
  select g.permission_id, least(max(g.scope), min(coalesce(c.scope, 'all'::rbac.scope)))
    from granted g
    left join ceiling c on c.permission_id = g.permission_id
   group by g.permission_id
  having min(coalesce(c.orgs, 0)) = (select count(*) from capping_orgs);
end;
$$;
comment on function rbac_private.member_grants(uuid) is 'Definer: the single definition of effective rights; reads tables the caller may not see.';

-- Effective permission keys of a member as ',key:scope,key:scope,', kept for
-- the rest of the statement (see the banner). Used on every hot path.
create function rbac_private.member_permission_keys(p_member_id uuid) returns text
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  -- The snapshot is part of the key because statements sent in one message
  -- share statement_timestamp(): a commit by another session between them
  -- changes the snapshot and so retires the cached answer.
  v_stamp text := statement_timestamp()::text || '/' || pg_current_snapshot()::text || '/'
                  || coalesce(current_setting('rbac.generation', true), '');
  v_setting text := 'rbac.keys_' || replace(p_member_id::text, '-', '');
  v_cached text := current_setting(v_setting, true);
  v_keys text;
begin
  -- X3: a SQL login runs its own SQL and could SET this very setting to
  -- forged rights; never trust it there. is_sql_login_session (defined in
  -- 20261123003500_sql_logins.sql, resolved at run time) decides, behind
  -- its necessary condition as in public.has_permission (an ordinary
  -- session skips the call: 4 µs on every check).
  if v_cached is not null and starts_with(v_cached, v_stamp || '|')
     and not starts_with(session_user::text, 'rpt_')
     and not (coalesce(pg_catalog.pg_has_role(session_user, pg_catalog.to_regrole('rbac_reporting')::oid, 'usage'), false)
              and rbac_private.is_sql_login_session()) then
    return substr(v_cached, length(v_stamp) + 2);
  end if;
  select ',' || coalesce(string_agg(p.key || ':' || g.scope, ',' order by p.key), '') || ','
    into v_keys
    from rbac_private.member_grants(p_member_id) g
    join rbac.permissions p on p.id = g.permission_id;
  perform set_config(v_setting, v_stamp || '|' || v_keys, true);
  return v_keys;
end;
$$;
comment on function rbac_private.member_permission_keys(uuid) is 'Definer: computes rights from tables the caller may not see.';

create function rbac_private.member_has(p_member_id uuid, p_permission text) returns boolean
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select strpos(rbac_private.member_permission_keys(p_member_id), ',' || p_permission || ':') > 0
$$;
comment on function rbac_private.member_has(uuid, text) is
  'Definer: reads any member''s rights for the guards of other definer functions; not executable by authenticated.';

-- The scope a member holds a permission with (P3), or null.
create function rbac_private.member_scope(p_member_id uuid, p_permission text) returns rbac.scope
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select nullif(split_part(split_part(rbac_private.member_permission_keys(p_member_id), ',' || p_permission || ':', 2), ',', 1), '')::rbac.scope
$$;
comment on function rbac_private.member_scope(uuid, text) is
  'Definer: reads any member''s rights for the guards of other definer functions; not executable by authenticated.';

-- A3: the orgs a member's user type lets them see and administer.
create function rbac_private.member_scope_orgs(p_member_id uuid) returns setof uuid
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  with m as (
    select * from rbac.members where id = p_member_id and status = 'active'
  ),
  roots as (
    select m.home_org_id as org_id from m
    union
    select mo.org_id from m join rbac.member_orgs mo on mo.tenant_id = m.tenant_id and mo.member_id = m.id
  )
  -- Company administrators, and administrators placed at the root, see the whole tenant.
  select o.id from m join rbac.orgs o on o.tenant_id = m.tenant_id
   where m.user_type = 'company_admin' or (m.user_type = 'administrator' and m.home_org_id = m.tenant_id)
  union
  -- Administrators: their orgs and every descendant.
  select c.descendant_id from m, roots
    join rbac.org_closure c on c.ancestor_id = roots.org_id
   where m.user_type = 'administrator'
  union
  -- Power users and private users: their orgs only (private users further limited to their own records).
  select roots.org_id from m, roots where m.user_type in ('power_user', 'private_user')
$$;
comment on function rbac_private.member_scope_orgs(uuid) is
  'Definer: reads any member''s orgs and the org tree for the A3 guards; not executable by authenticated.';

-- A3: the orgs a member administers: their scope, except that a private
-- user administers nothing (as the table policies say through my_orgs_with).
-- The lists an administrator reads (members, invitations, join requests,
-- access review) filter with it.
create function rbac_private.member_admin_orgs(p_member_id uuid) returns setof uuid
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select o from rbac_private.member_scope_orgs(p_member_id) o
   where not exists (select 1 from rbac.members m where m.id = p_member_id and m.user_type = 'private_user')
$$;
comment on function rbac_private.member_admin_orgs(uuid) is
  'Definer: reads a member''s scope for the A3 filters of administrators'' lists; not executable by authenticated.';

-- A5: full user-management rights over the whole tenant.
create function rbac_private.is_full_admin(p_member_id uuid) returns boolean
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select exists (
    select 1 from rbac.members m
     where m.id = p_member_id and m.status = 'active'
       and (m.user_type = 'company_admin' or (m.user_type = 'administrator' and m.home_org_id = m.tenant_id))
       and not exists (
         select 1 from rbac.permissions p
           join rbac.modules mo on mo.tenant_id = p.tenant_id and mo.id = p.module_id
          where p.tenant_id = m.tenant_id and mo.key in ('users', 'roles')
            and strpos(rbac_private.member_permission_keys(m.id), ',' || p.key || ':') = 0))
$$;
comment on function rbac_private.is_full_admin(uuid) is
  'Definer: reads any member''s rights for the A5 guard; not executable by authenticated.';

-- -----------------------------------------------------------------------------
-- Helpers: the caller (policies call these through (select …))
-- -----------------------------------------------------------------------------

create function rbac_private.my_member_ids() returns uuid[]
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select coalesce(array_agg(m.id), '{}')
    from rbac.members m
   where m.user_id = rbac_private.current_user_id() and m.status = 'active' and rbac_private.in_request_tenant(m.tenant_id)
$$;
comment on function rbac_private.my_member_ids() is
  'Definer: reads the caller''s own memberships; answers only about the caller (policies call it).';

create function rbac_private.my_tenant_ids() returns uuid[]
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select coalesce(array_agg(m.tenant_id), '{}')
    from rbac.members m
   where m.user_id = rbac_private.current_user_id() and m.status = 'active' and rbac_private.in_request_tenant(m.tenant_id)
$$;
comment on function rbac_private.my_tenant_ids() is
  'Definer: reads the caller''s own memberships; answers only about the caller (policies call it).';

-- Tenants in which the caller holds a permission.
create function rbac_private.my_tenants_with(p_permission text) returns uuid[]
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select coalesce(array_agg(m.tenant_id), '{}')
    from rbac.members m
   where m.user_id = rbac_private.current_user_id() and m.status = 'active' and rbac_private.in_request_tenant(m.tenant_id)
     and rbac_private.member_has(m.id, p_permission)
$$;
comment on function rbac_private.my_tenants_with(text) is
  'Definer: reads the caller''s own memberships and rights; answers only about the caller (policies call it).';

-- Orgs inside the caller's scope in the tenants where they hold a permission.
-- Private users administer nobody (A3: only their own records), so they get
-- no orgs here whatever they hold.
create function rbac_private.my_orgs_with(p_permission text) returns uuid[]
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select coalesce(array_agg(o.org_id), '{}')
    from rbac.members m
    cross join lateral rbac_private.member_scope_orgs(m.id) o(org_id)
   where m.user_id = rbac_private.current_user_id() and m.status = 'active' and rbac_private.in_request_tenant(m.tenant_id)
     and m.user_type <> 'private_user'
     and rbac_private.member_has(m.id, p_permission)
$$;
comment on function rbac_private.my_orgs_with(text) is
  'Definer: reads the caller''s own memberships, rights and scope; answers only about the caller (policies call it).';

-- R1: whether a member holds a hidden role (the Super Administrator), directly
-- or through a group. Only such members may give hidden roles, remove them,
-- or manage their holders (S4). Held whether or not the member is active
-- now, so a deactivated Super Administrator stays out of an Administrator's
-- reach too (reactivate, delete).
create function rbac_private.holds_hidden_role(p_member_id uuid) returns boolean
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select exists (
    select 1 from rbac.members m
      join rbac.member_roles mr on mr.tenant_id = m.tenant_id and mr.member_id = m.id
      join rbac.roles r on r.id = mr.role_id
     where m.id = p_member_id and r.hidden
    union all
    select 1 from rbac.members m
      join rbac.group_members gm on gm.tenant_id = m.tenant_id and gm.member_id = m.id
      join rbac.group_roles gr on gr.tenant_id = gm.tenant_id and gr.group_id = gm.group_id
      join rbac.roles r on r.id = gr.role_id
     where m.id = p_member_id and r.hidden)
$$;
comment on function rbac_private.holds_hidden_role(uuid) is
  'Definer: reads any member''s roles, hidden ones included, for the S4 guards; not executable by authenticated.';

-- R1: roles the caller may see: in tenants where they hold roles.view or
-- users.view, except a hidden role (Super Administrator) they do not hold;
-- and always the roles they hold themselves.
create function rbac_private.my_visible_role_ids() returns uuid[]
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  -- plpgsql for its cached plans, like member_grants; every roles read calls it.
  return (
    with me as (
      select m.id, m.tenant_id,
             rbac_private.member_has(m.id, 'roles.view') or rbac_private.member_has(m.id, 'users.view') as may_view
        from rbac.members m
       where m.user_id = rbac_private.current_user_id() and m.status = 'active' and rbac_private.in_request_tenant(m.tenant_id)
    ),
    held as (
      select h.role_id from me cross join lateral rbac_private.member_role_ids(me.id) h(role_id)
      union
      select mr.role_id from me join rbac.member_roles mr on mr.tenant_id = me.tenant_id and mr.member_id = me.id
    )
    select coalesce(array_agg(r.id), '{}')
      from rbac.roles r
      join me on me.tenant_id = r.tenant_id
     where r.id in (select role_id from held)
        or (me.may_view and (not r.hidden or exists (
              select 1 from rbac.roles h where h.tenant_id = r.tenant_id and h.hidden and h.id in (select role_id from held))))
  );
end;
$$;
comment on function rbac_private.my_visible_role_ids() is
  'Definer: reads the caller''s own roles and rights; answers only about the caller (policies call it).';

-- S4/R1: whether a member is above the caller: they hold a hidden role (the
-- Super Administrator) and the caller holds none. Such a member is managed
-- only by holders (member_management_refusal) and marked in member lists.
create function rbac_private.is_above(p_caller_id uuid, p_member_id uuid) returns boolean
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select rbac_private.holds_hidden_role(p_member_id) and not rbac_private.holds_hidden_role(p_caller_id)
$$;
comment on function rbac_private.is_above(uuid, uuid) is
  'Definer: reads both members'' roles, hidden ones included, for the S4 guard and lists; not executable by authenticated.';

-- S4/R1: the hidden roles (Super Administrator) of the tenants the caller is
-- active in that they may not see. Audit entries naming one are withheld
-- from them (rbac.audit_log.hidden_role_ids). Empty for holders and in
-- tenants without a hidden role.
create function rbac_private.my_unseen_hidden_role_ids() returns uuid[]
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  -- The caller's visible roles are worked out only for the hidden roles there
  -- are (none in most tenants).
  return (
    select coalesce(array_agg(r.id), '{}')
      from rbac.roles r
      join rbac.members m on m.tenant_id = r.tenant_id
     where m.user_id = rbac_private.current_user_id() and m.status = 'active' and rbac_private.in_request_tenant(m.tenant_id)
       and r.hidden and not r.id = any (rbac_private.my_visible_role_ids()));
end;
$$;
comment on function rbac_private.my_unseen_hidden_role_ids() is
  'Definer: reads the hidden roles of the caller''s tenants, which the caller may not read; answers only about the caller (the audit policy calls it).';
grant execute on function rbac_private.my_unseen_hidden_role_ids() to authenticated;

-- -----------------------------------------------------------------------------
-- Helpers: guards (each raises a stable code and a sentence; see docs/errors.md)
-- -----------------------------------------------------------------------------

create function rbac_private.require_permission(p_member_id uuid, p_permission text) returns void
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_name text;
begin
  if not rbac_private.member_has(p_member_id, p_permission) then
    select p.name into v_name from rbac.permissions p
      join rbac.members m on m.tenant_id = p.tenant_id
     where m.id = p_member_id and p.key = p_permission;
    raise exception 'You do not have the permission "%" (%).', coalesce(v_name, p_permission), p_permission
      using errcode = 'RB003', detail = p_permission;
  end if;
end;
$$;
comment on function rbac_private.require_permission(uuid, text) is
  'Definer: reads a member''s rights and the catalog''s names for the RB003 guard.';

-- The opening of every change: lock the tenant (so what follows sees every
-- committed change, A5), then the caller's active membership, then the
-- permission the change needs. Returns the caller.
create function rbac_private.begin_change(p_tenant_id uuid, p_permission text) returns rbac.members
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_caller rbac.members;
begin
  -- Outsiders are refused before anything else: no lock on a tenant they do
  -- not belong to, and one answer (RB002) whether it exists or not.
  perform rbac_private.caller(p_tenant_id);
  perform rbac_private.lock_tenant(p_tenant_id);
  -- Again after the lock: rights as they are once earlier changes committed.
  v_caller := rbac_private.caller(p_tenant_id);
  perform rbac_private.require_permission(v_caller.id, p_permission);
  return v_caller;
end;
$$;
comment on function rbac_private.begin_change(uuid, text) is
  'Definer: locks the tenant and reads the caller''s membership and rights; the opening of every change.';

-- A4: the first permission in a proposed set that the granting member does
-- not hold at least as widely, or null when the set is within their rights.
create function rbac_private.first_ungranted(p_granter_id uuid, p_permission_ids bigint[], p_scopes rbac.scope[])
returns text
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select p.key || case when p.scoped then ' (' || s.scope || ' records)' else '' end
    from unnest(p_permission_ids, p_scopes) s(permission_id, scope)
    join rbac.permissions p on p.id = s.permission_id
   where coalesce(rbac_private.member_scope(p_granter_id, p.key) < s.scope, true)
   order by p.key
   limit 1
$$;
comment on function rbac_private.first_ungranted(uuid, bigint[], rbac.scope[]) is
  'Definer: reads a giver''s rights and the catalog for the A4 guards; not executable by authenticated.';

-- A4: a member may assign or define a role only if it grants nothing beyond their own rights.
create function rbac_private.assert_may_grant_role(p_granter_id uuid, p_role_id uuid, p_verb text) returns void
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_missing text;
  v_role_name text;
begin
  -- R1: a hidden role (Super Administrator) exists only for members holding
  -- one; nobody else may give, remove or manage it, even knowing its id.
  if exists (select 1 from rbac.roles r where r.id = p_role_id and r.hidden)
     and not rbac_private.holds_hidden_role(p_granter_id) then
    raise exception 'This role does not exist or you cannot see it.' using errcode = 'RB004';
  end if;
  select rbac_private.first_ungranted(p_granter_id, array_agg(g.permission_id), array_agg(g.scope))
    into v_missing
    from rbac_private.role_grants(p_role_id) g;
  if v_missing is not null then
    select name into v_role_name from rbac.roles where id = p_role_id;
    raise exception 'You cannot % %: it grants %, which you do not have.', p_verb, v_role_name, v_missing
      using errcode = 'RB010', detail = v_missing;
  end if;
end;
$$;
comment on function rbac_private.assert_may_grant_role(uuid, uuid, text) is
  'Definer: reads the granter''s rights and the role''s grants (hidden roles included) for the A4 guard.';

-- A3/A4/R1: why the caller may not manage a member (edit, change roles or
-- groups, deactivate, delete, view as, give a SQL login), as an error code
-- and a sentence, or nulls when they may: the member must be someone else,
-- inside the caller's admin scope, and not above the caller (S4: a holder of
-- a hidden role, the Super Administrator, is managed only by members holding
-- one; an Administrator could otherwise deactivate or view as the vendor's
-- own account, and viewing as its holder would show the hidden role). One
-- rule for the guard below and for member_detail, which tells the edit page.
create function rbac_private.member_management_refusal(p_caller_id uuid, p_member_id uuid, out code text, out message text)
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_caller rbac.members;
  v_member rbac.members;
begin
  select * into v_caller from rbac.members where id = p_caller_id;
  select * into v_member from rbac.members where id = p_member_id and tenant_id = v_caller.tenant_id;
  if v_member.id is null then
    code := 'RB004';
    message := 'This member does not exist in your organization.';
  elsif v_member.id = v_caller.id then
    code := 'RB012';
    message := 'You cannot change your own access; ask another administrator.';
  elsif v_caller.user_type = 'private_user'
     or v_member.home_org_id not in (select rbac_private.member_scope_orgs(v_caller.id)) then
    code := 'RB011';
    -- No name: the caller may not see this member (the id alone told them who it was).
    message := 'This member is outside the part of the organization you administer.';
  elsif rbac_private.is_above(v_caller.id, v_member.id) then
    code := 'RB010';
    message := format('%s holds a role above yours; only a member who holds it can change their access.', v_member.display_name);
  end if;
end;
$$;
comment on function rbac_private.member_management_refusal(uuid, uuid) is
  'Definer: reads both members, their scope and hidden roles for the A3/A4/S4 guard; not executable by authenticated.';

create function rbac_private.assert_may_manage_member(p_caller_id uuid, p_member_id uuid) returns void
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_refusal record;
begin
  select * into v_refusal from rbac_private.member_management_refusal(p_caller_id, p_member_id);
  if v_refusal.code is not null then
    raise exception '%', v_refusal.message using errcode = v_refusal.code;
  end if;
end;
$$;
comment on function rbac_private.assert_may_manage_member(uuid, uuid) is
  'Definer: raises the refusal member_management_refusal finds, for every function that changes a member.';

-- A4: assignable-role lists. When any role the caller holds declares a list,
-- the role must be on the union of the caller's lists.
create function rbac_private.assert_on_assignable_list(p_caller_id uuid, p_role_id uuid) returns void
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_role_name text;
begin
  if exists (select 1 from rbac_private.member_role_ids(p_caller_id) h(role_id)
               join rbac.role_assignable_roles a on a.role_id = h.role_id)
     and not exists (select 1 from rbac_private.member_role_ids(p_caller_id) h(role_id)
               join rbac.role_assignable_roles a on a.role_id = h.role_id and a.assignable_role_id = p_role_id) then
    select name into v_role_name from rbac.roles where id = p_role_id;
    raise exception 'Your roles do not allow you to assign %.', v_role_name using errcode = 'RB013';
  end if;
end;
$$;
comment on function rbac_private.assert_on_assignable_list(uuid, uuid) is
  'Definer: reads the caller''s roles and their lists for the A4 guard.';

-- R2/R3, the rule itself: why a role may not be used at an org, or null when
-- it may. 'place': the role is defined at an org that is neither this one nor
-- one of its ancestors ("create at HQ, share down"); 'company_type': the role
-- is limited to company types this org is not. Checked when a role is given
-- (assert_role_available_to_org) and again after every change that moves
-- the ground under existing assignments (access_misfit).
create function rbac_private.role_unavailable_reason(p_role_id uuid, p_org_id uuid) returns text
language sql
stable
set search_path = pg_catalog, pg_temp
as $$
  select case
           when not exists (select 1 from rbac.org_closure c where c.ancestor_id = r.org_id and c.descendant_id = o.id) then 'place'
           when exists (select 1 from rbac.role_company_types t where t.tenant_id = r.tenant_id and t.role_id = r.id)
                and not exists (select 1 from rbac.role_company_types t
                                 where t.tenant_id = r.tenant_id and t.role_id = r.id and t.company_type_id = o.company_type_id)
             then 'company_type'
         end
    from rbac.roles r join rbac.orgs o on o.tenant_id = r.tenant_id
   where r.id = p_role_id and o.id = p_org_id
$$;

-- R2/R3: a role is available to a member when it is an active employee role
-- defined at their home org or an ancestor of it, for their company type.
create function rbac_private.assert_role_available_to_org(p_role_id uuid, p_org_id uuid, p_kind rbac.role_kind) returns void
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_role rbac.roles;
  v_org rbac.orgs;
begin
  select * into v_org from rbac.orgs where id = p_org_id;
  select * into v_role from rbac.roles where id = p_role_id and tenant_id = v_org.tenant_id;
  if v_role.id is null then
    raise exception 'This role does not exist in your organization.' using errcode = 'RB004';
  end if;
  if v_role.disabled_at is not null then
    raise exception 'The role % is disabled; restore it first.', v_role.name using errcode = 'RB017';
  end if;
  if v_role.kind <> p_kind then
    raise exception 'The role % is a % role and cannot be used here.', v_role.name, v_role.kind using errcode = 'RB014';
  end if;
  case rbac_private.role_unavailable_reason(p_role_id, p_org_id)
    when 'place' then
      raise exception 'The role % is defined for another part of the organization and is not available to %.', v_role.name, v_org.name
        using errcode = 'RB014';
    when 'company_type' then
      raise exception 'The role % is not available to % because of its company type.', v_role.name, v_org.name
        using errcode = 'RB014';
    else null;
  end case;
end;
$$;
comment on function rbac_private.assert_role_available_to_org(uuid, uuid, rbac.role_kind) is
  'Definer: reads the role, the org tree and company types for the R2/R3 guard.';

-- R2/R3/A3 after a change: a member moved to another org, an org moved in the
-- tree or given another company type, a role limited to other company types.
-- Assignments are checked when they are made, so such a change could leave
-- a member holding a role their new org may not use, or a user type their
-- company type does not allow; every such change calls this before it
-- commits and is refused (one transaction) until the assignment is removed.
-- Returns the first misfit as a code and a sentence, or nulls. What is
-- checked follows what the change touched: one member (p_member_id), every
-- member, group and company role at or below an org (p_org_id), or every
-- use of a role (p_role_id). Roles defined at the root and limited to no
-- company type fit everywhere; the cheap test of that comes first.
create function rbac_private.access_misfit(p_tenant_id uuid, p_member_id uuid, p_org_id uuid, p_role_id uuid,
                                           out code text, out message text)
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_subtree uuid[] := case when p_org_id is null then null
                           else array(select c.descendant_id from rbac.org_closure c where c.ancestor_id = p_org_id) end;
  -- The first misfit found, as ids; the sentence is written once, for it.
  v_kind text;
  v_member_id uuid;
  v_group_id uuid;
  v_role_id uuid;
  v_org_id uuid;
  v_type_name text;
  v_member rbac.members;
  v_who text;
begin
  -- A3: user types the member's company type allows.
  select m.id, ct.name into v_member_id, v_type_name
    from rbac.members m
    join rbac.orgs o on o.tenant_id = m.tenant_id and o.id = m.home_org_id
    join rbac.company_types ct on ct.tenant_id = o.tenant_id and ct.id = o.company_type_id
   where m.tenant_id = p_tenant_id and p_role_id is null
     and (m.id = p_member_id or m.home_org_id = any (v_subtree))
     and m.status in ('active', 'deactivated')
     and not m.user_type = any (ct.allowed_user_types)
   limit 1;
  if v_member_id is null then
    -- R2/R3: roles held directly, given through a group (reaching each
    -- member at their own home org, as add_group_member checks), given by a
    -- group at its org, or set as a company's ceiling.
    select u.kind, u.member_id, u.group_id, u.role_id, u.org_id
      into v_kind, v_member_id, v_group_id, v_role_id, v_org_id
      from (select 'held' kind, m.id member_id, null::uuid group_id, mr.role_id, m.home_org_id org_id
              from rbac.member_roles mr
              join rbac.members m on m.tenant_id = mr.tenant_id and m.id = mr.member_id
             where mr.tenant_id = p_tenant_id and m.status in ('active', 'deactivated')
               and (m.id = p_member_id or m.home_org_id = any (v_subtree) or mr.role_id = p_role_id)
            union all
            select 'through_group', m.id, gr.group_id, gr.role_id, m.home_org_id
              from rbac.group_roles gr
              join rbac.group_members gm on gm.tenant_id = gr.tenant_id and gm.group_id = gr.group_id
              join rbac.members m on m.tenant_id = gm.tenant_id and m.id = gm.member_id
             where gr.tenant_id = p_tenant_id and m.status in ('active', 'deactivated')
               and (m.id = p_member_id or m.home_org_id = any (v_subtree) or gr.role_id = p_role_id)
            union all
            select 'group', null, gr.group_id, gr.role_id, g.org_id
              from rbac.group_roles gr
              join rbac.groups g on g.tenant_id = gr.tenant_id and g.id = gr.group_id
             where gr.tenant_id = p_tenant_id and p_member_id is null
               and (g.org_id = any (v_subtree) or gr.role_id = p_role_id)
            union all
            select 'company', null, null, ocr.role_id, ocr.org_id
              from rbac.org_company_roles ocr
             where ocr.tenant_id = p_tenant_id and p_member_id is null
               and (ocr.org_id = any (v_subtree) or ocr.role_id = p_role_id)) u
      join rbac.roles r on r.id = u.role_id
     -- Roles defined at the root and limited to no company type fit everywhere.
     where (r.org_id <> p_tenant_id
            or exists (select 1 from rbac.role_company_types t where t.tenant_id = p_tenant_id and t.role_id = r.id))
       and rbac_private.role_unavailable_reason(u.role_id, u.org_id) is not null
     limit 1;
    if v_kind is null then
      return;
    end if;
  end if;
  select * into v_member from rbac.members where id = v_member_id;
  -- Members are named only to a caller who may see them (a role's holders
  -- can be outside the editor's scope); orgs are named either way.
  v_who := case when v_member.id in (select rbac_private.my_visible_member_ids()) then v_member.display_name end;
  if v_kind is null then
    code := 'RB018';
    message := format('%s is a %s, which a company of type %s does not allow; change their user type first.',
                      coalesce(v_who, format('A member of %s', (select o.name from rbac.orgs o where o.id = v_member.home_org_id))),
                      replace(v_member.user_type::text, '_', ' '), v_type_name);
    return;
  end if;
  code := 'RB014';
  message := (select case v_kind
      when 'held' then format('%s holds %s, which is not available in %s; remove the role first.', coalesce(v_who, 'A member'), r.name, o.name)
      when 'through_group' then format('%s gets %s through the group %s, and it is not available in %s; remove them from the group or the role from it first.',
                                       coalesce(v_who, 'A member'), r.name, g.name, o.name)
      when 'group' then format('The group %s gives %s, which is not available in %s; remove the role from the group first.', g.name, r.name, o.name)
      else format('%s has the company role %s, which is not available to it; remove the company role first.', o.name, r.name) end
    from rbac.roles r join rbac.orgs o on o.id = v_org_id left join rbac.groups g on g.id = v_group_id
   where r.id = v_role_id);
end;
$$;
comment on function rbac_private.access_misfit(uuid, uuid, uuid, uuid) is
  'Definer: reads every member''s, group''s and company''s roles the change touched, beyond what the caller may see, for the R2/R3/A3 guard; not executable by authenticated.';

create function rbac_private.assert_access_fits(p_tenant_id uuid, p_member_id uuid default null, p_org_id uuid default null,
                                                p_role_id uuid default null) returns void
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_misfit record;
begin
  select * into v_misfit from rbac_private.access_misfit(p_tenant_id, p_member_id, p_org_id, p_role_id);
  if v_misfit.code is not null then
    raise exception '%', v_misfit.message using errcode = v_misfit.code;
  end if;
end;
$$;
comment on function rbac_private.assert_access_fits(uuid, uuid, uuid, uuid) is
  'Definer: raises the misfit access_misfit finds, for the functions that move members, orgs or a role''s company types.';

-- A5: refuse any change that would leave the tenant without an active member
-- holding full user-management rights over the whole tenant. Call it after
-- the change, with the tenant locked (rbac_private.lock_tenant).
create function rbac_private.assert_tenant_keeps_admin(p_tenant_id uuid) returns void
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if not exists (
    select 1 from rbac.members m
     where m.tenant_id = p_tenant_id and m.status = 'active'
       and (m.user_type = 'company_admin' or (m.user_type = 'administrator' and m.home_org_id = m.tenant_id))
       and rbac_private.is_full_admin(m.id)) then
    raise exception 'This change would leave the organization without an active administrator; at least one must remain.'
      using errcode = 'RB015';
  end if;
end;
$$;
comment on function rbac_private.assert_tenant_keeps_admin(uuid) is
  'Definer: reads every member''s rights for the A5 guard.';

-- A6: refuse when a member would hold both permissions of a separation-of-duties rule.
-- Holders of a grants-everything role (Administrator, Super Administrator) are
-- the tenant's trust root and exempt: otherwise any rule would forbid a second
-- administrator. lint_roles still lists them, as information.
create function rbac_private.assert_no_sod_conflict(p_member_id uuid) returns void
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_rule record;
begin
  select s.name, a.key as a_key, b.key as b_key, m.display_name into v_rule
    from rbac.members m
    join rbac.sod_rules s on s.tenant_id = m.tenant_id
    join rbac.permissions a on a.id = s.permission_a
    join rbac.permissions b on b.id = s.permission_b
   where m.id = p_member_id
     and not exists (select 1 from rbac_private.member_role_ids(m.id) h(role_id)
                       join rbac.roles r on r.id = h.role_id where r.grants_all)
     and rbac_private.member_has(m.id, a.key) and rbac_private.member_has(m.id, b.key)
   limit 1;
  if found then
    raise exception '% would hold both % and %, which the rule "%" keeps apart.', v_rule.display_name, v_rule.a_key, v_rule.b_key, v_rule.name
      using errcode = 'RB016';
  end if;
end;
$$;
comment on function rbac_private.assert_no_sod_conflict(uuid) is
  'Definer: reads a member''s rights and the tenant''s rules for the A6 guard.';

-- A6 for changes that widen many members' rights at once without a role
-- change (installing a module, lifting a ceiling, moving an org). Callers take
-- the violations below an org (the whole tenant when null) before the change
-- and refuse any new one after it; conflicts that predate a rule stay for
-- lint_roles to report. Administrators are exempt as in assert_no_sod_conflict.
-- Free when the tenant has no rules.
create function rbac_private.sod_violations_below(p_tenant_id uuid, p_org_id uuid default null) returns text[]
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select coalesce(array_agg(m.id || ':' || s.id), '{}')
    from rbac.members m
    join rbac.sod_rules s on s.tenant_id = m.tenant_id
    join rbac.permissions a on a.id = s.permission_a
    join rbac.permissions b on b.id = s.permission_b
   where m.tenant_id = p_tenant_id and m.status = 'active'
     and (p_org_id is null
          or m.home_org_id in (select c.descendant_id from rbac.org_closure c where c.ancestor_id = p_org_id))
     and not exists (select 1 from rbac_private.member_role_ids(m.id) h(role_id)
                       join rbac.roles r on r.id = h.role_id where r.grants_all)
     and rbac_private.member_has(m.id, a.key) and rbac_private.member_has(m.id, b.key)
$$;
comment on function rbac_private.sod_violations_below(uuid, uuid) is
  'Definer: reads the rights of every member below an org for the A6 guards; not executable by authenticated.';

create function rbac_private.assert_no_new_sod_violations(p_tenant_id uuid, p_org_id uuid, p_before text[]) returns void
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_new text;
  v_rule record;
begin
  select v into v_new from unnest(rbac_private.sod_violations_below(p_tenant_id, p_org_id)) v
   where not v = any (coalesce(p_before, '{}')) limit 1;
  if v_new is not null then
    select m.display_name, s.name, a.key as a_key, b.key as b_key into v_rule
      from rbac.members m, rbac.sod_rules s
      join rbac.permissions a on a.id = s.permission_a join rbac.permissions b on b.id = s.permission_b
     where m.id = split_part(v_new, ':', 1)::uuid and s.id = split_part(v_new, ':', 2)::uuid;
    raise exception '% would hold both % and %, which the rule "%" keeps apart.', v_rule.display_name, v_rule.a_key, v_rule.b_key, v_rule.name
      using errcode = 'RB016';
  end if;
end;
$$;
comment on function rbac_private.assert_no_new_sod_violations(uuid, uuid, text[]) is
  'Definer: reads members'' rights and the tenant''s rules for the A6 guard.';

-- Resolves permission keys of a tenant's catalog, refusing unknown ones.
-- p_permissions: ["accounts.view", …] or [{"permission": "conversations.view", "scope": "team"}, …]
create function rbac_private.resolve_permissions(p_tenant_id uuid, p_permissions jsonb)
returns table (permission_id bigint, scope rbac.scope)
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_unknown text;
begin
  if p_permissions is null or jsonb_typeof(p_permissions) <> 'array' then
    raise exception 'Permissions must be a list.' using errcode = 'RB005';
  end if;
  select e.key into v_unknown
    from (select coalesce(x ->> 'permission', x #>> '{}') as key from jsonb_array_elements(p_permissions) x) e
   where not exists (select 1 from rbac.permissions p where p.tenant_id = p_tenant_id and p.key = e.key)
   limit 1;
  if found then
    raise exception 'There is no permission %.', coalesce(v_unknown, 'without a name') using errcode = 'RB005', detail = v_unknown;
  end if;
  return query
    select p.id, max(case when p.scoped then coalesce((x ->> 'scope')::rbac.scope, 'all') else 'all' end)
      from jsonb_array_elements(p_permissions) x
      join rbac.permissions p on p.tenant_id = p_tenant_id and p.key = coalesce(x ->> 'permission', x #>> '{}')
     group by p.id;
exception
  when invalid_text_representation then
    raise exception 'A scope must be own, team or all.' using errcode = 'RB005';
end;
$$;
comment on function rbac_private.resolve_permissions(uuid, jsonb) is
  'Definer: reads a tenant''s catalog for role writers; not executable by authenticated.';

-- Execution rights: policies run as the querying role, so the caller-only
-- helpers they use must be executable by authenticated. They reveal nothing
-- about anyone but the caller.
grant execute on function rbac_private.current_user_id() to authenticated;
grant execute on function rbac_private.view_as_tenant_id() to authenticated;
grant execute on function rbac_private.session_ended() to authenticated;
grant execute on function rbac_private.in_request_tenant(uuid) to authenticated;
grant execute on function rbac_private.my_member_ids() to authenticated;
grant execute on function rbac_private.my_tenant_ids() to authenticated;
grant execute on function rbac_private.my_tenants_with(text) to authenticated;
grant execute on function rbac_private.my_orgs_with(text) to authenticated;
grant execute on function rbac_private.my_visible_role_ids() to authenticated;
