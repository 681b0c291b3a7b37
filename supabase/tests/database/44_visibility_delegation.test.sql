-- A4 for account visibility (V1): an administrator on Assigned Accounts Only
-- gives nobody wider visibility than their own: not All Accounts, not the
-- books of AMS assignees they do not work for (rbac_private.assert_may_give_visibility),
-- when inviting, when the invitation is accepted, when approving a join
-- request and when editing a member. Otherwise a second login of their own,
-- invited with All Accounts, would read past their limit.
begin;
\ir ../helpers/test_helpers.sql
\ir ../helpers/visibility_helpers.sql
select plan(18);

-- ---------------------------------------------------------------------------
-- Setup (superuser)
-- ---------------------------------------------------------------------------
select tests.remember('a', tests.new_tenant('Agency A', 'owner@a.test'));
select rbac_private.define_demo_catalog(tests.id('a'));
select tests.remember('ann', tests.make_assignee(tests.id('a'), 'Ann'));
select tests.remember('bob', tests.make_assignee(tests.id('a'), 'Bob'));
select tests.remember('cat', tests.make_assignee(tests.id('a'), 'Cat'));
select tests.remember('agent', tests.make_role(tests.id('a'), 'Agent', array['accounts.view']));
select tests.remember('admin_role', tests.role_id(tests.id('a'), 'Administrator'));
-- A company administrator on Assigned Accounts Only, working for Ann and Bob.
select tests.remember('asa', tests.add_member(tests.id('a'), 'asa@a.test', 'company_admin', null, array[tests.id('admin_role')]));
select tests.set_assigned(tests.id('asa'), array[tests.id('ann'), tests.id('bob')]);
select tests.remember('bea', tests.add_member(tests.id('a'), 'bea@a.test', 'power_user', null, array[tests.id('agent')]));
select tests.set_assigned(tests.id('bea'), array[tests.id('ann')]);
select tests.remember('allie', tests.add_member(tests.id('a'), 'allie@a.test', 'power_user', null, array[tests.id('agent')]));

-- ---------------------------------------------------------------------------
-- Inviting
-- ---------------------------------------------------------------------------
select tests.act_as('asa@a.test');
select throws_ok(format($$ select * from public.invite_member(%L, 'me2@elsewhere.test', 'Second Me', array[%L]::uuid[]) $$,
                        tests.id('a'), tests.id('agent')), 'RB010',
  'You cannot give All Accounts: you see only the accounts of your AMS assignees. Choose Assigned Accounts Only.',
  'A4/V1: an administrator on Assigned Accounts Only cannot invite someone with All Accounts (the default)');
select throws_ok(format($$ select * from public.invite_member(%L, 'me2@elsewhere.test', 'Second Me', array[%L]::uuid[], 'power_user', 'assigned', array[%L, %L]::uuid[]) $$,
                        tests.id('a'), tests.id('agent'), tests.id('ann'), tests.id('cat')), 'RB010',
  'You cannot give the accounts of an AMS assignee you do not work for.',
  'A4/V1: nor with an assignee they do not work for (Cat)');
select lives_ok(format($$ select * from public.invite_member(%L, 'newbie@a.test', 'Newbie', array[%L]::uuid[], 'power_user', 'assigned', array[%L]::uuid[]) $$,
                       tests.id('a'), tests.id('agent'), tests.id('ann')),
  'A4/V1: inviting with Assigned Accounts Only and their own assignee works');
select tests.clear_authentication();

-- The owner (All Accounts) invites with All Accounts; when the inviter is later
-- narrowed to Assigned, the invitation can no longer be accepted.
select tests.act_as('owner@a.test');
select set_config('t44.token', (select token from public.invite_member(tests.id('a'), 'later@a.test', 'Later', array[tests.id('agent')])), true);
select tests.clear_authentication();
select lives_ok(format($$ select rbac_private.apply_member_visibility(tests.member_id(%L, 'owner@a.test'), 'assigned', array[%L]::uuid[]) $$,
                       tests.id('a'), tests.id('ann')), 'setup: the inviter is narrowed to Assigned Accounts Only');
select tests.create_user('later@a.test');
select tests.authenticate_as('later@a.test');
select throws_ok($$ select public.accept_invitation(current_setting('t44.token')) $$, 'RB010',
  'This invitation can no longer be accepted: it offers more than the person who sent it may give now. Ask them for a new invitation.',
  'A4/V1: an invitation giving more visibility than its inviter now has cannot be accepted (told to the invitee as such)');
select tests.clear_authentication();
select lives_ok(format($$ select rbac_private.apply_member_visibility(tests.member_id(%L, 'owner@a.test'), 'all', null) $$, tests.id('a')),
  'setup: the owner sees all accounts again');

