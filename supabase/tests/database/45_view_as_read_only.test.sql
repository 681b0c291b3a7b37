-- A7: view-as is read-only in the database, not only in the web app. The
-- viewer's requests carry the member's claims plus `view_as`; in hosted mode
-- that token is a real PostgREST token for the member, so an administrator
-- who copies it out of the browser holds the member's identity. Whatever it
-- is used for, nothing may change: product functions are refused by the
-- audit log's trigger, and direct writes to protected tables (which write no
-- audit row) by their policies (rbac_private.rls_not_viewing_as).
begin;
\ir ../helpers/test_helpers.sql
\ir ../helpers/visibility_helpers.sql
select plan(14);

-- ---------------------------------------------------------------------------
-- Setup (superuser)
-- ---------------------------------------------------------------------------
select tests.remember('a', tests.new_tenant('Agency A', 'owner@a.test'));
select rbac_private.define_demo_catalog(tests.id('a'));
select tests.remember('editor_role', tests.make_role(tests.id('a'), 'Account editor',
  array['accounts.view', 'accounts.create', 'accounts.edit', 'accounts.delete', 'manuals.view', 'manuals.delete',
        'manuals.trash.restore']));
select tests.remember('ed', tests.add_member(tests.id('a'), 'ed@a.test', 'power_user', null, array[tests.id('editor_role')]));
select tests.remember('acct', tests.make_account(tests.id('a'), tests.id('a'), 'Harbor Roofing'));
select tests.remember('ann', tests.make_assignee(tests.id('a'), 'Ann'));
insert into public.manuals (tenant_id, org_id, title, deleted_at) values
  (tests.id('a'), tests.id('a'), 'M1 compressor', null), (tests.id('a'), tests.id('a'), 'M2 condenser', now());
select tests.remember('m1', (select id from public.manuals where title like 'M1%'));
select tests.remember('m2', (select id from public.manuals where title like 'M2%'));

-- tests.user_id reads auth.users: resolve it as the superuser, before acting.
create function tests.viewer_claims() returns text
language sql
as $$
  select (jsonb_build_object('sub', tests.user_id('ed@a.test'), 'role', 'authenticated', 'email', 'ed@a.test',
          'view_as', jsonb_build_object('viewer_user_id', tests.user_id('owner@a.test'), 'member_id', tests.id('ed'))))::text
$$;
create temporary table viewer (claims text);
insert into viewer select tests.viewer_claims();
grant select on viewer to authenticated;

-- ---------------------------------------------------------------------------
-- The same member may write without the view_as claim (the guard is not
-- simply refusing everything)
-- ---------------------------------------------------------------------------
select tests.act_as('ed@a.test');
select isnt_empty(format($$ update public.accounts set status = 'active' where id = %L returning id $$, tests.id('acct')),
  'A7: as himself, Ed edits the account');
select isnt_empty(format($$ insert into public.accounts (tenant_id, org_id, name) values (%L, %L, 'Own Prospect') returning id $$,
  tests.id('a'), tests.id('a')), 'A7: as himself, Ed adds an account');

-- ---------------------------------------------------------------------------
-- Under the viewer's claims: reading works, every write is refused with RB050
-- ---------------------------------------------------------------------------
select set_config('request.jwt.claims', (select claims from viewer), true);
select is((select count(*)::int from public.accounts where tenant_id = tests.id('a')), 2,
  'A7: the viewer reads what Ed reads');
select throws_ok(format($$ update public.accounts set name = 'Renamed' where id = %L $$, tests.id('acct')), 'RB050',
  'You are viewing the app as another member; this view is read-only.',
  'A7: the viewer cannot edit an account Ed may edit, with the token taken out of the browser');
select throws_ok(format($$ insert into public.accounts (tenant_id, org_id, name) values (%L, %L, 'Viewer Prospect') $$,
  tests.id('a'), tests.id('a')), 'RB050', null, 'A7: nor add an account');
select throws_ok(format($$ delete from public.accounts where id = %L $$, tests.id('acct')), 'RB050', null,
  'A7: nor delete one');
select throws_ok(format($$ insert into public.account_assignees (tenant_id, account_id, org_id, assignee_id) values (%L, %L, %L, %L) $$,
  tests.id('a'), tests.id('acct'), tests.id('a'), tests.id('ann')), 'RB050', null,
  'A7: nor change who the account is assigned to (a child table)');
select throws_ok(format($$ update public.manuals set deleted_at = now() where id = %L $$, tests.id('m1')), 'RB050', null,
  'A7: nor move a manual to the trash');
select throws_ok(format($$ update public.manuals set deleted_at = null where id = %L $$, tests.id('m2')), 'RB050', null,
  'A7: nor restore one from it');
select throws_ok(format($$ insert into public.accounts (tenant_id, org_id, name) values (%L, %L, 'Upsert')
                           on conflict (id) do nothing $$, tests.id('a'), tests.id('a')), 'RB050', null,
  'A7: an upsert is a write too');
select is(public.has_permission('accounts.edit', tests.id('a')), true,
  'A7: the viewer is told Ed may edit (what Ed would see), yet the database refuses the edit itself');

-- ---------------------------------------------------------------------------
-- Nothing changed
-- ---------------------------------------------------------------------------
select tests.clear_authentication();
select is((select name from public.accounts where id = tests.id('acct')), 'Harbor Roofing', 'A7: the account keeps its name');
select is((select count(*)::int from public.accounts where tenant_id = tests.id('a')), 2, 'A7: no account was added or deleted');
select is((select array[m1.deleted_at is null, m2.deleted_at is not null] from public.manuals m1, public.manuals m2
            where m1.id = tests.id('m1') and m2.id = tests.id('m2')), array[true, true], 'A7: both manuals stay where they were');

select * from finish();
rollback;
