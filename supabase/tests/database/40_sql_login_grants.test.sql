-- X3, T3, L1: the catalogue side of SQL logins. rbac_reporting (the group
-- role of every login) can read tenant tables under the members' policies
-- and only in the login's own tenant, and can do nothing else: no writes, no
-- private schemas, no audit internals, no function but the policy helpers,
-- no role to switch to. Holds for tables added later too (the rule of
-- 20261123003510_reporting_access.sql).
begin;
select plan(20);

-- ---------------------------------------------------------------- the role itself

select ok((select not rolcanlogin and not rolsuper and not rolcreaterole and not rolcreatedb
                  and not rolreplication and not rolbypassrls
             from pg_roles where rolname = 'rbac_reporting'),
  'X3: rbac_reporting exists and is NOLOGIN without any special attribute');

select is_empty(
  $$ select r.rolname from pg_auth_members am join pg_roles r on r.oid = am.roleid
      where am.member = 'rbac_reporting'::regrole $$,
  'X3: rbac_reporting is a member of no role (not of authenticated, so no public API function and no set role)');

select ok(not pg_has_role('rbac_reporting', 'authenticated', 'member') and not pg_has_role('rbac_reporting', 'service_role', 'member')
          and not pg_has_role('rbac_reporting', 'anon', 'member'),
  'X3: rbac_reporting cannot become authenticated, anon or service_role');

select ok(not pg_has_role('authenticator', 'rbac_reporting', 'member') and not pg_has_role('authenticated', 'rbac_reporting', 'member'),
  'X3: neither PostgREST''s login nor authenticated can become rbac_reporting');

-- Members of rbac_reporting are the registered logins only (a role granted it
-- by hand would still be treated as a SQL login, but should not exist). On
-- Postgres 16+ the role's creator holds an admin-only grant, which is no membership.
select is_empty(
  $$ select m.rolname from pg_auth_members am join pg_roles m on m.oid = am.member
      where am.roleid = 'rbac_reporting'::regrole
        and coalesce((to_jsonb(am) ->> 'inherit_option')::boolean or (to_jsonb(am) ->> 'set_option')::boolean, true)
        and m.rolname not in (select role_name from rbac.sql_logins where revoked_at is null) $$,
  'X3: the only members of rbac_reporting are registered SQL logins');

-- ---------------------------------------------------------------- tables

select is_empty(
  $$ select c.oid::regclass::text || ' ' || p.priv
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
      cross join (values ('insert'), ('update'), ('delete'), ('truncate'), ('references'), ('trigger')) p(priv)
      where c.relkind in ('r', 'p', 'v', 'm', 'f') and c.relpersistence <> 't' and n.nspname not in ('pg_catalog', 'information_schema')
        and has_table_privilege('rbac_reporting', c.oid, p.priv) $$,
  'X3: rbac_reporting may insert, update, delete or truncate no table or view at all');

select is_empty(
  $$ select c.oid::regclass::text
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'v', 'm', 'f') and c.relpersistence <> 't' and n.nspname not in ('pg_catalog', 'information_schema')
        and has_schema_privilege('rbac_reporting', n.oid, 'usage')
        and has_table_privilege('rbac_reporting', c.oid, 'select')
        and not (c.relkind in ('r', 'p') and c.relrowsecurity) $$,
  'T3: every table rbac_reporting can read has row level security (and it reads no view)');

select is_empty(
  $$ select c.oid::regclass::text
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and c.relpersistence <> 't' and n.nspname not in ('pg_catalog', 'information_schema')
        and has_table_privilege('rbac_reporting', c.oid, 'select')
        and not exists (select 1 from pg_policy p
                         where p.polrelid = c.oid and p.polname = 'SQL logins read only their own tenant'
                           and not p.polpermissive and p.polcmd = 'r' and p.polroles = array['rbac_reporting'::regrole::oid]) $$,
  'T3: every table rbac_reporting can read keeps SQL logins to their own tenant (restrictive policy)');

