-- R1–R5: system roles and starter templates, the hidden Super Administrator,
-- custom roles with names unique among the active roles of one org, edits
-- that reach holders on their next statement, disable/restore, approval by a
-- second person, and an audit row for every change with an intact chain.
begin;
\ir ../helpers/test_helpers.sql
select plan(69);

-- -----------------------------------------------------------------------------
-- Setup
-- -----------------------------------------------------------------------------

select tests.remember('tenant', tests.new_tenant('Roles Co', 'admin@roles.test'));
select tests.remember('admin', tests.member_id(tests.id('tenant'), 'admin@roles.test'));

-- -----------------------------------------------------------------------------
-- R1: system roles, no starter roles until asked for
-- -----------------------------------------------------------------------------

select results_eq(
  $$ select name, system_key, grants_all, hidden from rbac.roles where tenant_id = tests.id('tenant') order by name $$,
  $$ values ('Administrator'::text, 'administrator'::text, true, false), ('User', 'user', false, false) $$,
  'R1: a new tenant has exactly the Administrator (everything) and User system roles');
select is_empty(
  $$ select 1 from rbac.role_permissions rp join rbac.roles r on r.id = rp.role_id
      where r.tenant_id = tests.id('tenant') and r.system_key = 'user' $$,
  'R1: the User role starts with no permissions (basic access only)');
select is((select array_agg(r.system_key) from rbac.member_roles mr join rbac.roles r on r.id = mr.role_id
            where mr.member_id = tests.id('admin')),
          array['administrator'], 'R1/U3: the first member holds the Administrator role');

insert into rbac.role_templates (tenant_id, key, name, description, permissions)
values (tests.id('tenant'), 'read_only', 'Read Only', 'Sees users and roles', '["users.view", "roles.view"]');
select is((select count(*)::int from rbac.roles where tenant_id = tests.id('tenant')), 2,
          'R1: offering a starter template creates no role');

select tests.authenticate_as('admin@roles.test');
select tests.remember('read_only', public.create_role_from_template(tests.id('tenant'), 'read_only'));
select results_eq(
  $$ select r.name, r.description, r.template_key, array(select p.key from rbac.role_permissions rp join rbac.permissions p on p.id = rp.permission_id
                                                          where rp.role_id = r.id order by p.key)
       from rbac.roles r where r.id = tests.id('read_only') $$,
  $$ values ('Read Only'::text, 'Sees users and roles'::text, 'read_only'::text, array['roles.view', 'users.view']) $$,
  'R1: create_role_from_template makes the starter role on demand, with the template''s permissions');
select throws_ok($$ select public.create_role_from_template(tests.id('tenant'), 'producer') $$, 'RB004', null,
                 'R1: an unknown template is refused');
select throws_ok($$ select public.create_role_from_template(tests.id('tenant'), 'read_only') $$, 'RB006', null,
                 'R1/R2: instantiating a template twice under the same name is refused');
select lives_ok($$ select public.create_role_from_template(tests.id('tenant'), 'read_only', 'Read Only (auditors)') $$,
                'R1: a template can be instantiated again under another name');
select tests.clear_authentication();

-- -----------------------------------------------------------------------------
-- R1: the Super Administrator row is hidden from plain Administrators
-- -----------------------------------------------------------------------------

insert into rbac.roles (tenant_id, org_id, name, description, system_key, grants_all, hidden)
values (tests.id('tenant'), tests.id('tenant'), 'Super Administrator', 'The vendor''s own staff', 'super_administrator', true, true);
select tests.remember('super_role', (select id from rbac.roles where tenant_id = tests.id('tenant') and system_key = 'super_administrator'));
select tests.add_member(tests.id('tenant'), 'super@roles.test', 'company_admin', null, array[tests.id('super_role')]);
select tests.remember('deputy', tests.add_member(tests.id('tenant'), 'deputy@roles.test', 'power_user', null, '{}'));
select tests.remember('super', tests.member_id(tests.id('tenant'), 'super@roles.test'));
select tests.remember('admin2', tests.add_member(tests.id('tenant'), 'admin2@roles.test', 'company_admin', null,
                                                 array[tests.role_id(tests.id('tenant'), 'Administrator')]));

select tests.authenticate_as('admin@roles.test');
select is_empty($$ select 1 from rbac.roles where id = tests.id('super_role') $$,
                'R1: a plain Administrator does not see the Super Administrator row in rbac.roles');
