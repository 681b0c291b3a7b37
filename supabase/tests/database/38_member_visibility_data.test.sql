-- V1, V6, U1/U5, A4, L1, T3: a member's AMS assignees and territories, set
-- through the API (member edit, invitation acceptance, territory list),
-- checked, audited, and readable only inside the tenant.
begin;
\ir ../helpers/test_helpers.sql
\ir ../helpers/visibility_helpers.sql
select plan(28);

-- ---------------------------------------------------------------------------
-- Setup (superuser)
-- ---------------------------------------------------------------------------
select tests.remember('a', tests.new_tenant('Agency A', 'owner@a.test'));
select rbac_private.define_demo_catalog(tests.id('a'));
select tests.remember('east', tests.make_org(tests.id('a'), tests.id('a'), 'East'));
select tests.remember('west', tests.make_org(tests.id('a'), tests.id('a'), 'West'));
select tests.remember('editor_role', tests.make_role(tests.id('a'), 'Member editor', array['users.view', 'users.edit', 'territories.assign']));
select tests.remember('prod', tests.add_member(tests.id('a'), 'prod@a.test', 'power_user', tests.id('east')));
select tests.remember('west_m', tests.add_member(tests.id('a'), 'west@a.test', 'power_user', tests.id('west')));
select tests.remember('branch_admin', tests.add_member(tests.id('a'), 'branch@a.test', 'administrator', tests.id('east'),
                                                       array[tests.id('editor_role')]));
select tests.add_member(tests.id('a'), 'plain@a.test', 'power_user', tests.id('east'));

select tests.remember('b', tests.new_tenant('Agency B', 'owner@b.test'));
select tests.remember('b_ann', tests.make_assignee(tests.id('b'), 'Ann at B'));
insert into rbac.territories (tenant_id, name) values (tests.id('b'), 'B North');
select tests.remember('b_north', (select id from rbac.territories where tenant_id = tests.id('b')));

-- ---------------------------------------------------------------------------
-- AMS assignees
-- ---------------------------------------------------------------------------
select tests.act_as('owner@a.test');
select tests.remember('ann', public.create_assignee(tests.id('a'), 'Ann (producer)', 'AMS-001'));
select tests.remember('cat', public.create_assignee(tests.id('a'), 'Cat (CSR)', 'AMS-002', tests.id('prod')));
select is((select count(*)::integer from rbac.assignees where tenant_id = tests.id('a')), 2,
  'V1: a company administrator adds AMS assignees, one of them a member''s own book');
select throws_ok(format('select public.create_assignee(%L, ''Ann again'', ''AMS-001'')', tests.id('a')), 'RB006', null,
  'V1: an AMS key is unique in the tenant');
select throws_ok(format('select public.create_assignee(%L, ''   '')', tests.id('a')), 'RB005', null,
  'V1: an assignee needs a name');

select lives_ok(
  format('select public.update_member(%L, p_visibility => ''assigned'', p_assignee_ids => array[%L, %L]::uuid[])',
         tests.id('prod'), tests.id('ann'), tests.id('cat')),
  'U5/V1: editing a member sets Assigned Accounts Only with two assignees');
select results_eq(
  format('select assignee_id from rbac.member_assignees where member_id = %L order by assignee_id', tests.id('prod')),
  format('select unnest(array[%L, %L]::uuid[]) order by 1', tests.id('ann'), tests.id('cat')),
  'V1: the member works for both assignees (the union of their books)');
select is((select visibility from rbac.members where id = tests.id('prod')), 'assigned'::rbac.visibility,
  'V1: and their visibility is Assigned Accounts Only');
select isnt_empty(
  format($$ select 1 from rbac.audit_log where action = 'member.set_assignees' and target_id = %L
            and actor_member_id = tests.member_id(%L, 'owner@a.test') $$, tests.id('prod'), tests.id('a')),
  'L1: the change of assignees is in the audit log');
select throws_ok(
  format('select public.update_member(%L, p_assignee_ids => array[%L]::uuid[])', tests.id('prod'), tests.id('b_ann')),
  'RB004', null,
  'T3: an assignee of another tenant cannot be given');
select results_eq(
  format('select count(*)::integer from rbac.member_assignees where member_id = %L', tests.id('prod')),
  array[2],
  'T3: …and the refused edit changed nothing');
select lives_ok(
  format('select public.update_member(%L, p_assignee_ids => array[%L]::uuid[])', tests.id('prod'), tests.id('ann')),
  'U5: the list can be narrowed to one assignee');