select is_empty(
  $$ select c.oid::regclass::text || ': ' || p.polname
       from pg_class c join pg_policy p on p.polrelid = c.oid
      where has_table_privilege('rbac_reporting', c.oid, 'select')
        and p.polcmd in ('r', '*') and 'authenticated'::regrole::oid = any (p.polroles)
        and not 'rbac_reporting'::regrole::oid = any (p.polroles) $$,
  'X3: every select policy members get binds SQL logins too (restrictive ones included: a login never sees more than its member)');

select is_empty(
  $$ select c.oid::regclass::text
       from pg_class c
      where c.relnamespace in ('rbac'::regnamespace, 'public'::regnamespace) and c.relkind in ('r', 'p') and c.relrowsecurity
        and has_table_privilege('authenticated', c.oid, 'select')
        and c.oid <> 'rbac.audit_heads'::regclass
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
        and not has_table_privilege('rbac_reporting', c.oid, 'select') $$,
  'X3: every tenant table members can read is open to SQL logins (else call rbac_private.allow_reporting_read on it)');

select ok(has_table_privilege('rbac_reporting', 'rbac.members', 'select') and has_table_privilege('rbac_reporting', 'rbac.tenants', 'select')
          and has_table_privilege('rbac_reporting', 'rbac.roles', 'select') and has_table_privilege('rbac_reporting', 'rbac.sql_logins', 'select'),
  'X3: SQL logins can read the core tables (the checks above are not vacuous)');

select ok(not has_table_privilege('rbac_reporting', 'rbac.audit_heads', 'select'),
  'L1: SQL logins cannot read the audit chain head');

-- ---------------------------------------------------------------- schemas and functions

select is_empty(
  $$ select nspname from pg_namespace
      where has_schema_privilege('rbac_reporting', oid, 'usage')
        and nspname not in ('pg_catalog', 'information_schema', 'public', 'rbac') and nspname not like 'pg\_temp\_%' and nspname not like 'pg\_toast%' $$,
  'X3: SQL logins reach no schema but rbac and public (no rbac_private, auth, extensions)');

select is_empty(
  $$ select nspname from pg_namespace
      where has_schema_privilege('rbac_reporting', oid, 'create') and nspname not like 'pg\_temp\_%' $$,
  'X3: SQL logins cannot create objects in any schema');

select ok(not has_database_privilege('rbac_reporting', current_database(), 'create'),
  'X3: SQL logins cannot create schemas');

select is_empty(
  $$ select p.oid::regprocedure::text from pg_proc p
      where p.pronamespace in ('public'::regnamespace, 'rbac'::regnamespace)
        and has_function_privilege('rbac_reporting', p.oid, 'execute') $$,
  'X3: SQL logins can execute no API function (create_role, assign_role, create_sql_login, …)');

select is_empty(
  $$ select p.oid::regprocedure::text from pg_proc p
      where p.pronamespace not in ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
        and p.provolatile = 'v' and has_function_privilege('rbac_reporting', p.oid, 'execute')
        and has_schema_privilege('rbac_reporting', p.pronamespace, 'usage') $$,
  'X3: SQL logins can execute no volatile function of the product');

select is_empty(
  $$ select p.oid::regprocedure::text from pg_proc p
      where p.pronamespace = 'rbac_private'::regnamespace and has_function_privilege('rbac_reporting', p.oid, 'execute')
        and not (p.provolatile in ('s', 'i')
                 and (has_function_privilege('authenticated', p.oid, 'execute') or p.proname = 'my_sql_login_tenant_id')) $$,
  'X3: of rbac_private, SQL logins execute only the stable caller-only helpers policies call');

select ok(has_function_privilege('rbac_reporting', 'rbac_private.my_tenant_ids()', 'execute')
          and has_function_privilege('rbac_reporting', 'rbac_private.my_sql_login_tenant_id()', 'execute'),
  'X3: the policy helpers themselves are executable by SQL logins (policies run as the querying role)');

select ok(not has_function_privilege('rbac_reporting', 'rbac_private.audit_chain_break(uuid)', 'execute')
          and not has_function_privilege('rbac_reporting', 'rbac_private.member_grants(uuid)', 'execute')
          and not has_function_privilege('rbac_reporting', 'rbac_private.create_tenant(text)', 'execute'),
  'L1/X3: SQL logins cannot run the audit chain check, compute anyone''s rights or create tenants');

select * from finish();
rollback;
