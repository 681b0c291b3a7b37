-- =============================================================================
-- SQL logins (X3): create, revoke, list; and the lifecycle hooks that end a
-- login's access with its member (U6 deactivate: NOLOGIN and sessions ended;
-- U7 delete: the role dropped). Triggers on rbac.members call them, so every
-- path that changes a member's status (the lifecycle functions, a script)
-- takes the login with it; rbac_private.disable_sql_logins and
-- rbac_private.drop_sql_logins may also be called directly.
--
-- A login is a Postgres role created here with:
--   LOGIN, no superuser/createdb/createrole/replication/bypassrls,
--   CONNECTION LIMIT 5, member of rbac_reporting only (inherit, no SET),
--   default_transaction_read_only = on, statement_timeout = 30s,
--   idle_in_transaction_session_timeout = 60s (defaults a session may change:
--   the guarantees come from privileges and RLS, these only keep a reporting
--   tool well-behaved),
--   a random 192-bit password shown once. The password never appears in any
--   statement: the role gets its SCRAM-SHA-256 verifier, computed here.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Helpers
-- -----------------------------------------------------------------------------

-- RFC 5802/7677 verifier in Postgres' format (4096 iterations, 16-byte salt),
-- so CREATE ROLE carries only the verifier, never the password.
create function rbac_private.scram_sha_256_verifier(p_password text) returns text
language plpgsql
volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_password bytea := convert_to(p_password, 'UTF8');
  v_salt bytea := extensions.gen_random_bytes(16);
  v_iterations constant integer := 4096;
  v_block bytea;
  v_sum bit(256);
  v_salted bytea;
begin
  -- PBKDF2-HMAC-SHA-256, one block: U1 = HMAC(p, salt || 1), Ui = HMAC(p, Ui-1), XOR of all.
  v_block := extensions.hmac(v_salt || '\x00000001'::bytea, v_password, 'sha256');
  v_sum := ('x' || encode(v_block, 'hex'))::bit(256);
  for i in 2 .. v_iterations loop
    v_block := extensions.hmac(v_block, v_password, 'sha256');
    v_sum := v_sum # ('x' || encode(v_block, 'hex'))::bit(256);
  end loop;
  select decode(string_agg(lpad(to_hex(substring(v_sum from q * 64 + 1 for 64)::bigint), 16, '0'), '' order by q), 'hex')
    into v_salted
    from generate_series(0, 3) q;
  return format('SCRAM-SHA-256$%s:%s$%s:%s', v_iterations, encode(v_salt, 'base64'),
                encode(sha256(extensions.hmac('Client Key'::bytea, v_salted, 'sha256')), 'base64'),
                encode(extensions.hmac('Server Key'::bytea, v_salted, 'sha256'), 'base64'));
end;
$$;

-- Ends the sessions of one login; p_wait_ms > 0 waits for them to exit (a
-- role cannot be dropped while a session still holds temporary objects).
-- Best effort: where the owner may not signal them, the identity check still
-- cuts their access on their next statement.
create function rbac_private.end_sql_login_sessions(p_role_name text, p_wait_ms integer) returns integer
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_pid integer;
  v_count integer := 0;
begin
  for v_pid in select a.pid from pg_catalog.pg_stat_activity a
                where a.usename = p_role_name and a.pid <> pg_catalog.pg_backend_pid() loop
    begin
      if pg_catalog.pg_terminate_backend(v_pid, p_wait_ms) then
        v_count := v_count + 1;
      end if;
    exception when insufficient_privilege then
      raise warning 'Could not end session % of SQL login %; it loses access on its next statement.', v_pid, p_role_name;
    end;
  end loop;
  return v_count;
end;
$$;
comment on function rbac_private.end_sql_login_sessions(text, integer) is 'Definer: signals backends of a login the caller does not own.';

