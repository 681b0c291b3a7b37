-- U5 edit, U6 deactivate (with reassignment of open work) and reactivate,
-- U7 delete; A5 through all of them.
begin;
\ir ../helpers/test_helpers.sql
select plan(29);

select tests.remember('t', tests.new_tenant('Acme', 'admin@acme.test'));
select tests.authenticate_as('admin@acme.test');
select tests.remember('west', public.create_org(tests.id('t'), 'West'));
select tests.remember('east', public.create_org(tests.id('t'), 'East'));
select tests.remember('viewer', public.create_role(tests.id('t'), 'Viewer', '', '["users.view"]'::jsonb));
select tests.remember('west_admin_role', public.create_role(tests.id('t'), 'West Admin', '',
  '["users.view", "users.edit", "users.deactivate", "users.delete", "users.assign_roles", "roles.view"]'::jsonb));
select tests.clear_authentication();
select tests.remember('wes', tests.add_member(tests.id('t'), 'wes@acme.test', 'administrator', tests.id('west'), array[tests.id('west_admin_role')]));
select tests.remember('bob', tests.add_member(tests.id('t'), 'bob@acme.test', 'power_user', tests.id('west'), array[tests.id('viewer')]));
select tests.remember('eve', tests.add_member(tests.id('t'), 'eve@acme.test', 'power_user', tests.id('east'), array[tests.id('viewer')]));
select tests.remember('carl', tests.add_member(tests.id('t'), 'carl@acme.test', 'power_user', tests.id('west')));

-- A table of assignable work, as a vendor would register it (U6).
create table public.test_tasks (id serial primary key, assignee uuid, status text not null default 'open');
select rbac_private.register_work_items('public.test_tasks', 'assignee', 'Tasks', 'status', array['open']);
insert into public.test_tasks (assignee, status) values
  (tests.id('bob'), 'open'), (tests.id('bob'), 'open'), (tests.id('bob'), 'closed'), (tests.id('eve'), 'open');

-- ---------------------------------------------------------------- U5 edit
select tests.authenticate_as('wes@acme.test');
select lives_ok(format($$ select public.update_member(%L, p_visibility => 'assigned', p_display_name => 'Robert') $$, tests.id('bob')),
  'U5: an administrator edits a member of their subtree');
select throws_ok(format($$ select public.update_member(%L, p_display_name => 'Evelyn') $$, tests.id('eve')),
  'RB011', null, 'A4/U5: but not a member outside it');
select throws_ok(format($$ select public.update_member(%L, p_user_type => 'company_admin') $$, tests.id('bob')),
  'RB035', null, 'A3/U5: nor make someone a company administrator, wider than themselves');
select throws_ok(format($$ select public.update_member(%L, p_home_org_id => %L) $$, tests.id('bob'), tests.id('east')),
  'RB011', null, 'A3/U5: nor move them to an org outside their scope');
select throws_ok(format($$ select public.update_member(%L, p_display_name => 'Me') $$, tests.id('wes')),
  'RB012', null, 'A4/U5: nor edit themselves');
select tests.clear_authentication();
select is((select display_name || '/' || visibility from rbac.members where id = tests.id('bob')), 'Robert/assigned',
  'U5: the edit is saved');

-- Company ceiling: moving a member out from under a cap must not give them rights the editor lacks.
select tests.authenticate_as('admin@acme.test');
select public.update_member(tests.id('carl'), p_accessible_org_ids => array[tests.id('east')]);
select tests.clear_authentication();
select is((select count(*)::int from rbac.member_orgs where member_id = tests.id('carl')), 1, 'T2/U5: accessible orgs are saved');

-- ---------------------------------------------------------------- U6 deactivate
select tests.authenticate_as('wes@acme.test');
select is((select open_items from public.member_open_work(tests.id('bob'))), 2::bigint, 'U6: open items are counted per registered table');
select throws_ok(format($$ select public.deactivate_member(%L) $$, tests.id('bob')),
  'RB040', null, 'U6: a member with open items cannot be deactivated without a reassignment');
select throws_ok(format($$ select public.deactivate_member(%L, %L) $$, tests.id('bob'), tests.id('bob')),
  'RB042', null, 'U6: open items cannot be reassigned to the member being deactivated');
select throws_ok(format($$ select public.deactivate_member(%L, %L) $$, tests.id('bob'), tests.id('eve')),
  'RB042', 'Open items can only be reassigned to another active member inside the part of the organization you administer.',
  'U6/A3: nor to a member outside the administrator''s scope (Eve is in East; Wes administers West), with the same answer as for a member who does not exist');
