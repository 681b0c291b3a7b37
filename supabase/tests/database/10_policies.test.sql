-- X4, T3: the shape of the security boundary. Every rbac table has RLS and
-- exactly the select policy of 20261123000700_rbac_policies.sql (one per
-- table, for authenticated, no write policies) — plus, where SQL logins (X3)
-- may read it, the restrictive "SQL logins read only their own tenant" with
-- rbac_reporting added to the member policy; nobody but the functions
-- writes; every public function is granted on purpose (authenticated, or
-- service_role for vendor tools, or anon for the few steps before signup)
-- and the private helpers stay private but for the read-only policy helpers.
begin;
\ir ../helpers/test_helpers.sql
select plan(89);

-- The select policy of each core table, as the policies migration names it.
create temporary table core_policies (tbl name, policy name) on commit drop;
insert into core_policies values
  ('tenants', 'Members can view their tenants'),
  ('company_types', 'Members can view their tenant''s company types'),
  ('orgs', 'Members can view their tenant''s org tree'),
  ('org_closure', 'Members can view their tenant''s org closure'),
  ('members', 'Members can view themselves and members they administer'),
  ('member_orgs', 'Members can view accessible orgs of members they can see'),
  ('modules', 'Members can view their tenant''s modules'),
  ('permissions', 'Members can view their tenant''s permissions'),
  ('permission_implications', 'Members can view their tenant''s permission implications'),
  ('permission_closure', 'Members can view their tenant''s permission closure'),
  ('roles', 'Members can view roles they hold or may review'),
  ('role_permissions', 'Role viewers can view permissions of roles they can see'),
  ('role_company_types', 'Members can view company types of roles they can see'),
  ('role_assignable_roles', 'Members can view assignable lists of roles they can see'),
  ('member_roles', 'Members can view role assignments of members they can see'),
  ('groups', 'Members can view their tenant''s groups'),
  ('group_members', 'Members can view group membership of members they can see'),
  ('group_roles', 'Group managers can view group roles'),
  ('org_company_roles', 'Organization managers can view company roles'),
  ('sod_rules', 'Role reviewers can view separation-of-duties rules'),
  ('role_templates', 'Role creators can view starter templates'),
  ('audit_log', 'Auditors can view the audit log'),
  ('audit_heads', 'Auditors can view the audit chain head');

-- Steps before an account exists (reading and accepting an invitation by its
-- token). Listed by signature; a function not (yet) defined is skipped.
create temporary table anon_api (fn text) on commit drop;
insert into anon_api values
  ('public.invitation_details(text)'),
  ('public.accept_invitation_with_password(text,text,text)');

-- -----------------------------------------------------------------------------
-- Tables: RLS and policies (1 + 23 × 3 + 3)
-- -----------------------------------------------------------------------------

select is_empty(
  $$ select c.relname from pg_class c
      where c.relnamespace = 'rbac'::regnamespace and c.relkind in ('r', 'p')
        and not (c.relrowsecurity) $$,
  'T3: row level security is enabled on every table in schema rbac'
);

-- X3's restrictive tenant pin for SQL logins is the one policy a table may add.
select policies_are('rbac', tbl,
                    array[policy] || array(select p.polname from pg_policy p
                                            where p.polrelid = format('rbac.%I', tbl)::regclass
                                              and p.polname = 'SQL logins read only their own tenant' and not p.polpermissive),
                    format('X4: rbac.%s has exactly its select policy "%s" (and the SQL-login tenant pin, if any)', tbl, policy))
  from core_policies order by tbl;

select policy_cmd_is('rbac', tbl, policy, 'select',
                     format('X4: the policy on rbac.%s is for select only', tbl))
  from core_policies order by tbl;

select policy_roles_are('rbac', tbl, policy,
                        array['authenticated'] || array(select 'rbac_reporting'::name from pg_policy p
                                                         where p.polrelid = format('rbac.%I', tbl)::regclass
                                                           and p.polname = 'SQL logins read only their own tenant'),
                        format('X4: the policy on rbac.%s applies to authenticated (and to SQL logins only under the tenant pin)', tbl))
  from core_policies order by tbl;

