-- X3: creating, listing and revoking per-member SQL logins, and the login
-- following its member through deactivation (U6) and deletion (U7). What a
-- session on such a login can and cannot do is tested over real connections
-- in tests/integration/sql-login-*.test.ts.
begin;
\ir ../helpers/test_helpers.sql
select plan(34);

select tests.remember('t', tests.new_tenant('Lumen', 'admin@lumen.test'));
select tests.remember('other', tests.new_tenant('Other', 'admin@other.test'));
select tests.authenticate_as('admin@lumen.test');
select tests.remember('west', public.create_org(tests.id('t'), 'West'));
select tests.remember('editor', public.create_role(tests.id('t'), 'User Editor', '', '["users.view", "users.edit"]'::jsonb));
select tests.clear_authentication();
select tests.remember('user_role', tests.role_id(tests.id('t'), 'User'));
select tests.remember('admin', tests.member_id(tests.id('t'), 'admin@lumen.test'));
select tests.remember('mia', tests.add_member(tests.id('t'), 'mia@lumen.test', 'power_user', null, array[tests.id('user_role')]));
select tests.remember('pat', tests.add_member(tests.id('t'), 'pat@lumen.test', 'power_user', null, array[tests.id('user_role')]));
select tests.remember('dan', tests.add_member(tests.id('t'), 'dan@lumen.test', 'power_user', null, array[tests.id('user_role')]));
-- A tenant-wide user editor with few rights, and an administrator of a sub-org only.
select tests.remember('ed', tests.add_member(tests.id('t'), 'ed@lumen.test', 'company_admin', null, array[tests.id('editor')]));
select tests.remember('sam', tests.add_member(tests.id('t'), 'sam@lumen.test', 'administrator', tests.id('west'), array[tests.id('editor')]));

-- ---------------------------------------------------------------- create

select tests.authenticate_as('admin@lumen.test');
select set_config('x3.mia', (select row_to_json(l)::text from public.create_sql_login(tests.id('mia')) l), true);
select tests.clear_authentication();

create temporary view mia_login as
  select (current_setting('x3.mia')::jsonb ->> 'role_name') as role_name,
         (current_setting('x3.mia')::jsonb ->> 'password') as password,
         (current_setting('x3.mia')::jsonb ->> 'database') as database,
         (current_setting('x3.mia')::jsonb ->> 'login_id')::uuid as login_id;
grant select on mia_login to authenticated;

select matches((select role_name from mia_login), '^rpt_[0-9a-f]{12}$', 'X3: a login gets a generated role name (rpt_ and 12 hex digits)');
select ok((select length(password) = 32 and password ~ '^[A-Za-z0-9_-]+$' from mia_login),
  'X3: a generated 192-bit password is returned, once');
select is((select database from mia_login), current_database()::text, 'X3: with the database to connect to');

select ok((select rolcanlogin and rolinherit and not rolsuper and not rolcreaterole and not rolcreatedb
                  and not rolreplication and not rolbypassrls and rolconnlimit = 5 and rolvaliduntil is null
             from pg_roles where rolname = (select role_name from mia_login)),
  'X3: the role can log in, with no special attribute and at most 5 connections');
select set_eq(
  $$ select unnest(rolconfig) from pg_roles where rolname = (select role_name from mia_login) $$,
  array['default_transaction_read_only=on', 'statement_timeout=30s', 'idle_in_transaction_session_timeout=60s'],
  'X3: its sessions default to read-only transactions, a 30 s statement timeout and a 60 s idle-in-transaction timeout');
select is(
  (select string_agg(r.rolname || ' inherit=' || coalesce((to_jsonb(am) ->> 'inherit_option')::boolean, true)
                     || ' set=' || (coalesce((to_jsonb(am) ->> 'set_option')::boolean, false)
                                    and current_setting('server_version_num')::int >= 160000), ', ')
     from pg_auth_members am join pg_roles r on r.oid = am.roleid
    where am.member = (select oid from pg_roles where rolname = (select role_name from mia_login))),
  'rbac_reporting inherit=true set=false',
  'X3: the role is a member of rbac_reporting only, inheriting it without SET (no set role to anything)');