select results_eq(
  format('select assignee_id from rbac.member_assignees where member_id = %L', tests.id('prod')),
  format('select %L::uuid', tests.id('ann')),
  'U5: the list is replaced, not added to');

select tests.act_as('plain@a.test');
select throws_ok(format('select public.create_assignee(%L, ''Mine'')', tests.id('a')), 'RB003', null,
  'A4: adding assignees needs users.edit');
select tests.act_as('branch@a.test');
select throws_ok(format('select public.create_assignee(%L, ''Branch book'')', tests.id('a')), 'RB011', null,
  'A3: adding assignees is for a company administrator (the whole tenant), not a branch administrator');
select throws_ok(format('select public.rename_assignee(%L, ''Ann P.'')', tests.id('ann')), 'RB011', null,
  'A3: nor renaming one');
select tests.act_as('owner@a.test');
select lives_ok(format('select public.rename_assignee(%L, ''Ann Producer'')', tests.id('ann')),
  'V1: a company administrator renames an AMS assignee (the books go by id)');
select is((select name from rbac.assignees where id = tests.id('ann')), 'Ann Producer', 'V1: the new name is saved');

-- ---------------------------------------------------------------------------
-- Territories (V6)
-- ---------------------------------------------------------------------------
select tests.act_as('owner@a.test');
select tests.remember('north', public.create_territory(tests.id('a'), 'North'));
select tests.remember('south', public.create_territory(tests.id('a'), 'South'));
select throws_ok(format('select public.create_territory(%L, ''north'')', tests.id('a')), 'RB006', null,
  'V6: territory names are unique in a tenant, case-insensitively');
select throws_ok(format('select public.rename_territory(%L, ''NORTH'')', tests.id('south')), 'RB006', null,
  'V6: also when renaming');
select lives_ok(format('select public.rename_territory(%L, ''South Coast'')', tests.id('south')),
  'V6: a territory is renamed');
select lives_ok(format('select public.set_member_territories(%L, array[%L, %L]::uuid[])', tests.id('prod'), tests.id('north'), tests.id('south')),
  'V6: an administrator gives a member their territories');
select throws_ok(format('select public.set_member_territories(%L, array[%L]::uuid[])', tests.id('prod'), tests.id('b_north')),
  'RB004', null, 'T3: a territory of another tenant cannot be given');
select throws_ok(format('select public.set_member_territories(%L, array[]::uuid[])', tests.id('a')),
  'RB004', null, 'V6: territories go to members of the tenant only');

select tests.clear_authentication();
select tests.remember('users_only', tests.make_role(tests.id('a'), 'Users only', array['users.view', 'users.edit']));
select tests.add_member(tests.id('a'), 'ed2@a.test', 'company_admin', null, array[tests.id('users_only')]);
select tests.act_as('ed2@a.test');
select throws_ok(format('select public.set_member_territories(%L, array[%L]::uuid[])', tests.id('prod'), tests.id('north')),
  'RB003', null, 'V6: editing users is not enough to give territories: that is territories.assign (S5: the PARENT_ORG_ADMIN assigns)');

select tests.act_as('branch@a.test');
select throws_ok(format('select public.set_member_territories(%L, array[%L]::uuid[])', tests.id('west_m'), tests.id('north')),
  'RB011', null, 'A4: a branch administrator cannot set territories of a member outside their branch');
select throws_ok(format('select public.set_member_territories(%L, array[%L]::uuid[])', tests.id('branch_admin'), tests.id('north')),
  'RB012', null, 'A4: nobody sets their own territories');

-- ---------------------------------------------------------------------------
-- Reading (T3) and writing directly (refused)
-- ---------------------------------------------------------------------------
select tests.act_as('owner@b.test');
select is_empty(format('select * from rbac.assignees where tenant_id = %L', tests.id('a')),
  'T3: another tenant''s assignees are hidden');
select is_empty(format('select * from rbac.member_territories where tenant_id = %L', tests.id('a')),
  'T3: another tenant''s territory assignments are hidden');
select throws_ok(format('insert into rbac.member_assignees (tenant_id, member_id, assignee_id) values (%L, %L, %L)',
                        tests.id('a'), tests.id('prod'), tests.id('ann')),
  '42501', null, 'V1: nobody writes assignee links directly (only through the checked functions)');

select * from finish();
rollback;