select is(public.deactivate_member(tests.id('bob'), tests.id('carl'), 'left the team'), 2::bigint,
  'U6: with a reassignment the member is deactivated and their open items move in the same call');
select tests.clear_authentication();
select is((select count(*)::int from public.test_tasks where assignee = tests.id('carl') and status = 'open'), 2,
  'U6: the open items now belong to the chosen member');
select is((select count(*)::int from public.test_tasks where assignee = tests.id('bob') and status = 'closed'), 1,
  'U6: closed items stay with their author (history)');

select tests.authenticate_as('bob@acme.test');
select is(public.has_permission('users.view', tests.id('t')), false, 'U6: a deactivated member loses access on the next statement');
select is_empty($$ select 1 from rbac.members $$, 'U6: and sees nothing');
select throws_ok($$ select * from public.list_roles(public.current_tenant_id()) $$, 'RB002', null,
  'U6: and every function refuses them');
select tests.clear_authentication();

select is((select actor_name from rbac.audit_log where actor_member_id = tests.id('wes') and action = 'member.deactivate'), 'wes',
  'U6: history keeps who deactivated whom');

-- ---------------------------------------------------------------- reactivate
select tests.authenticate_as('wes@acme.test');
select public.reactivate_member(tests.id('bob'));
select tests.clear_authentication();
select tests.authenticate_as('bob@acme.test');
select is(public.has_permission('users.view', tests.id('t')), true, 'U6: reactivation restores access with the same roles');
select tests.clear_authentication();

-- ---------------------------------------------------------------- U7 delete
select tests.authenticate_as('wes@acme.test');
select throws_ok(format($$ select public.delete_member(%L) $$, tests.id('bob')),
  'RB041', null, 'U7: an active member cannot be deleted');
select public.deactivate_member(tests.id('bob'), tests.id('carl'));
select public.delete_member(tests.id('bob'), 'never coming back');
select throws_ok(format($$ select public.reactivate_member(%L) $$, tests.id('bob')),
  'RB042', null, 'U7: deletion is final: a deleted member cannot be reactivated');
select tests.clear_authentication();
select is((select status || '/' || display_name || '/' || coalesce(email, '-') || '/' || coalesce(user_id::text, '-')
             from rbac.members where id = tests.id('bob')), 'deleted/Robert/-/-',
  'U7: personal fields are scrubbed, the display name that history shows stays');
select is((select count(*)::int from auth.users where email = 'bob@acme.test'), 0, 'U7: the login is removed');
select is((select count(*)::int from rbac.member_roles where member_id = tests.id('bob')), 0, 'U7: the roles are gone');
select ok((select count(*) > 0 from rbac.audit_log where target_id = tests.id('bob')::text), 'U7: the member''s history stays in the audit log');

-- ---------------------------------------------------------------- A5 through the lifecycle
select tests.authenticate_as('admin@acme.test');
select throws_ok(format($$ select public.deactivate_member(%L) $$, tests.member_id(tests.id('t'), 'admin@acme.test')),
  'RB012', null, 'A5: the administrator cannot deactivate themselves');
select tests.clear_authentication();
-- A second administrator cannot deactivate the only other one if that leaves nobody… it leaves them, so it works;
-- but the last one standing is protected.
select tests.add_member(tests.id('t'), 'admin2@acme.test', 'company_admin', null,
  array(select id from rbac.roles where tenant_id = tests.id('t') and system_key = 'administrator'));
select tests.authenticate_as('admin2@acme.test');
select lives_ok(format($$ select public.deactivate_member(%L) $$, tests.member_id(tests.id('t'), 'admin@acme.test')),
  'A5: with two administrators, one may deactivate the other');
select tests.clear_authentication();
update rbac.members set user_type = 'power_user' where id = tests.member_id(tests.id('t'), 'admin2@acme.test');
select throws_ok($$ select rbac_private.assert_tenant_keeps_admin(tests.id('t')) $$, 'RB015', null,
  'A5: the guard itself reports a tenant left without a full administrator');
select tests.authenticate_as('wes@acme.test');
select throws_ok(format($$ select public.update_member(%L, p_user_type => 'administrator') $$, tests.member_id(tests.id('t'), 'carl@acme.test')),
  'RB015', null, 'A5: any change while no administrator remains is refused until one is restored');
select tests.clear_authentication();

select * from finish();
rollback;