select is_empty(
  $$ select tablename || ': ' || policyname || ' (' || cmd || ')' from pg_policies
      where schemaname = 'rbac'
        and (cmd <> 'SELECT' or not roles <@ array['authenticated', 'rbac_reporting']::name[]
             or (permissive = 'PERMISSIVE' and not 'authenticated' = any (roles))) $$,
  'T3: no rbac table, core or added later, has a write policy, a policy for anon or public, or one for SQL logins alone that widens access'
);

select is_empty(
  $$ select c.relname from pg_class c
      where c.relnamespace = 'rbac'::regnamespace and c.relkind in ('r', 'p')
        and not exists (select 1 from pg_policies p where p.schemaname = 'rbac' and p.tablename = c.relname) $$,
  'X4: every rbac table has a select policy (RLS on without a policy would hide it from the UI silently)'
);

select is_empty(
  $$ select c.relname || ' ' || r.rolname || ' ' || priv
       from pg_class c
      cross join (values ('anon'), ('authenticated')) r(rolname)
      cross join (values ('insert'), ('update'), ('delete'), ('truncate'), ('references'), ('trigger')) p(priv)
      where c.relnamespace = 'rbac'::regnamespace and c.relkind in ('r', 'p')
        and has_table_privilege(r.rolname, c.oid, priv) $$,
  'T3: neither anon nor authenticated may insert, update, delete or truncate any rbac table'
);

-- -----------------------------------------------------------------------------
-- Schemas (2)
-- -----------------------------------------------------------------------------

select ok(not has_schema_privilege('anon', 'rbac', 'usage') and not has_schema_privilege('anon', 'rbac_private', 'usage'),
          'T3: anon cannot even reach the rbac and rbac_private schemas');

select ok(not has_schema_privilege('authenticated', 'rbac', 'create') and not has_schema_privilege('authenticated', 'rbac_private', 'create')
          and not has_schema_privilege('authenticated', 'public', 'create'),
          'T3: authenticated cannot create objects in the product''s schemas');

-- -----------------------------------------------------------------------------
-- Functions (11)
-- -----------------------------------------------------------------------------

select cmp_ok((select count(*)::int from pg_proc where pronamespace = 'public'::regnamespace), '>=', 35,
              'X4: the public API functions are present (the checks below are not vacuous)');

-- Vendor tools (define_module, load_preset, protect_table …) are granted to
-- service_role explicitly; everything else in public is the members' API.
select is_empty(
  $$ select p.oid::regprocedure::text from pg_proc p
      where p.pronamespace = 'public'::regnamespace
        and not has_function_privilege('authenticated', p.oid, 'execute')
        and not exists (select 1 from aclexplode(p.proacl) a
                         where a.grantee = 'service_role'::regrole and a.privilege_type = 'EXECUTE') $$,
  'X4: every public function is executable by authenticated, except the service_role ones (granted to service_role explicitly)'
);

select is_empty(
  $$ select p.oid::regprocedure::text from pg_proc p
      where p.pronamespace = 'public'::regnamespace
        and p.oid not in (select to_regprocedure(fn) from anon_api where to_regprocedure(fn) is not null)
        and has_function_privilege('anon', p.oid, 'execute') $$,
  'T3: no public function is executable by anon (except reading and accepting an invitation by its token)'
);

select is_empty(
  $$ select p.oid::regprocedure::text from pg_proc p
      where p.pronamespace in ('public'::regnamespace, 'rbac'::regnamespace, 'rbac_private'::regnamespace)
        and (p.proacl is null or exists (select 1 from aclexplode(p.proacl) a where a.grantee = 0 and a.privilege_type = 'EXECUTE')) $$,
  'T3: no function of the product is executable by PUBLIC (the default grant is revoked)'
);