select is_empty($$ select 1 from public.list_roles(tests.id('tenant')) where system_key = 'super_administrator' $$,
                'R1: a plain Administrator does not see the Super Administrator in list_roles');
select is_empty($$ select 1 from rbac.role_permissions where role_id = tests.id('super_role') $$,
                'R1: nor anything hanging off the hidden role');
select throws_ok($$ select * from public.role_matrix(tests.id('super_role')) $$, 'RB004', null,
                 'R1: a plain Administrator who knows its id still cannot open the hidden role');
select throws_ok($$ select public.update_role(tests.id('super_role'), 'Renamed') $$, 'RB004', null,
                 'R1: a plain Administrator cannot edit the hidden role');
select throws_ok($$ select public.disable_role(tests.id('super_role')) $$, 'RB004', null,
                 'R1: a plain Administrator cannot disable the hidden role');
select is_empty($$ select 1 from rbac.member_roles where role_id = tests.id('super_role') $$,
                'R1: a plain Administrator does not learn the hidden role''s id from the Super Administrator''s assignments');
select throws_ok($$ select public.assign_role(tests.id('deputy'), tests.id('super_role')) $$, 'RB004', null,
                 'R1: a plain Administrator cannot give the hidden Super Administrator role to anyone');
select throws_ok($$ select public.unassign_role(tests.id('super'), tests.id('super_role')) $$, 'RB010', null,
                 'R1/S4: a plain Administrator cannot take the hidden role away from its holder (who is above them)');
select is_empty($$ select 1 from public.assignable_roles(tests.id('tenant')) where id = tests.id('super_role') $$,
                'R1: the hidden role is not offered to a plain Administrator as assignable');
select tests.clear_authentication();

select tests.authenticate_as('super@roles.test');
select isnt_empty($$ select 1 from rbac.roles where id = tests.id('super_role') $$,
                  'R1: the Super Administrator sees their own role row');
select isnt_empty($$ select 1 from public.list_roles(tests.id('tenant')) where system_key = 'super_administrator' $$,
                  'R1: the Super Administrator sees it in list_roles');
select is((select count(*)::int from public.list_roles(tests.id('tenant'))), 5,
          'R1: the Super Administrator sees every role of the tenant');
select isnt_empty($$ select 1 from public.assignable_roles(tests.id('tenant')) where id = tests.id('super_role') $$,
                  'R1: the Super Administrator is offered the hidden role as assignable');
select lives_ok($$ select public.assign_role(tests.id('deputy'), tests.id('super_role')) $$,
                'R1: the Super Administrator can give the hidden role to a deputy');
select isnt_empty($$ select 1 from rbac.member_roles where role_id = tests.id('super_role') and member_id = tests.id('deputy') $$,
                  'R1: the Super Administrator sees who holds the hidden role');
select tests.clear_authentication();
select tests.authenticate_as('admin@roles.test');
select is((select count(*)::int from public.list_roles(tests.id('tenant'))), 4,
          'R1: the plain Administrator still sees every role but the hidden one');
select tests.clear_authentication();

-- -----------------------------------------------------------------------------
-- R2: custom roles, names unique (case-insensitive) among active roles of one org
-- -----------------------------------------------------------------------------

select tests.authenticate_as('admin@roles.test');
select tests.remember('branch', public.create_org(tests.id('tenant'), 'Branch'));
select tests.remember('sales', public.create_role(tests.id('tenant'), 'Sales Rep', 'Field sales', '["users.view"]'));
select tests.clear_authentication();
select tests.add_member(tests.id('tenant'), 'holder@roles.test', 'power_user', null, array[tests.id('sales')]);
select tests.add_member(tests.id('tenant'), 'plain@roles.test', 'power_user', null,
                        array[tests.role_id(tests.id('tenant'), 'User')]);

select tests.authenticate_as('admin@roles.test');
select throws_ok($$ select public.create_role(tests.id('tenant'), 'sales rep') $$, 'RB006', null,
                 'R2: a role name is unique case-insensitively among the active roles of an org');
select throws_ok($$ select public.create_role(tests.id('tenant'), '  SALES REP  ') $$, 'RB006', null,
                 'R2: surrounding spaces do not make a name different');
select lives_ok($$ select public.create_role(tests.id('branch'), 'Sales Rep') $$,
                'R2: the same name is allowed at another org');
