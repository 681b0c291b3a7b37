-- T3/X3: a session's temporary objects never run inside a security definer
-- function. When a function's search_path does not name pg_temp, Postgres
-- searches the session's temporary schema FIRST for types and tables; with
-- search_path = '' a session could create a temporary domain called `text`
-- whose check calls its own function, and every `v text` in a definer body
-- would then run that function as the definer's owner (the superuser). A
-- SQL login is a raw SQL session, so this was reachable. Every definer now
-- pins search_path = pg_catalog, pg_temp (pg_temp last). The attack below is
-- the one that worked, made from this session: the trap records any call.
begin;
\ir ../helpers/test_helpers.sql
\ir ../helpers/visibility_helpers.sql
select plan(3);

select tests.remember('a', tests.new_tenant('Agency A', 'owner@a.test'));
select rbac_private.define_demo_catalog(tests.id('a'));
select tests.remember('viewer', tests.make_role(tests.id('a'), 'Viewer', array['accounts.view', 'conversations.view:all']));
select tests.add_member(tests.id('a'), 'val@a.test', 'power_user', null, array[tests.id('viewer')]);
select tests.make_account(tests.id('a'), tests.id('a'), 'Harbor Roofing');

-- The trap: temporary domains shadowing the built-in types the product's
-- functions declare, whose check records who ran it. Built before any
-- product function runs in this session (plpgsql resolves names once per
-- session), and armed only around the attack (pgTAP's own functions use
-- the same names).
create temporary table trap_log (ran_as pg_catalog.text, via pg_catalog.text);
create temporary table seen (what pg_catalog.text, n pg_catalog.int8);
grant insert, select on trap_log, seen to public;
create function pg_temp.trap(p_value pg_catalog.text, p_type pg_catalog.text) returns boolean
language plpgsql
as $$
begin
  -- Only calls made with more rights than the member's own: code running as
  -- the member may meet the trap too, but gains nothing by it.
  if pg_catalog.current_setting('tests.armed', true) = 'on' and current_user <> 'authenticated' then
    insert into pg_temp.trap_log values (current_user, p_type);
  end if;
  return true;
end;
$$;
grant execute on function pg_temp.trap(pg_catalog.text, pg_catalog.text) to public;
create domain pg_temp.text as pg_catalog.text check (pg_temp.trap(value, 'text'));
create domain pg_temp.uuid as pg_catalog.uuid check (pg_temp.trap(value::pg_catalog.text, 'uuid'));
create domain pg_temp.boolean as pg_catalog.bool check (pg_temp.trap(value::pg_catalog.text, 'boolean'));
create domain pg_temp.jsonb as pg_catalog.jsonb check (pg_temp.trap(value::pg_catalog.text, 'jsonb'));

-- The attack: a member's ordinary requests, each running definers that
-- declare such variables (the visibility sets, effective rights, the lists).
select set_config('tests.armed', 'on', true);
select tests.act_as('val@a.test');
insert into seen select 'accounts', count(*) from public.accounts;
insert into seen select 'has_permission', public.has_permission('accounts.view', tests.id('a'))::pg_catalog.int4::pg_catalog.int8;
insert into seen select 'permissions', count(*) from public.my_permissions(tests.id('a'));
insert into seen select 'memberships', count(*) from public.my_memberships();
select set_config('tests.armed', 'off', true);
select tests.clear_authentication();

select is((select count(*)::int from trap_log), 0,
  'T3/X3: no definer function resolved a type to the session''s temporary domains (its check never ran as the owner)');
select is((select array_agg(what || '=' || n order by what) from seen),
  array['accounts=1', 'has_permission=1', 'memberships=1', 'permissions=2'],
  'T3: the member''s requests did run and answer as usual (the trap was not avoided by doing nothing)');
select is_empty($$ select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                    where n.nspname in ('rbac', 'rbac_private', 'public') and p.prosecdef
                      and exists (select 1 from unnest(p.proconfig) c where c like 'search_path=%' and c not like '%pg_temp') $$,
  'T3: no definer function leaves pg_temp out of its search_path (where Postgres would search it first)');

select * from finish();
rollback;