-- ---------------------------------------------------------------------------
-- Approving a join request
-- ---------------------------------------------------------------------------
-- (Set up as the superuser: only someone with an address there may claim it.)
insert into rbac.org_email_domains (domain, tenant_id, org_id) values ('delegation44.test', tests.id('a'), tests.id('a'));
select tests.create_user('joe@delegation44.test');
select tests.authenticate_as('joe@delegation44.test');
select tests.remember('joe_request', public.request_to_join());
select tests.clear_authentication();
select tests.act_as('asa@a.test');
select throws_ok(format($$ select public.approve_join_request(%L) $$, tests.id('joe_request')), 'RB010', null,
  'A4/V1: an administrator on Assigned Accounts Only cannot approve a join request with All Accounts (the default)');
select lives_ok(format($$ select public.approve_join_request(%L, null, 'power_user', 'assigned', array[%L]::uuid[]) $$, tests.id('joe_request'), tests.id('bob')),
  'A4/V1: approving with their own assignee works');
select tests.clear_authentication();

-- ---------------------------------------------------------------------------
-- Editing a member
-- ---------------------------------------------------------------------------
select tests.act_as('asa@a.test');
select throws_ok(format($$ select public.update_member(%L, p_visibility => 'all') $$, tests.id('bea')), 'RB010', null,
  'A4/V1: an administrator on Assigned Accounts Only cannot widen a member to All Accounts');
select throws_ok(format($$ select public.update_member(%L, p_assignee_ids => array[%L, %L]::uuid[]) $$, tests.id('bea'), tests.id('ann'), tests.id('cat')), 'RB010', null,
  'A4/V1: nor add an assignee they do not work for');
select lives_ok(format($$ select public.update_member(%L, p_assignee_ids => array[%L, %L]::uuid[]) $$, tests.id('bea'), tests.id('ann'), tests.id('bob')),
  'A4/V1: adding one of their own assignees works');
select lives_ok(format($$ select public.update_member(%L, p_display_name => 'Allie A.') $$, tests.id('allie')),
  'A4/V1: editing something else of a member who already sees all accounts works');
select lives_ok(format($$ select public.update_member(%L, p_visibility => 'assigned', p_assignee_ids => array[%L]::uuid[]) $$, tests.id('allie'), tests.id('cat')),
  'A4/V1: narrowing a member from All Accounts to one assignee gives them nothing new');
select is((select array_agg(assignee_id) from rbac.member_assignees where member_id = tests.id('bea')),
  array[tests.id('ann'), tests.id('bob')]::uuid[] , 'A4/V1: the refused edits changed nothing; the allowed one applied')
  from (select 1) x;
select tests.clear_authentication();

-- A private user's stored visibility opens nothing (V4) until she stops
-- being a private user. Making her a power user gives her that visibility,
-- so it is checked like giving it (the attack: leave a private user on All
-- Accounts, then change only her user type).
select tests.remember('priya', tests.add_member(tests.id('a'), 'priya@a.test', 'private_user', null, array[tests.id('agent')]));
select tests.remember('perry', tests.add_member(tests.id('a'), 'perry@a.test', 'private_user', null, array[tests.id('agent')]));
select tests.set_assigned(tests.id('perry'), array[tests.id('ann'), tests.id('cat')]);
select tests.act_as('asa@a.test');
select throws_ok(format($$ select public.update_member(%L, p_user_type => 'power_user') $$, tests.id('priya')), 'RB010',
  'You cannot give All Accounts: you see only the accounts of your AMS assignees. Choose Assigned Accounts Only.',
  'A4/V1/V4: making a private user whose stored visibility is All Accounts a power user is giving All Accounts');
select throws_ok(format($$ select public.update_member(%L, p_user_type => 'power_user') $$, tests.id('perry')), 'RB010',
  'You cannot give the accounts of an AMS assignee you do not work for.',
  'A4/V1/V4: and one whose stored assignees include one the giver does not work for (Cat) is giving that book');
select lives_ok(format($$ select public.update_member(%L, p_user_type => 'power_user', p_visibility => 'assigned', p_assignee_ids => array[%L]::uuid[]) $$,
                       tests.id('priya'), tests.id('ann')),
  'A4/V1/V4: with a visibility within the giver''s own, the change is made');
select tests.clear_authentication();

-- The same edit by an administrator on All Accounts.
select tests.act_as('owner@a.test');
select lives_ok(format($$ select public.update_member(%L, p_visibility => 'all') $$, tests.id('bea')),
  'A4/V1: an administrator on All Accounts gives All Accounts');
select tests.clear_authentication();

select * from finish();
rollback;
