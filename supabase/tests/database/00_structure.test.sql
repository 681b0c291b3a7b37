-- X4, T3: the structure every other test relies on: RLS is on for every table
-- of the product's schemas, and security definer helpers pin search_path.
begin;
select plan(3);

select is_empty(
  $$ select n.nspname || '.' || c.relname
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and n.nspname in ('rbac', 'public') and not c.relrowsecurity $$,
  'T3: row level security is enabled on every table in rbac and public'
);

select is_empty(
  $$ select p.oid::regprocedure::text
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname in ('rbac', 'rbac_private', 'public') and p.prosecdef
        and not coalesce(p.proconfig @> array['search_path=pg_catalog, pg_temp'], false) $$,
  'T3: every security definer function pins search_path to pg_catalog, then pg_temp (last: a session''s temporary types never shadow a name)'
);

select has_table('rbac', 'org_closure', 'T1: the org tree has a closure table');

select * from finish();
rollback;
