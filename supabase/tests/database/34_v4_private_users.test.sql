-- V4: private users see and change only the records they own, whatever
-- their roles, scopes or visibility say; the same table shows a power user
-- their whole org.
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
select tests.remember('agent', tests.make_role(tests.id('a'), 'Agent',
  array['accounts.view', 'accounts.create', 'accounts.edit', 'manuals.view', 'manuals.create', 'conversations.view:all']));
select tests.remember('priv', tests.add_member(tests.id('a'), 'priv@a.test', 'private_user', tests.id('east'), array[tests.id('agent')]));
select tests.remember('priv2', tests.add_member(tests.id('a'), 'priv2@a.test', 'private_user', tests.id('east'), array[tests.id('agent')]));
select tests.remember('pow', tests.add_member(tests.id('a'), 'pow@a.test', 'power_user', tests.id('east'), array[tests.id('agent')]));

select tests.remember('p1', tests.make_account(tests.id('a'), tests.id('east'), 'P1 mine', tests.id('priv')));
select tests.remember('p2', tests.make_account(tests.id('a'), tests.id('east'), 'P2 priv2''s', tests.id('priv2'), array[tests.id('ann')]));
select tests.remember('p3', tests.make_account(tests.id('a'), tests.id('east'), 'P3 nobody''s', null, array[tests.id('ann')]));
insert into public.manuals (tenant_id, org_id, title, created_by) values
  (tests.id('a'), tests.id('east'), 'M1 mine', tests.id('priv')),
  (tests.id('a'), tests.id('east'), 'M2 power user''s', tests.id('pow'));
insert into public.conversations (tenant_id, org_id, subject, assignee_member_id) values
  (tests.id('a'), tests.id('east'), 'C1 mine', tests.id('priv')),
  (tests.id('a'), tests.id('east'), 'C2 power user''s', tests.id('pow'));

-- ---------------------------------------------------------------------------
-- Reading
-- ---------------------------------------------------------------------------
select tests.act_as('priv@a.test');
select results_eq('select name from public.accounts', array['P1 mine'],
  'V4: a private user sees only the accounts they own');
select results_eq('select title from public.manuals', array['M1 mine'],
  'V4: a private user sees only the manuals they wrote');
select results_eq('select subject from public.conversations', array['C1 mine'],
  'V4: a private user sees only their own conversations, although their role says view all');
select is_empty(format('select * from public.accounts where id = %L', tests.id('p2')),
  'V4: another member''s account stays hidden when asked for by id');

select tests.act_as('pow@a.test');
select results_eq('select name from public.accounts order by name', array['P1 mine', 'P2 priv2''s', 'P3 nobody''s'],
  'V4: a power user with the same role sees every account of the org');

-- Assigned visibility does not widen a private user's view.
select tests.clear_authentication();
select tests.set_assigned(tests.id('priv'), array[tests.id('ann')]);
select tests.act_as('priv@a.test');
select results_eq('select name from public.accounts', array['P1 mine'],
  'V4/V1: a private user with AMS assignees still sees only what they own');

-- ---------------------------------------------------------------------------
-- Writing
-- ---------------------------------------------------------------------------
select lives_ok(
  format('insert into public.accounts (tenant_id, org_id, name, owner_member_id) values (%L, %L, ''P4 new'', %L)',
         tests.id('a'), tests.id('east'), tests.id('priv')),
  'V4: a private user adds an account they own');
select throws_ok(
  format('insert into public.accounts (tenant_id, org_id, name, owner_member_id) values (%L, %L, ''Planted'', %L)',
         tests.id('a'), tests.id('east'), tests.id('pow')),
  '42501', null,
  'V4: a private user cannot add an account owned by someone else');
select throws_ok(
  format('insert into public.accounts (tenant_id, org_id, name) values (%L, %L, ''Unowned'')', tests.id('a'), tests.id('east')),
  '42501', null,
  'V4: a private user cannot add an account owned by nobody');
select isnt_empty(
  format('update public.accounts set name = ''P1 renamed'' where id = %L returning id', tests.id('p1')),
  'V4: a private user edits their own account');
select throws_ok(
  format('update public.accounts set owner_member_id = %L where id = %L', tests.id('priv2'), tests.id('p1')),
  '42501', null,
  'V4: a private user cannot hand their account to someone else (it would leave their reach)');
select is_empty(
  format('update public.accounts set name = ''hacked'' where id = %L returning id', tests.id('p2')),
  'V4: a private user cannot edit another member''s account by id');
select throws_ok(
  format('insert into public.manuals (tenant_id, org_id, title, created_by) values (%L, %L, ''Forged'', %L)',
         tests.id('a'), tests.id('east'), tests.id('pow')),
  '42501', null,
  'V4: a private user cannot write a manual in someone else''s name');

select tests.clear_authentication();
select is((select name from public.accounts where id = tests.id('p2')), 'P2 priv2''s',
  'V4: the other member''s account is unchanged');

select * from finish();
rollback;