select throws_ok($$ select public.create_role(tests.id('tenant'), '') $$, 'RB005', null, 'R2: an empty role name is refused');
select throws_ok($$ select public.create_role(tests.id('tenant'), '    ') $$, 'RB005', null, 'R2: a blank role name is refused');
select throws_ok($$ select public.create_role(tests.id('tenant'), null) $$, 'RB005', null, 'R2: a missing role name is refused');
select throws_ok($$ select public.create_role(tests.id('tenant'), repeat('x', 101)) $$, 'RB005', null,
                 'R2: a role name over 100 characters is refused');
select lives_ok($$ select public.create_role(tests.id('tenant'), repeat('y', 100)) $$, 'R2: a 100-character role name is accepted');
select throws_ok($$ select public.create_role(tests.id('tenant'), 'Long', repeat('d', 2001)) $$, 'RB005', null,
                 'R2: a description over 2000 characters is refused');
select throws_ok($$ select public.create_role(tests.id('tenant'), 'Ghost', '', '["users.view", "nope.view"]') $$, 'RB005', null,
                 'R2: an unknown permission key is refused');
select is_empty($$ select 1 from rbac.roles where tenant_id = tests.id('tenant') and name in ('Ghost', 'Long') $$,
                'R2: a refused create leaves no role behind (one transaction)');
select tests.clear_authentication();

select tests.authenticate_as('plain@roles.test');
select throws_ok($$ select public.create_role(tests.id('tenant'), 'Self Made', '', '["users.view"]') $$, 'RB003', null,
                 'R2: a member without roles.create cannot create roles');
select tests.clear_authentication();

-- -----------------------------------------------------------------------------
-- R4: an edit reaches the holder on their very next statement
-- -----------------------------------------------------------------------------

select tests.authenticate_as('holder@roles.test');
select ok(public.has_permission('users.view', tests.id('tenant')) and not public.has_permission('roles.view', tests.id('tenant')),
          'R4: (before) the holder has users.view and not roles.view');
select tests.clear_authentication();
select tests.authenticate_as('admin@roles.test');
select lives_ok($$ select public.update_role(tests.id('sales'), p_permissions => '["users.view", "roles.view"]') $$,
                'R4: an administrator adds roles.view to the role');
select tests.clear_authentication();
select tests.authenticate_as('holder@roles.test');
select ok(public.has_permission('roles.view', tests.id('tenant')),
          'R4: (after) the holder has roles.view on the next statement, same session, no re-login');
select tests.clear_authentication();
select tests.authenticate_as('admin@roles.test');
select lives_ok($$ select public.update_role(tests.id('sales'), p_permissions => '["roles.view"]') $$,
                'R4: an administrator removes users.view from the role');
select tests.clear_authentication();
select tests.authenticate_as('holder@roles.test');
select ok(not public.has_permission('users.view', tests.id('tenant')), 'R4: a removed permission is gone on the next statement');
select tests.clear_authentication();

select tests.authenticate_as('admin@roles.test');
select throws_ok($$ select public.update_role(tests.id('sales'), 'Read Only') $$, 'RB006', null,
                 'R2: renaming onto another active role''s name at the same org is refused');
select throws_ok($$ select public.update_role(tests.role_id(tests.id('tenant'), 'Administrator'), p_permissions => '["users.view"]') $$,
                 'RB007', null, 'R1: the Administrator role''s permissions cannot be changed');
select throws_ok($$ select public.update_role(tests.id('sales'), p_permissions => '["nope.view"]') $$, 'RB005', null,
                 'R2: an edit with an unknown permission key is refused');

-- -----------------------------------------------------------------------------
-- R5: disable (soft delete) and restore
-- -----------------------------------------------------------------------------

select throws_ok($$ select public.disable_role(tests.role_id(tests.id('tenant'), 'Administrator')) $$, 'RB007', null,
                 'R5: the Administrator system role cannot be disabled');
select throws_ok($$ select public.disable_role(tests.role_id(tests.id('tenant'), 'User')) $$, 'RB007', null,
                 'R5: the User system role cannot be disabled');
select lives_ok($$ select public.disable_role(tests.id('sales'), 'Replaced by Field Sales') $$, 'R5: a custom role is disabled');
select tests.clear_authentication();

select tests.authenticate_as('holder@roles.test');
select ok(not public.has_permission('roles.view', tests.id('tenant')), 'R5: holders lose a disabled role''s rights at once');
select tests.clear_authentication();
select isnt_empty($$ select 1 from rbac.member_roles where role_id = tests.id('sales') $$,
                  'R5: disabling keeps the assignments, so restoring gives the rights back');

