-- V7, X4, T3: the structure record visibility relies on. Every demo
-- business table is registered and carries exactly the four standard
-- permissive policies; every member-dependent part of a generated policy is
-- a (select …) evaluated once per statement; every column a policy filters
-- on is indexed; the helpers answer only about the caller; the demo catalog
-- holds the modules the tables name.
begin;
\ir ../helpers/test_helpers.sql
select plan(22);

select is_empty(
  $$ select unnest(array['public.account_assignees', 'public.accounts', 'public.conversations', 'public.cylinders',
                         'public.insurance_policies', 'public.manuals', 'public.quotes'])
     except select n.nspname || '.' || c.relname from rbac.protected_tables t
              join pg_class c on c.oid = t.table_name join pg_namespace n on n.oid = c.relnamespace $$,
  'V7: every demo business table is registered with protect_table'
);

select is_empty(
  $$ select t.table_name::text from rbac.protected_tables t
      where (select count(*) from pg_policy p where p.polrelid = t.table_name and p.polpermissive) <> 4
         or exists (select 1 from pg_policy p where p.polrelid = t.table_name and p.polpermissive
                     and p.polname not in ('Members can view rows their access allows', 'Members can add rows their access allows',
                                           'Members can edit rows their access allows', 'Members can delete rows their access allows')) $$,
  'V7: each registered table has the four standard permissive policies and no other (which would widen them)'
);

select is_empty(
  $$ select t.table_name::text || ' ' || p.polname
       from rbac.protected_tables t join pg_policy p on p.polrelid = t.table_name
      where p.polname like 'Members can %'
        and p.polcmd <> case p.polname when 'Members can view rows their access allows' then 'r'
                                       when 'Members can add rows their access allows' then 'a'
                                       when 'Members can edit rows their access allows' then 'w'
                                       else 'd' end $$,
  'V7: one policy per command, each named for what it does'
);

select is_empty(
  $$ select t.table_name::text from rbac.protected_tables t join pg_class c on c.oid = t.table_name
      where not c.relrowsecurity $$,
  'V7: row level security is on for every registered table'
);

-- Once per statement: rbac_private.… appears only as (SELECT rbac_private.…),
-- except in the estimate arms, which never run (tests.runtime_policy drops them).
select is_empty(
  $$ select tablename || ' ' || policyname from pg_policies p
      cross join lateral (select tests.runtime_policy(qual) as q, tests.runtime_policy(with_check) as w) r
      where (schemaname, tablename) in (select n.nspname, c.relname from rbac.protected_tables t
                                          join pg_class c on c.oid = t.table_name join pg_namespace n on n.oid = c.relnamespace)
        and (  (length(r.q) - length(replace(r.q, 'rbac_private.', '')))
             - (length(r.q) - length(replace(r.q, 'SELECT rbac_private.', ''))) * length('rbac_private.') / length('SELECT rbac_private.') <> 0
            or (length(r.w) - length(replace(r.w, 'rbac_private.', '')))
             - (length(r.w) - length(replace(r.w, 'SELECT rbac_private.', ''))) * length('rbac_private.') / length('SELECT rbac_private.') <> 0) $$,
  'V7: every helper call in a generated policy is wrapped in (select …), an InitPlan run once per statement'
);

select is_empty(
  $$ select t.table_name::text || '.' || col
       from rbac.protected_tables t
       cross join lateral unnest(array['tenant_id', t.org_column, t.owner_column, t.assignee_column, t.team_column, t.parent_column]) col
      where col is not null
        and not exists (select 1 from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
                         where i.indrelid = t.table_name and a.attname = col) $$,
  'V7: every column a generated policy filters on leads an index'
);

select is_empty(
  $$ select t.table_name::text from rbac.protected_tables t
      where not exists (select 1 from pg_attribute a
                         where a.attrelid = t.table_name and a.attname = 'tenant_id'
                           and a.attoptions @> array['n_distinct=-0.001']) $$,
  'V7: the planner assumes many tenants on every protected table (an unknown tenant set is not the whole table)'
);
select is_empty(
  $$ select t.table_name::text from rbac.protected_tables t
      where t.org_column is not null
        and not exists (select 1 from pg_statistic_ext x
                         where x.stxrelid = t.table_name and 'f' = any (x.stxkind)
                           and (select array_agg(a.attname::text order by a.attname) from pg_attribute a
                                 where a.attrelid = t.table_name and a.attnum = any (x.stxkeys))
                               = (select array_agg(c order by c) from unnest(array[t.org_column, 'tenant_id']) c)) $$,
  'V7: every protected table with an org column tells the planner that the org determines the tenant (foreign-key checks find rows by key)'
);

select isnt_empty(
  $$ select 1 from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am am on am.oid = c.relam
      where i.indrelid = 'public.accounts'::regclass and am.amname = 'gin' $$,
  'V1: accounts.assignee_ids has a GIN index (the && test of Assigned Accounts Only)'
);