-- A definer runs with the owner's rights, so each one says why it needs them
-- (what it reads or writes beyond the caller, and what it checks itself).
select is_empty(
  $$ select p.oid::regprocedure::text from pg_proc p
      where p.pronamespace in ('public'::regnamespace, 'rbac'::regnamespace, 'rbac_private'::regnamespace)
        and p.prosecdef
        and coalesce(obj_description(p.oid, 'pg_proc'), '') not like 'Definer: %' $$,
  'T3: every security definer function of the product has a comment saying why it is one (''Definer: …'')'
);

select function_privs_are('public', 'define_module',
  array['uuid', 'text', 'text', 'jsonb', 'boolean', 'boolean', 'integer', 'text'], 'authenticated', array[]::text[],
  'P1: catalog definition (public.define_module) is not executable by authenticated');
select function_privs_are('public', 'define_module',
  array['uuid', 'text', 'text', 'jsonb', 'boolean', 'boolean', 'integer', 'text'], 'anon', array[]::text[],
  'P1: catalog definition (public.define_module) is not executable by anon');
select function_privs_are('public', 'define_module',
  array['uuid', 'text', 'text', 'jsonb', 'boolean', 'boolean', 'integer', 'text'], 'service_role', array['EXECUTE'],
  'P1: catalog definition (public.define_module) is executable by service_role');

-- Policies run as the querying role, so the helpers they call must be
-- executable; these answer only about the caller. Anything else in
-- rbac_private (insert_member, create_tenant, member_grants of anyone …)
-- would hand the definer's rights to every signed-in user.
select is_empty(
  $$ select p.oid::regprocedure::text from pg_proc p
      where p.pronamespace = 'rbac_private'::regnamespace
        and has_function_privilege('authenticated', p.oid, 'execute')
        and not (p.proname like 'my\_%' or p.proname like 'rls\_%' or p.proname in ('current_user_id', 'i_have', 'view_as_tenant_id', 'in_request_tenant', 'session_ended')) $$,
  'T3: authenticated may execute only the caller-only policy helpers of rbac_private (current_user_id, i_have, view_as_tenant_id, in_request_tenant, session_ended, my_*, rls_*)'
);
select is_empty(
  $$ select p.oid::regprocedure::text from pg_proc p
      where p.pronamespace = 'rbac_private'::regnamespace
        and has_function_privilege('authenticated', p.oid, 'execute') and p.provolatile = 'v' $$,
  'T3: every rbac_private helper authenticated may execute is declared stable (read-only), none volatile'
);

select isnt_empty(
  $$ select 1 from pg_proc p where p.pronamespace = 'rbac_private'::regnamespace and p.proname = 'my_tenant_ids'
        and has_function_privilege('authenticated', p.oid, 'execute') $$,
  'T3: the policy helpers themselves stay executable by authenticated (policies call them as the querying role)'
);

select is_empty(
  $$ select p.oid::regprocedure::text from pg_proc p
      where p.pronamespace in ('rbac'::regnamespace, 'rbac_private'::regnamespace)
        and has_function_privilege('anon', p.oid, 'execute') $$,
  'T3: anon may execute no function of rbac or rbac_private'
);

-- The attack the revoked default prevents: a signed-in stranger making
-- themselves company administrator of someone else's tenant.
select set_config('t.victim', tests.new_tenant('Policies Victim', 'victim@policies.test')::text, true);
select set_config('t.stranger', tests.create_user('stranger@policies.test')::text, true);
select tests.authenticate_as('stranger@policies.test');
select throws_ok(
  format($$ select rbac_private.insert_member(%L, %L, 'stranger', 'stranger@policies.test', %L, 'company_admin', '{}') $$,
         current_setting('t.victim'), current_setting('t.stranger'), current_setting('t.victim')),
  '42501', null,
  'T3: a signed-in user cannot call rbac_private.insert_member to join another tenant');
select throws_ok($$ select rbac_private.create_tenant('Stolen') $$, '42501', null,
  'T3: a signed-in user cannot call rbac_private.create_tenant');
select tests.clear_authentication();

select * from finish();
rollback;