select is_empty(
  $$ select 1 from pg_auth_members am
      where am.roleid = (select oid from pg_roles where rolname = (select role_name from mia_login))
        and coalesce((to_jsonb(am) ->> 'inherit_option')::boolean or (to_jsonb(am) ->> 'set_option')::boolean, true) $$,
  'X3: no role can become the login');
-- pg_authid is for superusers only (not the owner on hosted Supabase): skipped there.
create function pg_temp.stored_password(p_role text) returns text
language plpgsql
as $$
declare
  v_password text;
begin
  if not has_table_privilege('pg_catalog.pg_authid', 'select') then
    return null;
  end if;
  execute 'select rolpassword from pg_catalog.pg_authid where rolname = $1' into v_password using p_role;
  return v_password;
end;
$$;
select case when pg_temp.stored_password((select role_name from mia_login)) is null
  then skip('pg_authid is readable by superusers only', 1)
  else ok((select v like 'SCRAM-SHA-256$4096:%' and strpos(v, (select password from mia_login)) = 0
             from pg_temp.stored_password((select role_name from mia_login)) v),
          'X3: Postgres keeps only a SCRAM-SHA-256 verifier of the password') end;
select is_empty(
  $$ select column_name from information_schema.columns
      where table_schema = 'rbac' and table_name = 'sql_logins' and (column_name like '%pass%' or column_name like '%hash%' or column_name like '%secret%') $$,
  'X3: the register of logins keeps no password, hash or secret');
select ok((select l.tenant_id = tests.id('t') and l.member_id = tests.id('mia') and l.created_by = tests.id('admin')
                  and l.revoked_at is null and l.disabled_at is null
             from rbac.sql_logins l where l.id = (select login_id from mia_login)),
  'X3: the login is registered for the member, with who created it');
select ok(exists (select 1 from rbac.audit_log a
                   where a.tenant_id = tests.id('t') and a.action = 'sql_login.create' and a.target_id = tests.id('mia')::text
                     and a.actor_member_id = tests.id('admin') and a.after ->> 'role_name' = (select role_name from mia_login))
          and not exists (select 1 from rbac.audit_log a where strpos(to_jsonb(a)::text, (select password from mia_login)) > 0),
  'L1: the creation is audited, without the password');

-- ---------------------------------------------------------------- who may create

select tests.authenticate_as('admin@lumen.test');
select throws_ok(format($$ select public.create_sql_login(%L) $$, tests.id('mia')), 'RB006', null,
  'X3: a member has one login at a time');
select tests.clear_authentication();

select tests.authenticate_as('pat@lumen.test');
select throws_ok(format($$ select public.create_sql_login(%L) $$, tests.id('pat')), 'RB003', null,
  'X3: a member without users.edit cannot create a SQL login, not even their own');
select tests.clear_authentication();

select tests.authenticate_as('sam@lumen.test');
select throws_ok(format($$ select public.create_sql_login(%L) $$, tests.id('pat')), 'RB011', null,
  'X3: an administrator of part of the tenant cannot create SQL logins');
select tests.clear_authentication();

select tests.authenticate_as('ed@lumen.test');
select throws_ok(format($$ select public.create_sql_login(%L) $$, tests.id('admin')), 'RB010', null,
  'X3/A4: nobody creates a login for a member holding rights they lack (they would read as that member)');
select lives_ok(format($$ select public.create_sql_login(%L) $$, tests.id('pat')),
  'X3: a tenant-wide user editor creates a login for a member within their rights');
select tests.clear_authentication();

select tests.authenticate_as('admin@other.test');
select throws_ok(format($$ select public.create_sql_login(%L) $$, tests.id('mia')), 'RB004', null,
  'T3: an administrator of another tenant cannot create a login for this tenant''s member');
select is_empty(format($$ select * from public.list_sql_logins(%L) $$, tests.id('t')),
  'T3: nor see this tenant''s logins');
select tests.clear_authentication();

select set_config('role', 'anon', true);
select throws_ok(format($$ select public.create_sql_login(%L) $$, tests.id('mia')), '42501', null,
  'X3: anon cannot create SQL logins');
select tests.clear_authentication();

-- ---------------------------------------------------------------- list

select tests.authenticate_as('admin@lumen.test');
select set_eq(format($$ select member_id from public.list_sql_logins(%L) where status = 'active' $$, tests.id('t')),
  array[tests.id('mia'), tests.id('pat')], 'X3: an administrator lists the tenant''s logins');
