-- A7 view-as and X3 SQL logins let an administrator read as another member
-- (the login's password is shown to its creator). Neither may show them
-- records their own account visibility (V1) hides: an administrator on
-- Assigned Accounts Only reads only as members whose books are among theirs
-- (rbac_private.visibility_beyond).
begin;
\ir ../helpers/test_helpers.sql
\ir ../helpers/visibility_helpers.sql
select plan(14);

-- ---------------------------------------------------------------------------
-- Setup (superuser)
-- ---------------------------------------------------------------------------
select tests.remember('a', tests.new_tenant('Agency A', 'owner@a.test'));
select rbac_private.define_demo_catalog(tests.id('a'));
select tests.remember('east', tests.make_org(tests.id('a'), tests.id('a'), 'East'));
select tests.remember('ann', tests.make_assignee(tests.id('a'), 'Ann'));
select tests.remember('bob', tests.make_assignee(tests.id('a'), 'Bob'));
select tests.remember('cat', tests.make_assignee(tests.id('a'), 'Cat'));
select tests.remember('agent', tests.make_role(tests.id('a'), 'Agent', array['accounts.view', 'conversations.view:all']));
select tests.remember('own_agent', tests.make_role(tests.id('a'), 'Own agent', array['accounts.view', 'conversations.view:own']));
select tests.remember('admin_role', tests.role_id(tests.id('a'), 'Administrator'));
-- A company administrator on Assigned Accounts Only, working for Ann and Bob.
select tests.remember('asa', tests.add_member(tests.id('a'), 'asa@a.test', 'company_admin', null, array[tests.id('admin_role')]));
select tests.set_assigned(tests.id('asa'), array[tests.id('ann'), tests.id('bob')]);
select tests.remember('allie', tests.add_member(tests.id('a'), 'allie@a.test', 'power_user', tests.id('east'), array[tests.id('agent')]));
select tests.remember('bea', tests.add_member(tests.id('a'), 'bea@a.test', 'power_user', tests.id('east'), array[tests.id('agent')]));
select tests.set_assigned(tests.id('bea'), array[tests.id('ann')]);
select tests.remember('cy', tests.add_member(tests.id('a'), 'cy@a.test', 'power_user', tests.id('east'), array[tests.id('agent')]));
select tests.set_assigned(tests.id('cy'), array[tests.id('ann'), tests.id('cat')]);
select tests.remember('priv', tests.add_member(tests.id('a'), 'priv@a.test', 'private_user', tests.id('east'), array[tests.id('agent')]));
select tests.set_assigned(tests.id('priv'), array[tests.id('ann')]);
select tests.remember('olga', tests.add_member(tests.id('a'), 'olga@a.test', 'power_user', tests.id('east'), array[tests.id('own_agent')]));
select tests.set_assigned(tests.id('olga'), array[tests.id('ann')]);

-- ---------------------------------------------------------------------------
-- The rule, both ways
-- ---------------------------------------------------------------------------
select tests.act_as('asa@a.test');
select throws_ok(format($$ select * from public.start_view_as(%L) $$, tests.id('allie')), 'RB010',
  'You cannot view as allie: they see all accounts, and you see only assigned ones.',
  'A7/V1: an administrator on Assigned Accounts Only cannot view as a member who sees all accounts');
select throws_ok(format($$ select * from public.create_sql_login(%L) $$, tests.id('allie')), 'RB010',
  'You cannot create a SQL login for allie: they see all accounts, and you see only assigned ones.',
  'X3/V1: nor create a SQL login for them (the password would let them read every account)');
select throws_ok(format($$ select * from public.start_view_as(%L) $$, tests.id('cy')), 'RB010', null,
  'A7/V1: nor view as a member working for an assignee they do not (Cat)');
select throws_ok(format($$ select * from public.create_sql_login(%L) $$, tests.id('cy')), 'RB010',
  'You cannot create a SQL login for cy: they work for AMS assignees whose accounts you do not see.',
  'X3/V1: nor create a SQL login for them');
select throws_ok(format($$ select * from public.create_sql_login(%L) $$, tests.id('priv')), 'RB010', null,
  'X3/V4: nor for a private user (they see what they own, assigned to anyone)');
select throws_ok(format($$ select * from public.start_view_as(%L) $$, tests.id('priv')), 'RB010', null,
  'A7/V4: nor view as one');
select throws_ok(format($$ select * from public.create_sql_login(%L) $$, tests.id('olga')), 'RB010', null,
  'X3/P3: nor for a holder of an own-scoped grant');
select lives_ok(format($$ select * from public.start_view_as(%L) $$, tests.id('bea')),
  'A7/V1: a member whose assignees are among theirs (Ann) can be viewed as');
select lives_ok(format($$ select * from public.create_sql_login(%L) $$, tests.id('bea')),
  'X3/V1: and given a SQL login');
select tests.clear_authentication();

-- The same targets for an administrator who sees all accounts.
select tests.act_as('owner@a.test');
select lives_ok(format($$ select * from public.start_view_as(%L) $$, tests.id('allie')),
  'A7/V1: an administrator on All Accounts views as a member on All Accounts');
select lives_ok(format($$ select * from public.create_sql_login(%L) $$, tests.id('cy')),
  'X3/V1: and creates a SQL login for a member working for any assignee');
select lives_ok(format($$ select * from public.create_sql_login(%L) $$, tests.id('priv')),
  'X3/V4: or for a private user');
select tests.clear_authentication();

-- Once the administrator also works for Cat, Cy's book is among theirs.
select tests.set_assigned(tests.id('asa'), array[tests.id('ann'), tests.id('bob'), tests.id('cat')]);
select tests.act_as('asa@a.test');
select lives_ok(format($$ select * from public.start_view_as(%L) $$, tests.id('cy')),
  'A7/V1: after the administrator takes on Cat, they may view as Cy');
select is((select count(*)::int from rbac.audit_log l where l.tenant_id = tests.id('a') and l.action in ('member.view_as', 'sql_login.create')
            and l.actor_member_id = tests.id('asa')), 3,
  'A7/X3: only the allowed attempts were audited (two views, one login)');
select tests.clear_authentication();

select * from finish();
rollback;