-- The member acting in a tenant, for audit rows written by triggers (null
-- when a script acts as the owner).
create function rbac_private.acting_member_id(p_tenant_id uuid) returns uuid
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select m.id from rbac.members m
   where m.tenant_id = p_tenant_id and m.user_id = rbac_private.current_user_id() and m.status = 'active'
     and rbac_private.in_request_tenant(m.tenant_id)
$$;
comment on function rbac_private.acting_member_id(uuid) is
  'Definer: reads the caller''s membership for audit rows written by triggers.';

-- U6: the member's logins stop: NOLOGIN, open sessions ended. Kept (disabled)
-- so the admin sees them; revoke and create a new one after a reactivation.
create function rbac_private.disable_sql_logins(p_member_id uuid) returns integer
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_login rbac.sql_logins;
  v_count integer := 0;
begin
  for v_login in select * from rbac.sql_logins l
                  where l.member_id = p_member_id and l.revoked_at is null and l.disabled_at is null
                    for update loop
    if exists (select 1 from pg_catalog.pg_roles r where r.rolname = v_login.role_name) then
      execute format('alter role %I nologin', v_login.role_name);
    end if;
    perform rbac_private.end_sql_login_sessions(v_login.role_name, 0);
    update rbac.sql_logins set disabled_at = now() where id = v_login.id;
    perform rbac_private.audit(v_login.tenant_id, rbac_private.acting_member_id(v_login.tenant_id), 'sql_login.disable',
                               'member', p_member_id::text, (select m.display_name from rbac.members m where m.id = p_member_id),
                               jsonb_build_object('role_name', v_login.role_name, 'status', 'active'),
                               jsonb_build_object('role_name', v_login.role_name, 'status', 'disabled'));
    v_count := v_count + 1;
  end loop;
  return v_count;
end;
$$;
comment on function rbac_private.disable_sql_logins(uuid) is 'Definer: X3/U6, alters roles the caller does not own.';

-- Drops one login's role (after ending its sessions) and records the revocation.
create function rbac_private.drop_sql_login(p_login_id uuid, p_actor_member_id uuid, p_reason text) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_login rbac.sql_logins;
begin
  select * into v_login from rbac.sql_logins where id = p_login_id and revoked_at is null for update;
  if v_login.id is null then
    return;
  end if;
  if exists (select 1 from pg_catalog.pg_roles r where r.rolname = v_login.role_name) then
    -- No new sessions from here on, then end the open ones and wait for them to exit.
    execute format('alter role %I nologin', v_login.role_name);
    perform rbac_private.end_sql_login_sessions(v_login.role_name, 5000);
    execute format('drop role %I', v_login.role_name);
  end if;
  update rbac.sql_logins set revoked_at = now(), revoked_by = p_actor_member_id where id = v_login.id;
  perform rbac_private.audit(v_login.tenant_id, p_actor_member_id, 'sql_login.revoke', 'member', v_login.member_id::text,
                             (select m.display_name from rbac.members m where m.id = v_login.member_id),
                             jsonb_build_object('role_name', v_login.role_name,
                                                'status', case when v_login.disabled_at is null then 'active' else 'disabled' end),
                             jsonb_build_object('role_name', v_login.role_name, 'status', 'revoked'), p_reason);
end;
$$;
comment on function rbac_private.drop_sql_login(uuid, uuid, text) is 'Definer: X3, drops a role the caller does not own.';

-- U7: a deleted member's login goes.
create function rbac_private.drop_sql_logins(p_member_id uuid) returns integer
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_login rbac.sql_logins;
  v_count integer := 0;
begin
  for v_login in select * from rbac.sql_logins l where l.member_id = p_member_id and l.revoked_at is null loop
    perform rbac_private.drop_sql_login(v_login.id, rbac_private.acting_member_id(v_login.tenant_id), 'The member was deleted.');
    v_count := v_count + 1;
  end loop;
  return v_count;
end;
$$;
comment on function rbac_private.drop_sql_logins(uuid) is 'Definer: X3/U7, drops roles the caller does not own.';

-- -----------------------------------------------------------------------------
-- Triggers
-- -----------------------------------------------------------------------------

