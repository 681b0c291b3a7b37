-- A7/T3: a view-as token reaches the viewed member's one tenant, and only
-- while the view still holds. The token carries the member's claims plus
-- `view_as`; in hosted mode it is a real PostgREST token, so an administrator
-- who copies it out of the browser holds the member's identity. The person
-- viewed may belong to other tenants the viewer has nothing to do with: their
-- records, roles and memberships there must stay out of reach, whatever
-- tenant the claims name. A claim naming a member who is not the token's
-- person, or a viewer who no longer may view, reaches nothing.
begin;
\ir ../helpers/test_helpers.sql
\ir ../helpers/visibility_helpers.sql
select plan(16);

-- ---------------------------------------------------------------------------
-- Setup (superuser): Ed works in Agency A and owns Side Biz B on his own.
-- ---------------------------------------------------------------------------
select tests.remember('a', tests.new_tenant('Agency A', 'owner@a.test'));
select rbac_private.define_demo_catalog(tests.id('a'));
select tests.remember('viewer_role', tests.make_role(tests.id('a'), 'Account viewer', array['accounts.view']));
select tests.remember('ed', tests.add_member(tests.id('a'), 'ed@a.test', 'power_user', null, array[tests.id('viewer_role')]));
select tests.remember('adm', tests.add_member(tests.id('a'), 'adm@a.test', 'company_admin', null,
  array[tests.role_id(tests.id('a'), 'Administrator')]));
select tests.remember('plain', tests.add_member(tests.id('a'), 'plain@a.test', 'power_user', null, array[tests.id('viewer_role')]));
select tests.remember('acct_a', tests.make_account(tests.id('a'), tests.id('a'), 'Harbor Roofing'));
select tests.authenticate_as('ed@a.test');
select tests.remember('b', public.create_organization('Side Biz B'));
select tests.clear_authentication();
select rbac_private.define_demo_catalog(tests.id('b'));
select tests.remember('acct_b', tests.make_account(tests.id('b'), tests.id('b'), 'Secret Client'));

-- Claims as the web server makes them for a view, resolved as the superuser
-- (tests.user_id reads auth.users).
create function tests.view_claims(p_viewer text, p_member uuid, p_tenant uuid) returns text
language sql
as $$
  select (jsonb_build_object('sub', tests.user_id('ed@a.test'), 'role', 'authenticated', 'email', 'ed@a.test',
          'tenant_id', p_tenant,
          'view_as', jsonb_build_object('viewer_user_id', tests.user_id(p_viewer), 'member_id', p_member)))::text
$$;
insert into named_claims values
  ('view', tests.view_claims('adm@a.test', tests.id('ed'), tests.id('a'))),
  ('view naming b', tests.view_claims('adm@a.test', tests.id('ed'), tests.id('b'))),
  ('someone else''s member', tests.view_claims('adm@a.test', tests.id('plain'), tests.id('a'))),
  ('viewer without users.view', tests.view_claims('plain@a.test', tests.id('ed'), tests.id('a')));

-- ---------------------------------------------------------------------------
-- Control: as himself, Ed reaches both of his tenants.
-- ---------------------------------------------------------------------------
select tests.act_as('ed@a.test');
select is((select count(*)::int from public.accounts where id in (tests.id('acct_a'), tests.id('acct_b'))), 2,
  'A7: as himself, Ed reads accounts in Agency A and in his Side Biz B');

-- ---------------------------------------------------------------------------
-- Under the view: Agency A only.
-- ---------------------------------------------------------------------------
select tests.act_with_claims('view');
select is((select count(*)::int from public.accounts where id = tests.id('acct_a')), 1,
  'A7: the viewer reads Ed''s accounts in Agency A');
select is((select count(*)::int from public.accounts where id = tests.id('acct_b')), 0,
  'T3: the viewer cannot read Ed''s accounts in Side Biz B');
select is((select count(*)::int from rbac.roles where tenant_id = tests.id('b')), 0,
  'T3: nor the roles of Side Biz B');
select is((select count(*)::int from rbac.members where tenant_id = tests.id('b')), 0,
  'T3: nor its members');
select is((select array_agg(tenant_id) from public.my_memberships()), array[tests.id('a')],
  'T2: Ed''s memberships, as the view sees them, are Agency A alone (no switcher into B)');
select is(public.has_permission('accounts.view', tests.id('b')), false,
  'T3: in Side Biz B the view holds no permission');
select throws_ok(format($$ select * from public.list_roles(%L) $$, tests.id('b')), 'RB002', null,
  'T3: listing Side Biz B''s roles is refused as for an outsider');

select tests.act_with_claims('view naming b');
select is(public.current_tenant_id(), tests.id('a'),
  'T3: claims naming Side Biz B still act in Agency A');
select is((select count(*)::int from public.accounts where id = tests.id('acct_b')), 0,
  'T3: and still read nothing of Side Biz B');

-- ---------------------------------------------------------------------------
-- A view that does not hold reaches nothing.
-- ---------------------------------------------------------------------------
select tests.act_with_claims('someone else''s member');
select is((select count(*)::int from public.accounts where id in (tests.id('acct_a'), tests.id('acct_b'))), 0,
  'A7: a view naming a member who is not the token''s person reads nothing');
select is(rbac_private.my_tenant_ids(), '{}'::uuid[], 'A7: and has no memberships at all');

select tests.act_with_claims('viewer without users.view');
select is((select count(*)::int from public.accounts where id in (tests.id('acct_a'), tests.id('acct_b'))), 0,
  'A7: a view by someone without users.view reads nothing');

-- The viewer's rights end mid-view: the next query reaches nothing.
select tests.act_with_claims('view');
select is((select count(*)::int from public.accounts where id = tests.id('acct_a')), 1, 'A7: the view reads while it holds');
select tests.clear_authentication();
update rbac.members set status = 'deactivated', deactivated_at = now() where id = tests.id('adm');
select tests.act_with_claims('view');
select is((select count(*)::int from public.accounts where id = tests.id('acct_a')), 0,
  'A7: once the viewer is deactivated, the open view reads nothing on its next query');
select is(public.current_tenant_id(), null, 'A7: and acts in no tenant');

select * from finish();
rollback;