select tests.authenticate_as('admin@roles.test');
select is_empty($$ select 1 from public.list_roles(tests.id('tenant')) where id = tests.id('sales') $$,
                'R5: a disabled role leaves the default roles list');
select isnt_empty($$ select 1 from public.list_roles(tests.id('tenant'), p_include_disabled => true) where id = tests.id('sales') and disabled_at is not null $$,
                  'R5: include_disabled shows it, marked disabled');
select throws_ok($$ select public.disable_role(tests.id('sales')) $$, 'RB017', null, 'R5: a disabled role cannot be disabled again');
select throws_ok($$ select public.update_role(tests.id('sales'), p_description => 'edited') $$, 'RB017', null,
                 'R5: a disabled role cannot be edited');
select throws_ok($$ select public.assign_role(tests.member_id(tests.id('tenant'), 'plain@roles.test'), tests.id('sales')) $$, 'RB017', null,
                 'R5: a disabled role cannot be assigned');
select tests.remember('sales_new', public.create_role(tests.id('tenant'), 'SALES REP', 'The new one'));
select is((select name from rbac.roles where id = tests.id('sales_new')), 'SALES REP',
          'R2: once the old role is disabled its name is free at that org');
select throws_ok($$ select public.restore_role(tests.id('sales')) $$, 'RB006', null,
                 'R5: restoring is refused while another active role has its name at that org');
select lives_ok($$ select public.update_role(tests.id('sales_new'), 'Sales Rep 2') $$, 'R5: the new role is renamed out of the way');
select lives_ok($$ select public.restore_role(tests.id('sales'), 'Back in use') $$, 'R5: the disabled role is restored');
select throws_ok($$ select public.restore_role(tests.id('sales')) $$, 'RB005', null, 'R5: an active role cannot be restored');
select tests.clear_authentication();

select tests.authenticate_as('holder@roles.test');
select ok(public.has_permission('roles.view', tests.id('tenant')), 'R5: restoring brings the holders'' rights back at once');
select tests.clear_authentication();

-- -----------------------------------------------------------------------------
-- Approval by a second person
-- -----------------------------------------------------------------------------

select tests.authenticate_as('admin@roles.test');
select throws_ok($$ select public.approve_role(tests.id('sales')) $$, 'RB012', null, 'R2: the creator of a role cannot approve it');
select tests.clear_authentication();
select tests.authenticate_as('admin2@roles.test');
select lives_ok($$ select public.approve_role(tests.id('sales')) $$, 'R2: another administrator approves the role');
select tests.clear_authentication();
select is((select approved_by from rbac.roles where id = tests.id('sales') and approved_at is not null), tests.id('admin2'),
          'R2: the approval records who approved and when');

-- -----------------------------------------------------------------------------
-- L1: every change above was audited, refusals were not, the chain holds
-- -----------------------------------------------------------------------------

select results_eq(
  $$ select action, count(*)::int from rbac.audit_log
      where tenant_id = tests.id('tenant') and target_id = tests.id('sales')::text group by action order by action $$,
  $$ values ('role.approve'::text, 1), ('role.create', 1), ('role.disable', 1), ('role.restore', 1), ('role.update', 2) $$,
  'R5/L1: the role''s create, two edits, disable, restore and approval each wrote exactly one audit row');
select results_eq(
  $$ select before -> 'permissions', after -> 'permissions' from rbac.audit_log
      where tenant_id = tests.id('tenant') and target_id = tests.id('sales')::text and action = 'role.update' order by seq $$,
  $$ values ('["users.view"]'::jsonb, '["roles.view", "users.view"]'::jsonb), ('["roles.view", "users.view"]', '["roles.view"]') $$,
  'R4/L1: each edit''s audit row holds the permissions before and after');
select is((select reason from rbac.audit_log where tenant_id = tests.id('tenant') and target_id = tests.id('sales')::text and action = 'role.disable'),
          'Replaced by Field Sales', 'R5/L1: the disable reason is in the audit row');
select is((select count(*)::int from rbac.audit_log where tenant_id = tests.id('tenant') and action = 'role.create'),
          6, 'R1/L1: each created role (template roles included) wrote one audit row; refused creates wrote none');
select is_empty($$ select * from rbac_private.audit_chain_break(tests.id('tenant')) $$,
                'L1: the tenant''s audit chain verifies after all these changes');

select * from finish();
rollback;
