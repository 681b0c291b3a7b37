-- X3 + V7: business tables protected with public.protect_table are read by
-- SQL logins under the same standard policies and only in their own tenant,
-- also when a table is protected after the migrations (a preset, a
-- customer's table) and when the policies are regenerated.
begin;
\ir ../helpers/test_helpers.sql
select plan(8);

select isnt_empty($$ select 1 from rbac.protected_tables $$, 'V7: the demo tables are protected (the checks below are not vacuous)');

select is_empty(
  $$ select t.table_name::text from rbac.protected_tables t
      where not has_table_privilege('rbac_reporting', t.table_name, 'select')
         or not exists (select 1 from pg_policy p where p.polrelid = t.table_name
                          and p.polname = 'SQL logins read only their own tenant' and not p.polpermissive)
         or not exists (select 1 from pg_policy p where p.polrelid = t.table_name and p.polcmd = 'r'
                          and p.polname = 'Members can view rows their access allows'
                          and 'rbac_reporting'::regrole::oid = any (p.polroles)) $$,
  'X3/V7: every protected table is read by SQL logins through its standard view policy, pinned to their tenant');

select is_empty(
  $$ select t.table_name::text || ' ' || p.priv from rbac.protected_tables t
      cross join (values ('insert'), ('update'), ('delete'), ('truncate')) p(priv)
      where has_table_privilege('rbac_reporting', t.table_name, p.priv) $$,
  'X3/V7: SQL logins may write no protected table (the write policies naming them grant nothing)');

-- A customer's table protected after the migrations.
create table public.x3_gauges (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null,
  org_id uuid not null,
  label text not null,
  foreign key (org_id, tenant_id) references rbac.orgs (id, tenant_id)
);
select public.protect_table('public.x3_gauges', 'gauges');

select ok(has_table_privilege('rbac_reporting', 'public.x3_gauges', 'select'),
  'X3/V7: a table protected after the migrations is open to SQL logins at once');
select policy_roles_are('public', 'x3_gauges', 'Members can view rows their access allows', array['authenticated', 'rbac_reporting'],
  'X3/V7: through the same standard view policy as members');
select isnt_empty(
  $$ select 1 from pg_policy where polrelid = 'public.x3_gauges'::regclass
        and polname = 'SQL logins read only their own tenant' and not polpermissive $$,
  'T3/V7: and only in their own tenant');

-- Regenerated policies keep binding SQL logins. (Regenerated on the test's own
-- table: regenerating the shared demo tables inside a test would lock them
-- against every test running beside it.)
select rbac_private.apply_protection('public.x3_gauges');
select policy_roles_are('public', 'x3_gauges', 'Members can view rows their access allows', array['authenticated', 'rbac_reporting'],
  'X3/V7: regenerating the standard policies keeps SQL logins bound by them');
select isnt_empty(
  $$ select 1 from pg_policy where polrelid = 'public.x3_gauges'::regclass
        and polname = 'SQL logins read only their own tenant' and not polpermissive $$,
  'T3/V7: and keeps the tenant pin');

select * from finish();
rollback;