-- U6/U7: a login follows its member's status, whichever path changed it.
create function rbac_private.sql_logins_follow_member() returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if new.status = 'deleted' then
    perform rbac_private.drop_sql_logins(new.id);
  else
    perform rbac_private.disable_sql_logins(new.id);
  end if;
  return null;
end;
$$;
comment on function rbac_private.sql_logins_follow_member() is 'Definer: X3, alters and drops login roles.';

create trigger members_sql_logins_follow_status after update of status on rbac.members
  for each row when (old.status is distinct from new.status and new.status <> 'active')
  execute function rbac_private.sql_logins_follow_member();

-- A login row removed with its tenant or member takes its role along, so no
-- role outlives its register entry.
create function rbac_private.sql_login_row_removed() returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if old.revoked_at is null and exists (select 1 from pg_catalog.pg_roles r where r.rolname = old.role_name) then
    execute format('alter role %I nologin', old.role_name);
    perform rbac_private.end_sql_login_sessions(old.role_name, 5000);
    execute format('drop role %I', old.role_name);
  end if;
  return null;
end;
$$;
comment on function rbac_private.sql_login_row_removed() is 'Definer: X3, drops a login role.';

create trigger sql_logins_drop_role after delete on rbac.sql_logins
  for each row execute function rbac_private.sql_login_row_removed();

-- -----------------------------------------------------------------------------
-- Public functions
-- -----------------------------------------------------------------------------

-- X3: a read-only SQL login for a member. Tenant-wide administrators with
-- users.edit only, and only for a member whose rights are within their own
-- (the password goes to the administrator, who must not read more through it
-- than they may read themselves). The password is returned once.
create function public.create_sql_login(p_member_id uuid)
returns table (login_id uuid, role_name text, password text, database text)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_member rbac.members := rbac_private.tenant_member(p_member_id);
  v_caller rbac.members;
  v_missing text;
  v_role text;
  v_password text;
  v_login uuid;
begin
  v_caller := rbac_private.begin_change(v_member.tenant_id, 'users.edit');
  perform rbac_private.assert_tenant_wide(v_caller.id);
  -- Another member must be one the caller may manage (S4: the login reads as
  -- its member, so one for a Super Administrator would show the hidden role).
  if p_member_id <> v_caller.id then
    perform rbac_private.assert_may_manage_member(v_caller.id, p_member_id);
  end if;
  select * into v_member from rbac.members m where m.id = p_member_id;
  if v_member.status <> 'active' then
    raise exception 'Only an active member can have a SQL login.' using errcode = 'RB042';
  end if;
  select rbac_private.first_ungranted(v_caller.id, array_agg(g.permission_id), array_agg(g.scope))
    into v_missing
    from rbac_private.member_grants(p_member_id) g;
  if v_missing is not null then
    raise exception 'You cannot create a SQL login for %: they hold %, which you do not have.', v_member.display_name, v_missing
      using errcode = 'RB010', detail = v_missing;
  end if;
  -- The caller gets the password, so the login must not read more records than they do.
  v_missing := rbac_private.visibility_beyond(v_caller.id, p_member_id);
  if v_missing is not null then
    raise exception 'You cannot create a SQL login for %: %.', v_member.display_name, v_missing using errcode = 'RB010';
  end if;
  if exists (select 1 from rbac.sql_logins l where l.member_id = p_member_id and l.revoked_at is null) then
    raise exception '% already has a SQL login; revoke it before creating a new one.', v_member.display_name
      using errcode = 'RB006';
  end if;

  loop
    v_role := 'rpt_' || encode(extensions.gen_random_bytes(6), 'hex');
    exit when not exists (select 1 from pg_catalog.pg_roles r where r.rolname = v_role)
          and not exists (select 1 from rbac.sql_logins l where l.role_name = v_role);
  end loop;
  v_password := translate(encode(extensions.gen_random_bytes(24), 'base64'), '+/', '-_');

  execute format('create role %I login nosuperuser nocreatedb nocreaterole noreplication nobypassrls inherit '
                 'connection limit 5 password %L', v_role, rbac_private.scram_sha_256_verifier(v_password));
  execute format('alter role %I set default_transaction_read_only = on', v_role);
  execute format('alter role %I set statement_timeout = %L', v_role, '30s');
  execute format('alter role %I set idle_in_transaction_session_timeout = %L', v_role, '60s');
  -- Postgres 16+: the login inherits rbac_reporting's privileges but cannot even `set role` to it.
  if current_setting('server_version_num')::integer >= 160000 then
    execute format('grant rbac_reporting to %I with inherit true, set false', v_role);
  else
    execute format('grant rbac_reporting to %I', v_role);
  end if;

  insert into rbac.sql_logins (tenant_id, member_id, role_name, created_by)
  values (v_member.tenant_id, p_member_id, v_role, v_caller.id)
  returning id into v_login;
  perform rbac_private.audit(v_member.tenant_id, v_caller.id, 'sql_login.create', 'member', p_member_id::text,
                             v_member.display_name, null,
                             jsonb_build_object('login_id', v_login, 'role_name', v_role, 'status', 'active'));
  return query select v_login, v_role, v_password, current_database()::text;
