-- V1, V2, A3, T3, U6: who sees and changes which accounts. All Accounts =
-- every account in the member's org scope; Assigned Accounts Only = the
-- accounts of their AMS assignees (several: the union of their books),
-- still within the org scope. Tried both ways, and the way an attacker would.
begin;
\ir ../helpers/test_helpers.sql
\ir ../helpers/visibility_helpers.sql
select plan(25);

-- ---------------------------------------------------------------------------
-- Setup (superuser): tenant A with East (and its sub-org East 1) and West;
-- assignees Ann, Bob, Cat; six accounts; tenant B with one account.
-- ---------------------------------------------------------------------------
select tests.remember('a', tests.new_tenant('Agency A', 'owner@a.test'));
select rbac_private.define_demo_catalog(tests.id('a'));
select tests.remember('east', tests.make_org(tests.id('a'), tests.id('a'), 'East'));
select tests.remember('east1', tests.make_org(tests.id('a'), tests.id('east'), 'East 1'));
select tests.remember('west', tests.make_org(tests.id('a'), tests.id('a'), 'West'));
select tests.remember('viewer', tests.make_role(tests.id('a'), 'Account Viewer', array['accounts.view']));
select tests.remember('editor', tests.make_role(tests.id('a'), 'Account Editor', array['accounts.view', 'accounts.edit', 'accounts.create']));
select tests.remember('ann', tests.make_assignee(tests.id('a'), 'Ann (producer)'));
select tests.remember('bob', tests.make_assignee(tests.id('a'), 'Bob (producer)'));
select tests.remember('cat', tests.make_assignee(tests.id('a'), 'Cat (CSR)'));

select tests.remember('allm', tests.add_member(tests.id('a'), 'all@a.test', 'power_user', tests.id('east'), array[tests.id('viewer')]));
select tests.remember('asg', tests.add_member(tests.id('a'), 'assigned@a.test', 'power_user', tests.id('east'), array[tests.id('viewer')]));
select tests.set_assigned(tests.id('asg'), array[tests.id('ann'), tests.id('cat')]);
select tests.remember('sub_admin', tests.add_member(tests.id('a'), 'subadmin@a.test', 'administrator', tests.id('east'), array[tests.id('viewer')]));
select tests.remember('plain', tests.add_member(tests.id('a'), 'plain@a.test', 'power_user', tests.id('east'),
                                                array[tests.role_id(tests.id('a'), 'User')]));
select tests.remember('ed', tests.add_member(tests.id('a'), 'editor@a.test', 'power_user', tests.id('east'), array[tests.id('editor')]));
select tests.set_assigned(tests.id('ed'), array[tests.id('ann')]);

select tests.remember('a1', tests.make_account(tests.id('a'), tests.id('east'), 'A1 Ann', null, array[tests.id('ann')]));
select tests.remember('a2', tests.make_account(tests.id('a'), tests.id('east'), 'A2 Bob', null, array[tests.id('bob')]));
select tests.remember('a3', tests.make_account(tests.id('a'), tests.id('east'), 'A3 Cat+Bob', null, array[tests.id('cat'), tests.id('bob')]));
select tests.remember('a4', tests.make_account(tests.id('a'), tests.id('east1'), 'A4 Ann sub-org', null, array[tests.id('ann')]));
select tests.remember('a5', tests.make_account(tests.id('a'), tests.id('west'), 'A5 Ann west', null, array[tests.id('ann')]));
select tests.remember('a6', tests.make_account(tests.id('a'), tests.id('east'), 'A6 unassigned'));

select tests.remember('b', tests.new_tenant('Agency B', 'owner@b.test'));
select rbac_private.define_demo_catalog(tests.id('b'));
select tests.remember('b_ann', tests.make_assignee(tests.id('b'), 'Ann at B'));
select tests.remember('b1', tests.make_account(tests.id('b'), tests.id('b'), 'B1', null, array[tests.id('b_ann')]));

select is(
  (select assignee_ids from public.accounts where id = tests.id('a3')),
  (select array_agg(x order by x) from unnest(array[tests.id('cat'), tests.id('bob')]) x),
  'V1: an account''s assignee list follows its assignee links'
);

-- ---------------------------------------------------------------------------
-- Reading
-- ---------------------------------------------------------------------------
select tests.act_as('all@a.test');
select results_eq(
  'select name from public.accounts order by name',
  array['A1 Ann', 'A2 Bob', 'A3 Cat+Bob', 'A6 unassigned'],
  'V1/A3: All Accounts shows every account of the power user''s org, none of its sub-org, another org or tenant'
);

select tests.act_as('assigned@a.test');
select results_eq(
  'select name from public.accounts order by name',
  array['A1 Ann', 'A3 Cat+Bob'],
  'V1: Assigned Accounts Only shows the union of the books of the member''s assignees (Ann and Cat), within their org scope'
);
select is_empty(
  format('select * from public.accounts where id = %L', tests.id('a2')),
  'V1: an account of another assignee stays hidden when asked for by id'
);
select is_empty(
  format('select * from public.accounts where id in (%L, %L)', tests.id('a4'), tests.id('a5')),
  'V1/A3: an assignee''s accounts outside the member''s org scope stay hidden'
);
select is_empty(
  format('select * from public.accounts where id = %L', tests.id('b1')),
  'T3: an account of another tenant stays hidden when asked for by id'
);

