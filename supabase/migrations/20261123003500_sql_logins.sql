-- =============================================================================
-- Per-member SQL logins for reporting tools (X3): the reporting group role,
-- the register of logins, and who a session on such a login is.
--
--   rbac_reporting   NOLOGIN group role. Every SQL login is a member of it
--                    (inherit, no SET) and of nothing else; it holds only
--                    SELECT on tenant tables and EXECUTE on the caller-only
--                    policy helpers (see 20261123003510_reporting_access.sql).
--                    It is deliberately NOT a member of authenticated: that
--                    would let a login execute every public mutating function
--                    and `set role authenticated`.
--   rpt_<12 hex>     one LOGIN role per member, created by
--                    public.create_sql_login. The `rpt_` prefix is a contract:
--                    rbac_private.member_permission_keys never trusts a cached
--                    answer in a session whose login starts with it, because
--                    such a session can SET any custom setting itself.
--
-- Identity: a session on a SQL login is the login's member, full stop. Its
-- JWT claims (request.jwt.claims, which any session can SET) are ignored, so
-- rbac_private.current_user_id() is replaced here. Every helper filters on
-- status = 'active', so a deactivated member's login sees nothing from its
-- very next statement, even in a session that was already open.
--
-- A person may be a member of several tenants (T2) but a login belongs to one
-- membership: the restrictive policy "SQL logins read only their own tenant"
-- (added by rbac_private.allow_reporting_read) keeps every other tenant out
-- (T3), whatever the user-wide helpers return.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Roles
-- -----------------------------------------------------------------------------

do $$
begin
  if not exists (select 1 from pg_catalog.pg_roles where rolname = 'rbac_reporting') then
    create role rbac_reporting nologin noinherit nosuperuser nocreatedb nocreaterole noreplication nobypassrls;
  end if;
end;
$$;
comment on role rbac_reporting is 'X3: group role of the per-member read-only SQL logins (rpt_…): SELECT under RLS on tenant tables, nothing else. Grant it only through public.create_sql_login.';

-- Table names only; the private schema stays out of reach (policies call
-- their helpers by OID and need EXECUTE, not USAGE on rbac_private).
grant usage on schema rbac to rbac_reporting;

-- -----------------------------------------------------------------------------
-- Tables
-- -----------------------------------------------------------------------------

create table rbac.sql_logins (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  member_id uuid not null,
  -- The Postgres role. No password or hash is kept here: the password is
  -- shown once, and Postgres keeps only its SCRAM verifier.
  role_name text not null unique check (role_name ~ '^rpt_[0-9a-f]{12}$'),
  created_by uuid,
  created_at timestamptz not null default now(),
  -- U6: the member was deactivated; the role is NOLOGIN and its sessions ended.
  disabled_at timestamptz,
  -- Revoked, or the member deleted (U7): the role is dropped; the row stays as history.
  revoked_at timestamptz,
  revoked_by uuid,
  unique (tenant_id, id),
  foreign key (tenant_id, member_id) references rbac.members (tenant_id, id) on delete cascade,
  foreign key (tenant_id, created_by) references rbac.members (tenant_id, id),
  foreign key (tenant_id, revoked_by) references rbac.members (tenant_id, id)
);
comment on table rbac.sql_logins is 'X3: per-member read-only SQL logins for reporting tools, one Postgres role each; revoked rows stay as history.';
-- One login per member that has not been revoked.
create unique index sql_logins_open_member_key on rbac.sql_logins (member_id) where revoked_at is null;
create index sql_logins_member_idx on rbac.sql_logins (tenant_id, member_id);
create index sql_logins_created_by_idx on rbac.sql_logins (tenant_id, created_by);
create index sql_logins_revoked_by_idx on rbac.sql_logins (tenant_id, revoked_by);

alter table rbac.sql_logins enable row level security;
grant select on rbac.sql_logins to authenticated;

-- -----------------------------------------------------------------------------
-- Helpers: identity
-- -----------------------------------------------------------------------------

-- Is this session on a SQL login? By the login's name, and by inheritance of
-- rbac_reporting for a role someone granted it to by hand (superusers pass
-- every pg_has_role check, so they are excluded: they bypass RLS anyway).
-- This and current_user_id are plpgsql only so their plans are kept for the
-- session: every request calls them, and Postgres up to 17 plans a definer
-- SQL function's body again in every statement (docs/benchmarks.md).
create function rbac_private.is_sql_login_session() returns boolean
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  -- pg_has_role first: a cached membership look-up, so the common session
  -- (authenticator, not a member of rbac_reporting) never reads pg_roles.
  return starts_with(session_user::text, 'rpt_')
      or (pg_catalog.pg_has_role(session_user, 'rbac_reporting', 'usage')
          and exists (select 1 from pg_catalog.pg_roles r where r.rolname = session_user and not r.rolsuper));
end;
$$;
comment on function rbac_private.is_sql_login_session() is 'Definer: X3, reads role attributes of the session''s login.';

-- The signed-in person. One place, so every path (API, policies, SQL logins)
-- identifies the caller the same way. session_user, not current_user: `set
-- role` cannot change it, and only a superuser can `set session authorization`.
create or replace function rbac_private.current_user_id() returns uuid
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if not rbac_private.is_sql_login_session() then
    -- X1: a token of a session its person ended signs nobody in.
    if rbac_private.session_ended() then
      return null;
    end if;
    return auth.uid();
  end if;
  -- X3: the login's member while the login and the member are active; never the JWT claims.
  return (select m.user_id
            from rbac.sql_logins l
            join rbac.members m on m.tenant_id = l.tenant_id and m.id = l.member_id
           where l.role_name = session_user::text and l.revoked_at is null and l.disabled_at is null
             and m.status = 'active');
end;
$$;
comment on function rbac_private.current_user_id() is 'Definer: may read the product''s login mapping (rbac.sql_logins); returns only the caller''s own id.';
grant execute on function rbac_private.current_user_id() to authenticated;

-- X3/T3: the one tenant a SQL login session may read, or null.
create function rbac_private.my_sql_login_tenant_id() returns uuid
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select l.tenant_id
    from rbac.sql_logins l
   where l.role_name = session_user::text and l.revoked_at is null and l.disabled_at is null
$$;
comment on function rbac_private.my_sql_login_tenant_id() is 'Definer: reads rbac.sql_logins for the session''s own login only.';
grant execute on function rbac_private.my_sql_login_tenant_id() to rbac_reporting;

-- -----------------------------------------------------------------------------
-- Policies (rbac_private.allow_reporting_read adds rbac_reporting and the
-- tenant restriction, as for every tenant table)
-- -----------------------------------------------------------------------------

create policy "Members can view SQL logins of members they can see" on rbac.sql_logins
  for select to authenticated
  using (member_id in (select rbac_private.my_visible_member_ids()));