end;
$$;
comment on function public.create_sql_login(uuid) is
  'Definer: creates a Postgres role and writes rbac.sql_logins; checks tenant-wide users.edit and that the login reads nothing beyond the caller itself.';
grant execute on function public.create_sql_login(uuid) to authenticated;

-- X3: drops the member's login and ends its sessions. Tenant-wide
-- administrators with users.edit, or the member for their own login.
create function public.revoke_sql_login(p_member_id uuid, p_reason text default null) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_member rbac.members := rbac_private.tenant_member(p_member_id);
  v_caller rbac.members;
  v_login_id uuid;
begin
  perform rbac_private.lock_tenant(v_member.tenant_id);
  v_caller := rbac_private.caller(v_member.tenant_id);
  if v_caller.id <> p_member_id then
    perform rbac_private.require_permission(v_caller.id, 'users.edit');
    perform rbac_private.assert_tenant_wide(v_caller.id);
    -- S4: like every other change to a member (a Super Administrator's login
    -- is his, or another holder's, to revoke).
    perform rbac_private.assert_may_manage_member(v_caller.id, p_member_id);
  end if;
  select l.id into v_login_id from rbac.sql_logins l where l.member_id = p_member_id and l.revoked_at is null;
  if v_login_id is null then
    raise exception '% has no SQL login.', v_member.display_name using errcode = 'RB004';
  end if;
  perform rbac_private.drop_sql_login(v_login_id, v_caller.id, p_reason);
end;
$$;
comment on function public.revoke_sql_login(uuid, text) is
  'Definer: drops a Postgres role and ends its sessions; checks tenant-wide users.edit (or the member''s own login) itself.';
grant execute on function public.revoke_sql_login(uuid, text) to authenticated;

-- X3: the tenant's SQL logins the caller may see (RLS: their own, and those
-- of members they can see), newest first, revoked ones included.
create function public.list_sql_logins(p_tenant_id uuid)
returns table (login_id uuid, member_id uuid, member_name text, role_name text, status text,
               created_at timestamptz, created_by_name text, disabled_at timestamptz, revoked_at timestamptz)
language sql
stable
security invoker
set search_path = pg_catalog, pg_temp
as $$
  select l.id, l.member_id, m.display_name, l.role_name,
         case when l.revoked_at is not null then 'revoked' when l.disabled_at is not null then 'disabled' else 'active' end,
         l.created_at, c.display_name, l.disabled_at, l.revoked_at
    from rbac.sql_logins l
    left join rbac.members m on m.id = l.member_id
    left join rbac.members c on c.id = l.created_by
   where l.tenant_id = list_sql_logins.p_tenant_id
   order by l.created_at desc, l.id
$$;
grant execute on function public.list_sql_logins(uuid) to authenticated;