select tests.act_as('subadmin@a.test');
select results_eq(
  'select name from public.accounts order by name',
  array['A1 Ann', 'A2 Bob', 'A3 Cat+Bob', 'A4 Ann sub-org', 'A6 unassigned'],
  'V1/A3: an administrator sees the accounts of their org and its sub-orgs'
);

select tests.act_as('owner@a.test');
select results_eq(
  'select name from public.accounts order by name',
  array['A1 Ann', 'A2 Bob', 'A3 Cat+Bob', 'A4 Ann sub-org', 'A5 Ann west', 'A6 unassigned'],
  'V1/A3: a company administrator sees every account of the tenant and none of another'
);

select tests.act_as('plain@a.test');
select is_empty('select * from public.accounts', 'V1: without accounts.view a member sees no account');

-- Changes apply on the next statement: a new link, then All Accounts.
select tests.clear_authentication();
insert into public.account_assignees (tenant_id, account_id, org_id, assignee_id)
values (tests.id('a'), tests.id('a2'), tests.id('east'), tests.id('ann'));
select tests.act_as('assigned@a.test');
select results_eq(
  'select name from public.accounts order by name',
  array['A1 Ann', 'A2 Bob', 'A3 Cat+Bob'],
  'V1: an account newly assigned to one of the member''s assignees shows on the next statement'
);
select tests.clear_authentication();
delete from public.account_assignees where account_id = tests.id('a2') and assignee_id = tests.id('ann');
select rbac_private.apply_member_visibility(tests.id('asg'), 'all', null);
select tests.act_as('assigned@a.test');
select results_eq(
  'select name from public.accounts order by name',
  array['A1 Ann', 'A2 Bob', 'A3 Cat+Bob', 'A6 unassigned'],
  'V1: switching a member to All Accounts shows their whole org on the next statement'
);
select tests.clear_authentication();
select rbac_private.apply_member_visibility(tests.id('asg'), 'assigned', null);

-- ---------------------------------------------------------------------------
-- Writing (V2: seeing is not acting)
-- ---------------------------------------------------------------------------
select tests.act_as('assigned@a.test');
select is_empty(
  format('update public.accounts set name = ''hacked'' where id = %L returning id', tests.id('a1')),
  'V2: a member who sees an account but lacks accounts.edit changes nothing'
);
select throws_ok(
  format('insert into public.accounts (tenant_id, org_id, name) values (%L, %L, ''New'')', tests.id('a'), tests.id('east')),
  '42501', null,
  'V2: a member who sees accounts but lacks accounts.create cannot add one'
);

select tests.act_as('editor@a.test');
select isnt_empty(
  format('update public.accounts set name = ''A1 Ann (edited)'' where id = %L returning id', tests.id('a1')),
  'V1/V2: a member with accounts.edit edits an account of their assignee'
);
select is_empty(
  format('update public.accounts set name = ''hacked'' where id = %L returning id', tests.id('a2')),
  'V1: an editor cannot edit an account outside their book by id'
);
select throws_ok(
  format('update public.accounts set org_id = %L where id = %L', tests.id('west'), tests.id('a1')),
  '42501', null,
  'A3: an editor cannot move an account to an org outside their scope'
);
select throws_ok(
  format('insert into public.accounts (tenant_id, org_id, name) values (%L, %L, ''Sneaky'')', tests.id('a'), tests.id('west')),
  '42501', null,
  'A3: an editor cannot add an account in an org outside their scope'
);
select throws_ok(
  format('insert into public.accounts (tenant_id, org_id, name) values (%L, %L, ''Sneaky'')', tests.id('b'), tests.id('b')),
  '42501', null,
  'T3: an editor cannot add an account in another tenant'
);
select lives_ok(
  format('insert into public.accounts (tenant_id, org_id, name) values (%L, %L, ''A7 New'')', tests.id('a'), tests.id('east')),
  'V2: a member with accounts.create adds an account in their org'
);
select throws_ok(
  format('update public.accounts set assignee_ids = array[%L::uuid] where id = %L', tests.id('bob'), tests.id('a1')),
  '42501', null,
  'V1: a member cannot write an account''s assignee list (it follows the assignee links)'
);
select throws_ok(
  format('insert into public.accounts (tenant_id, org_id, name, assignee_ids) values (%L, %L, ''Mine'', array[%L::uuid])',
         tests.id('a'), tests.id('east'), tests.id('bob')),
  '42501', null,
  'V1: a member cannot create an account already assigned to a book of their choice'
);
select throws_ok(
  format('update public.accounts set tenant_id = %L where id = %L', tests.id('b'), tests.id('a1')),
  '42501', null,
  'T3: a member cannot move an account to another tenant'
);
-- An update that reads no column skips the select policy; the edit policy still limits it.
update public.accounts set status = 'inactive';
select tests.clear_authentication();
select results_eq(
  'select name from public.accounts where status = ''inactive'' order by name',
  array['A1 Ann (edited)'],
  'V1: an update without a where clause changes only the rows the member may see and edit'
);

-- ---------------------------------------------------------------------------
-- U6: a deactivated member reads nothing, on the next statement.
-- ---------------------------------------------------------------------------
update rbac.members set status = 'deactivated' where id = tests.id('allm');
select tests.act_as('all@a.test');
select is_empty('select * from public.accounts', 'U6: a deactivated member sees no account');

select tests.clear_authentication();
select is(
  (select count(*)::integer from public.accounts where tenant_id = tests.id('a')),
  7,
  'V1: the superuser still sees every account (the policies bind members only)'
);

select * from finish();
rollback;