select tests.clear_authentication();
select tests.authenticate_as('mia@lumen.test');
select set_eq(format($$ select member_id from public.list_sql_logins(%L) $$, tests.id('t')),
  array[tests.id('mia')], 'X3: a member sees only their own login');
select tests.clear_authentication();

-- ---------------------------------------------------------------- U6, U7

select tests.authenticate_as('admin@lumen.test');
select public.create_sql_login(tests.id('dan'));
select public.deactivate_member(tests.id('dan'));
select tests.clear_authentication();
select ok((select not r.rolcanlogin from pg_roles r join rbac.sql_logins l on l.role_name = r.rolname::text
            where l.member_id = tests.id('dan')),
  'U6: deactivating a member makes their login NOLOGIN at once');
select tests.authenticate_as('admin@lumen.test');
select is((select status from public.list_sql_logins(tests.id('t')) where member_id = tests.id('dan')), 'disabled',
  'U6: the login is listed as disabled');
select tests.clear_authentication();
select ok(exists (select 1 from rbac.audit_log where action = 'sql_login.disable' and target_id = tests.id('dan')::text
                     and actor_member_id = tests.id('admin')),
  'U6/L1: the login''s end is audited with who deactivated the member');

select tests.authenticate_as('admin@lumen.test');
select throws_ok(format($$ select public.create_sql_login(%L) $$, tests.id('dan')), 'RB042', null,
  'U6: a deactivated member cannot get a SQL login');
select public.reactivate_member(tests.id('dan'));
select throws_ok(format($$ select public.create_sql_login(%L) $$, tests.id('dan')), 'RB006', null,
  'U6: after reactivation the old login stays disabled until it is revoked and a new one created');
select public.deactivate_member(tests.id('dan'));
select public.delete_member(tests.id('dan'));
select tests.clear_authentication();
select ok(not exists (select 1 from pg_roles r join rbac.sql_logins l on l.role_name = r.rolname::text where l.member_id = tests.id('dan'))
          and exists (select 1 from rbac.sql_logins l where l.member_id = tests.id('dan') and l.revoked_at is not null),
  'U7: deleting the member drops their login; the register keeps it as history');

-- ---------------------------------------------------------------- revoke

select tests.authenticate_as('sam@lumen.test');
select throws_ok(format($$ select public.revoke_sql_login(%L) $$, tests.id('pat')), 'RB011', null,
  'X3: an administrator of part of the tenant cannot revoke someone else''s login');
select tests.clear_authentication();
select tests.authenticate_as('ed@lumen.test');
select lives_ok(format($$ select public.revoke_sql_login(%L, 'reporting tool retired') $$, tests.id('pat')),
  'X3: a tenant-wide user editor revokes a login');
select tests.clear_authentication();

select tests.authenticate_as('mia@lumen.test');
select lives_ok(format($$ select public.revoke_sql_login(%L) $$, tests.id('mia')),
  'X3: a member may revoke their own login');
select throws_ok(format($$ select public.revoke_sql_login(%L) $$, tests.id('mia')), 'RB004', null,
  'X3: revoking a login that no longer exists is refused');
select tests.clear_authentication();
select ok(not exists (select 1 from pg_roles where rolname = (select role_name from mia_login))
          and (select revoked_at is not null and revoked_by = tests.id('mia') from rbac.sql_logins where id = (select login_id from mia_login))
          and exists (select 1 from rbac.audit_log where action = 'sql_login.revoke' and target_id = tests.id('mia')::text),
  'X3: revoking drops the role, keeps the row as history and is audited');

select tests.authenticate_as('admin@lumen.test');
select isnt((select role_name from public.create_sql_login(tests.id('mia'))), (select role_name from mia_login),
  'X3: after a revocation a new login, with a new name and password, can be created');
select tests.clear_authentication();

-- ---------------------------------------------------------------- identity of other sessions

select tests.remember('mia_user', tests.user_id('mia@lumen.test'));
select tests.authenticate_as('mia@lumen.test');
select is(rbac_private.current_user_id(), tests.id('mia_user'),
  'X3: sessions that are not SQL logins keep their JWT identity');
select tests.clear_authentication();

select * from finish();
rollback;