select ok(
  (select qual from pg_policies where tablename = 'quotes' and policyname = 'Members can view rows their access allows')
    ~ 'EXISTS \( SELECT 1\s+FROM accounts rbac_parent\s+WHERE \(rbac_parent\.id = quotes\.account_id\)',
  'V3: a child checks its account by an indexed semi-join on the account''s key'
);
select ok(
  (select qual from pg_policies where tablename = 'quotes' and policyname = 'Members can view rows their access allows')
    ~ 'rls_restricted_orgs\(''accounts\.view''',
  'V3: …and only for members whose view of accounts is restricted (assigned, team, own)'
);

select is_empty(
  $$ select p.oid::regprocedure::text from pg_proc p
      where p.pronamespace = 'rbac_private'::regnamespace
        and p.proname in ('rls_sets', 'rls_tenants_with', 'rls_whole_tenants', 'rls_orgs', 'rls_restricted_orgs', 'rls_member_ids',
                          'rls_group_ids', 'rls_assignee_ids', 'my_territory_ids', 'i_have', 'my_member_in')
        and not (p.prosecdef and p.provolatile = 's' and p.proconfig @> array['search_path=pg_catalog, pg_temp']) $$,
  'T3: the caller helpers are stable security definer functions with a pinned search_path'
);
select is(
  (select count(*)::integer from pg_proc p where p.pronamespace = 'rbac_private'::regnamespace and p.proname like 'rls%'
      and not (p.provolatile = 's' and p.prosecdef)),
  0,
  'T3: every rls_ helper is stable (run as an InitPlan, once per statement) and a definer (usable by SQL logins too)'
);
select ok(
  has_function_privilege('authenticated', 'rbac_private.rls_orgs(text, text, boolean, boolean)', 'execute')
  and not has_function_privilege('anon', 'rbac_private.rls_orgs(text, text, boolean, boolean)', 'execute'),
  'T3: policies'' helpers are executable by signed-in members only'
);
select ok(
  not has_function_privilege('authenticated', 'rbac_private.apply_protection(regclass)', 'execute')
  and not has_function_privilege('authenticated', 'rbac_private.reprotect_all()', 'execute')
  and not has_function_privilege('authenticated', 'rbac_private.define_demo_catalog(uuid)', 'execute'),
  'T3: members cannot re-apply protections or define catalogs'
);

-- Helpers answer about the caller only: nobody signed in, nothing.
select tests.clear_authentication();
select is(rbac_private.rls_tenants_with('accounts.view'), '{}'::uuid[], 'T3: without a signed-in person the helpers return nothing');

-- The demo catalog.
-- Plans of view policies fit their caller (estimate arms), so requests never
-- reuse a generic plan made for someone else (20261123003250_…).
select ok(
  exists (select 1 from pg_db_role_setting s join pg_roles r on r.oid = s.setrole
           where r.rolname = 'authenticated' and s.setdatabase = 0 and 'plan_cache_mode=force_custom_plan' = any (s.setconfig)),
  'V7: requests as authenticated (PostgREST applies its role settings) are planned for each caller'
);

-- …while the product's definer functions keep plpgsql's plan cache (their
-- plans are the owner's, the same for every caller: 20261123007000_…).
select is_empty(
  $$ select p.oid::regprocedure::text from pg_proc p
      where (p.pronamespace in ('rbac'::regnamespace, 'rbac_private'::regnamespace)
             or (p.pronamespace = 'public'::regnamespace and p.prosrc ~ '\mrbac(_private)?\.'))
        and p.prosecdef and p.prorettype <> 'trigger'::regtype
        and not coalesce('plan_cache_mode=auto' = any (p.proconfig), false) $$,
  'V7: every security definer function runs with plan_cache_mode = auto (declare it on new ones)'
);

select tests.remember('a', tests.new_tenant('Catalog A', 'owner@a.test'));
select rbac_private.define_demo_catalog(tests.id('a'));
select results_eq(
  $$ select key from rbac.modules where tenant_id = tests.id('a') and not is_core order by key $$,
  array['accounts', 'conversations', 'cylinders', 'manuals', 'manuals.trash', 'policies', 'quotes'],
  'P1: the demo catalog defines the modules the protected tables name, with the manuals trash as a sub-section'
);
select ok(
  (select scoped from rbac.permissions where tenant_id = tests.id('a') and key = 'conversations.view'),
  'P3: conversations.view is a scoped action (own, team, all)'
);
select is_empty(
  $$ select 1 from rbac.permission_closure c join rbac.permissions p on p.id = c.permission_id join rbac.permissions q on q.id = c.implied_id
      where c.tenant_id = tests.id('a') and q.key = 'conversations.view' and p.key <> 'conversations.view' $$,
  'P3/P4: no action implies the scoped conversations.view (an implied action would be granted for all records)'
);
select lives_ok($$ select rbac_private.define_demo_catalog(tests.id('a')) $$, 'P1: defining the demo catalog again changes nothing');

select * from finish();
rollback;
