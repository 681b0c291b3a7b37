-- S4 acceptance (seed 003, "Roles"): replays the document step by step on the
-- roles_app preset, as its Super Administrator, Administrator, organization
-- administrators and users would, and tries the abuses it implies. Where the
-- document settles for less (log out and back in after a change, a deleted
-- role that keeps working until logout), the description says what we do.
begin;
\ir ../helpers/test_helpers.sql
\ir ../helpers/visibility_helpers.sql
select plan(141);

select tests.remember('t', public.load_preset('roles_app', 'Frostline Equipment'));
select tests.remember('polar', (select id from rbac.orgs where tenant_id = tests.id('t') and name = 'Polar Distribution'));
select tests.remember('coastal', (select id from rbac.orgs where tenant_id = tests.id('t') and name = 'Coastal Dairy'));
select tests.remember('summit', (select id from rbac.orgs where tenant_id = tests.id('t') and name = 'Summit Foods'));
select tests.remember('super_role', (select id from rbac.roles where tenant_id = tests.id('t') and system_key = 'super_administrator'));
select tests.remember('administrator', tests.role_id(tests.id('t'), 'Administrator'));
select tests.remember('distributor', tests.role_id(tests.id('t'), 'distributor'));
select tests.remember('customer', tests.role_id(tests.id('t'), 'customer'));
select tests.remember('reader', tests.role_id(tests.id('t'), 'reader'));
select tests.remember('auditor', tests.role_id(tests.id('t'), 'auditor'));
select tests.remember('seasonal', (select id from rbac.roles where tenant_id = tests.id('t') and name = 'seasonal'));
select tests.remember('orgadmin_coastal', (select id from rbac.roles where org_id = tests.id('coastal') and name = 'orgadministrator'));
select tests.remember('orgadmin_summit', (select id from rbac.roles where org_id = tests.id('summit') and name = 'orgadministrator'));
select tests.remember('sam', tests.member_id(tests.id('t'), 'sam.super@frostline.demo'));
select tests.remember('ada', tests.member_id(tests.id('t'), 'ada.admin@frostline.demo'));
select tests.remember('olivia', tests.member_id(tests.id('t'), 'olivia.coastal@frostline.demo'));
select tests.remember('cora', tests.member_id(tests.id('t'), 'cora.customer@frostline.demo'));
select tests.remember('rita', tests.member_id(tests.id('t'), 'rita.reader@frostline.demo'));
select tests.remember('alex', tests.member_id(tests.id('t'), 'alex.auditor@frostline.demo'));
select tests.remember('lars', tests.member_id(tests.id('t'), 'lars.seasonal@frostline.demo'));
select tests.remember('leak_check', (select id from public.manuals where tenant_id = tests.id('t') and title = 'Polar: Leak Check Procedure'));

-- ------------------------------------------------------------ "Who Can Access Roles"
select tests.authenticate_as('sam.super@frostline.demo');
select is((select count(*)::int from public.list_roles(tests.id('t'))), 11,
  'S4/R1: the Super Administrator sees all eleven active roles of the account');
select isnt_empty($$ select 1 from public.list_roles(tests.id('t')) where system_key = 'super_administrator' $$,
  'S4/R1: the Super Administrator sees the Super Administrator role itself');
select tests.act_as('ada.admin@frostline.demo');
select is(array(select name from public.list_roles(tests.id('t')) where name not like 'orgadmin%'),
  array['Administrator', 'auditor', 'customer', 'distributor', 'reader', 'template designer', 'User'],
  'S4/R1: the Administrator sees every role except the Super Administrator');
select is((select count(*)::int from public.list_roles(tests.id('t'))), 10, 'S4/R1: ten roles for the Administrator, one fewer');
select is_empty(format('select 1 from rbac.roles where id = %L', tests.id('super_role')),
  'S4/R1: the hidden row is not readable by the Administrator through plain SQL either');
select throws_ok(format('select * from public.role_matrix(%L)', tests.id('super_role')), 'RB004', null,
  'S4/R1: an Administrator who learnt the Super Administrator''s id still cannot open its detail view');
select throws_ok(format('select public.disable_role(%L)', tests.id('super_role')), 'RB004', null,
  'S4/R1: an Administrator cannot delete (disable) the Super Administrator role');
select throws_ok(format('select public.assign_role(%L, %L)', tests.id('alex'), tests.id('super_role')), 'RB004', null,
  'S4/R1: an Administrator cannot hand the Super Administrator role to someone');
select throws_ok(format('select public.set_member_roles(%L, array[%L]::uuid[])', tests.id('sam'), tests.id('administrator')),
  'RB010', null, 'S4/R1: an Administrator cannot demote the Super Administrator by replacing his roles');

-- S4/R1: the Super Administrator's holder is above the Administrator. Each
-- call below went through before the rule (an Administrator could lock the
-- vendor out, or read as him and so see the hidden role).
select throws_ok(format('select public.deactivate_member(%L)', tests.id('sam')), 'RB010',
  'Sam Super holds a role above yours; only a member who holds it can change their access.',
  'S4/R1: an Administrator cannot deactivate the Super Administrator');
select throws_ok(format('select public.delete_member(%L)', tests.id('sam')), 'RB010', null,
  'S4/R1: nor delete him');
select throws_ok(format('select public.update_member(%L, p_visibility => %L)', tests.id('sam'), 'assigned'), 'RB010', null,
  'S4/R1: nor edit his access');
select throws_ok(format('select public.assign_role(%L, %L)', tests.id('sam'), tests.id('reader')), 'RB010', null,
  'S4/R1: nor give him another role');
select throws_ok(format('select public.assign_group_role(public.create_group(%L, %L), %L)', tests.id('t'), 'Back door', tests.id('super_role')),
  'RB004', null, 'S4/R1: an Administrator cannot give the hidden role through a group either');
select tests.act_as('sam.super@frostline.demo');
select tests.remember('vendor_group', public.create_group(tests.id('t'), 'Vendor staff'));
select public.assign_group_role(tests.id('vendor_group'), tests.id('super_role'));
select tests.act_as('ada.admin@frostline.demo');
select throws_ok(format('select public.add_group_member(%L, %L)', tests.id('vendor_group'), tests.id('alex')),
  'RB004', null, 'S4/R1: nor by adding someone to a group that gives it');
select throws_ok(format('select public.add_group_member(%L, %L)', tests.id('vendor_group'), tests.id('ada')),
  'RB012', null, 'S4/R1: nor by adding herself to it');
select throws_ok(format('select public.add_group_member(public.create_group(%L, %L), %L)', tests.id('t'), 'Vendor watchers', tests.id('sam')),
  'RB010', 'Sam Super holds a role above yours; only a member who holds it can change their access.', 'S4/R1: nor put him in a group');
select throws_ok(format('select * from public.start_view_as(%L)', tests.id('sam')), 'RB010', null,
  'S4/R1: nor view the product as him (which would show the hidden role)');
select throws_ok(format('select * from public.create_sql_login(%L)', tests.id('sam')), 'RB010', null,
  'S4/R1/X3: nor create a SQL login that reads as him');
select tests.act_as('sam.super@frostline.demo');
select isnt_empty(format('select * from public.create_sql_login(%L)', tests.id('sam')),
  'S4/X3: the Super Administrator creates his own SQL login');
select tests.act_as('ada.admin@frostline.demo');
select throws_ok(format('select public.revoke_sql_login(%L)', tests.id('sam')), 'RB010', null,
  'S4/R1/X3: the Administrator cannot revoke it');
select tests.act_as('sam.super@frostline.demo');
select lives_ok(format('select public.revoke_sql_login(%L)', tests.id('sam')), 'S4/X3: he revokes it himself');
select tests.act_as('ada.admin@frostline.demo');
select is((select manage_refusal from public.member_detail(tests.id('sam'))),
  'Sam Super holds a role above yours; only a member who holds it can change their access.',
  'S4/R1: the member page is told why, by the same rule');
select is((select manage_refusal from public.member_detail(tests.id('alex'))), null,
  'S4/R1: members without a hidden role stay the Administrator''s to manage');
select results_eq(format($$ select display_name from public.list_members(%L) where above_caller $$, tests.id('t')),
  array['Sam Super'], 'S4/R1: the members list marks the Super Administrator, and only him, as above the Administrator');
select tests.act_as('sam.super@frostline.demo');
select is((select manage_refusal from public.member_detail(tests.id('ada'))), null,
  'S4/R1: the Super Administrator manages the Administrator');
select is_empty(format($$ select 1 from public.list_members(%L) where above_caller $$, tests.id('t')),
  'S4/R1: nobody is above the Super Administrator in his members list');
-- A holder gives the hidden role to Alex, then deactivates him: the entries
-- name the hidden role, and the deactivated holder is still above Ada.
select public.assign_role(tests.id('alex'), tests.id('super_role'));
select public.update_member(tests.id('alex'), p_display_name => 'Alex Auditor (vendor)');
select public.deactivate_member(tests.id('alex'));
select isnt_empty(format($$ select 1 from rbac.audit_log where action = 'member.assign_role' and target_id = %L $$, tests.id('alex')),
  'S4/L1: the holder reads the assignment of the hidden role in the audit log');
select isnt_empty(format($$ select 1 from rbac.audit_log where action = 'member.update' and target_id = %L
                              and after -> 'roles' ? 'Super Administrator' and after -> 'role_ids' ? %L $$,
                         tests.id('alex'), tests.id('super_role')),
  'S4/L1: and the edit, whose snapshot names the hidden role by name and by id');
select tests.act_as('ada.admin@frostline.demo');
select throws_ok(format('select public.reactivate_member(%L)', tests.id('alex')), 'RB010', null,
  'S4/R1: a deactivated holder of the hidden role is still out of the Administrator''s reach');
select is_empty(format($$ select 1 from rbac.audit_log where tenant_id = %L and (target_id = %L or before::text like '%%' || %L || '%%' or after::text like '%%' || %L || '%%') $$,
                       tests.id('t'), tests.id('super_role'), tests.id('super_role'), tests.id('super_role')),
  'S4/R1/L1: through plain SQL the Administrator reads no audit entry naming the hidden role');
select is_empty(format($$ select 1 from rbac.audit_log where tenant_id = %L and (before::text like '%%Super Administrator%%' or after::text like '%%Super Administrator%%') $$, tests.id('t')),
  'S4/R1/L1: not even the edit, whose snapshot names the hidden role');
select is_empty(format($$ select 1 from public.audit_log(%L, p_target_id => %L)
                          where concat(before::text, after::text) like '%%Super Administrator%%'
                             or concat(before::text, after::text) like '%%' || %L || '%%' $$,
                       tests.id('t'), tests.id('alex'), tests.id('super_role')),
  'S4/R1/L1: nor through the audit log function');
select isnt_empty(format($$ select 1 from public.audit_log(%L, p_target_id => %L) where action = 'member.deactivate' $$,
                         tests.id('t'), tests.id('alex')),
  'S4/L1: entries that do not name the hidden role stay in the Administrator''s audit log (Alex''s deactivation)');
select is((select count(*)::int from public.verify_audit_chain(tests.id('t')) where not intact), 0,
  'S4/L1: the chain still verifies with the withheld entries in it');
select is((select withheld_from_caller::int from public.verify_audit_chain(tests.id('t'))), 4,
  'S4/L1: the verdict tells the Administrator how many entries her log leaves out (the vendor''s appointment of Sam, the vendor group''s role, Alex''s role and his edit)');
select tests.act_as('sam.super@frostline.demo');
select is((select withheld_from_caller::int from public.verify_audit_chain(tests.id('t'))), 0,
  'S4/L1: nothing is left out of the Super Administrator''s log');
select tests.act_as('ada.admin@frostline.demo');
select tests.act_as('sam.super@frostline.demo');
select public.reactivate_member(tests.id('alex'));
select public.unassign_role(tests.id('alex'), tests.id('super_role'));
select public.update_member(tests.id('alex'), p_display_name => 'Alex Auditor');
select tests.act_as('ada.admin@frostline.demo');

select tests.act_as('cora.customer@frostline.demo');
select throws_ok(format('select * from public.list_roles(%L)', tests.id('t')), 'RB003', null,
  'S4/R1: any other role has no access to the Roles list');
select results_eq('select name from rbac.roles', array['customer'],
  'S4/R1: through plain SQL a customer sees only the role she holds');
select throws_ok(format('select * from public.role_matrix(%L)', tests.id('distributor')), 'RB004', null,
  'S4/R1: nor the detail view of any other role');
select throws_ok(format($$ select public.create_role(%L, 'customer plus', '', '["assets.view"]') $$, tests.id('coastal')),
  'RB003', null, 'S4/R1: nor can she create a role');
select is(public.can_access_admin(), false, 'S4/P5: she does not get the Settings (Admin) menu at all');
select tests.clear_authentication();

select is(array(select m.display_name from rbac.members m
                 where m.tenant_id = tests.id('t') and tests.has(m.id, 'roles.view') order by m.display_name),
  array['Ada Admin', 'Sam Super'],
  'S4/R1: only the Super Administrator and the Administrator open the Roles app (all other roles: no access); orgadministrators assign from the roles offered to them');
select tests.authenticate_as('otto.polar@frostline.demo');
select throws_ok(format('select * from public.role_matrix(%L)', tests.id('distributor')), 'RB003', null,
  'S4: an orgadministrator opens no role''s detail view (the Roles app needs roles.view)');
select ok(exists (select 1 from public.assignable_roles(tests.id('polar'))), 'S4: yet he is offered the roles he may assign at Polar Distribution');
select is_empty(format('select 1 from rbac.role_permissions where role_id = %L', tests.id('distributor')),
  'S4: nor does plain SQL show him what a role grants (the detail view''s data)');
select tests.clear_authentication();
select is(array(select m.display_name from rbac.members m
                 where m.tenant_id = tests.id('t') and tests.has(m.id, 'roles.create') order by m.display_name),
  array['Ada Admin', 'Sam Super'], 'S4/R1: and only the Super Administrator and Administrator can create roles');
select tests.authenticate_as('olivia.coastal@frostline.demo');
select throws_ok(format($$ select public.create_role(%L, 'site lead', '', '["assets.view"]') $$, tests.id('coastal')),
  'RB003', null, 'S4/R1: an orgadministrator cannot create roles');
select throws_ok(format('select public.disable_role(%L)', tests.id('customer')), 'RB003', null,
  'S4/R1: nor delete them');
select throws_ok(format('select * from public.role_matrix(%L)', tests.id('super_role')), 'RB004', null,
  'S4/R1: nor see the Super Administrator');
select tests.clear_authentication();

-- ------------------------------------------------------------ "Roles List": search, filter, sort, export
select tests.authenticate_as('ada.admin@frostline.demo');
select results_eq(format($$ select name, org_name from public.list_roles(%L, p_search => 'OrgAdmin', p_sort => 'org') $$, tests.id('t')),
  $$ values ('orgadministrator', 'Coastal Dairy'), ('orgadministrator', 'Polar Distribution'), ('orgadministrator', 'Summit Foods') $$,
  'S4/R2/R6: three separate roles named orgadministrator, one per organization (search by name, case-insensitive)');
select results_eq(format($$ select org_name from public.list_roles(%L, p_search => 'summit') $$, tests.id('t')),
  array['Summit Foods'], 'S4/R6: the search also reads descriptions, which name the organization of each instance');
select results_eq(format('select name from public.list_roles(%L, p_org_id => %L)', tests.id('t'), tests.id('coastal')),
  array['orgadministrator'], 'S4/R6: filter: roles defined at Coastal Dairy');
select results_eq(format($$ select name from public.list_roles(%L, p_permission => 'audits.delete') $$, tests.id('t')),
  array['Administrator', 'auditor'], 'S4/R6: filter: roles that can delete audits (audit templates are a separate sub-section)');
select results_eq(format('select name || '' / '' || org_name from public.list_roles(%L, p_unused => true)', tests.id('t')),
  array['orgadministrator / Summit Foods'], 'S4/R6/R7: filter: roles nobody holds (role sprawl)');
select results_eq(format($$ select name, total_count::int from public.list_roles(%L, p_sort => 'name', p_descending => true, p_limit => 3) $$,
                         tests.id('t')),
  $$ values ('User', 10), ('template designer', 10), ('reader', 10) $$, 'S4/R6: sort by name descending, paged, with the total');
select is((select count(*)::int from public.list_roles(tests.id('t'), p_limit => 500)
            where name <> '' and description <> '' and created_at is not null),
  10, 'S4/R6: the Request Data extract has name, description and create date for every role');

-- ------------------------------------------------------------ "Role Detail View": the permission matrix
select results_eq(format($$
  select module_key, coalesce(parent_key, '-'), array_agg(action order by n)
    from public.role_matrix(%L) with ordinality x(module_key, module_name, parent_key, is_admin, permission, action,
                                                 action_name, scoped, granted, scope, implied, implies, n)
   where not is_admin group by module_key, parent_key order by module_key $$, tests.id('reader')),
  $$ values ('assets', '-', array['view', 'create', 'edit', 'delete']),
            ('audits', '-', array['view', 'create', 'edit', 'delete']),
            ('audits.template', 'audits', array['view', 'create', 'edit', 'delete']),
            ('cases', '-', array['view', 'create', 'edit', 'delete']),
            ('docgpt', '-', array['view', 'create', 'edit', 'delete']),
            ('manuals', '-', array['view', 'create', 'edit', 'delete']),
            ('manuals.dynamic', 'manuals', array['autoSelect']),
            ('manuals.trash', 'manuals', array['view', 'restore', 'delete']),
            ('walkthrough', '-', array['view', 'create', 'edit', 'delete']),
            ('walkthrough.template', 'walkthrough', array['view', 'create', 'edit', 'delete']) $$,
  'S4/P1/R6: the matrix has Create/Read/Update/Delete per installed app and the extended sub-sections (DynamicManuals autoSelect, ManualsTrash restore, WalkthroughTemplate, AuditTemplate)');
select results_eq(format($$ select action_name from public.role_matrix(%L) where module_key = 'assets' $$, tests.id('reader')),
  array['Read assets', 'Create assets', 'Update assets', 'Delete assets'], 'S4/P1: labelled as the document''s columns');
select is((select count(*)::int from rbac.role_permissions rp join rbac.permissions p on p.id = rp.permission_id
            where rp.role_id = tests.id('distributor') and p.key = 'telemetry.view'), 1,
  'S4/P2: the distributor role is still configured with IoT Telemetry, whose trial ended');
select is_empty(format($$ select 1 from public.role_matrix(%L) where module_key = 'telemetry' $$, tests.id('distributor')),
  'S4/P2/R6: but the detail view shows installed apps only');
select results_eq(format($$ select permission, granted, implied from public.role_matrix(%L)
                             where module_key like 'manuals%%' and action in ('autoSelect', 'restore', 'view') order by permission $$,
                         tests.id('distributor')),
  $$ values ('manuals.dynamic.autoSelect', true, false), ('manuals.trash.restore', false, false),
            ('manuals.trash.view', true, true), ('manuals.view', true, true) $$,
  'S4/P1/P4: distributor: DynamicManuals autoSelect yes, ManualsTrash restore no; what delete and autoSelect imply is shown as implied');
select results_eq(format($$ select permission from public.role_matrix(%L) where granted and module_key like 'walkthrough%%' order by permission $$,
                         (select id from rbac.roles where tenant_id = tests.id('t') and name = 'template designer')),
  array['walkthrough.template.create', 'walkthrough.template.delete', 'walkthrough.template.edit', 'walkthrough.template.view'],
  'S4/P1: template designer manages WalkthroughTemplate without running walkthroughs');
select results_eq(format($$ select permission from public.role_matrix(%L) where granted and module_key like 'audits%%' order by permission $$,
                         tests.id('auditor')),
  array['audits.create', 'audits.delete', 'audits.edit', 'audits.template.view', 'audits.view'],
  'S4/P1: auditor runs audits with full CRUD but only reads AuditTemplate');

-- ------------------------------------------------------------ Workflow 3: review a role before assigning it
select results_eq(format($$ select module_key from public.role_matrix(%L) group by module_key
                             having bool_or(granted) and bool_and(granted = (action = 'view')) order by module_key $$, tests.id('reader')),
  array['assets', 'cases', 'docgpt', 'manuals', 'walkthrough'], 'S4/R6: Workflow 3: the apps where reader is read-only');
select results_eq(format($$ select module_key from public.role_matrix(%L) group by module_key
                             having not bool_or(granted) order by module_key $$, tests.id('reader')),
  array['access_review', 'audit', 'audits', 'audits.template', 'groups', 'join_requests', 'manuals.dynamic', 'manuals.trash',
        'organizations', 'roles', 'territories', 'users', 'walkthrough.template'],
  'S4/R6: Workflow 3: and the installed apps and sections where it has no access at all');
select isnt(
  array(select permission from public.role_matrix(tests.id('orgadmin_summit')) where granted order by permission),
  array(select permission from public.role_matrix(tests.id('orgadmin_coastal')) where granted order by permission),
  'S4/R2: two orgadministrator rows share a name but not their configuration');
select is((select granted from public.role_matrix(tests.id('orgadmin_summit')) where permission = 'audits.edit'), true,
  'S4/R2: Summit Foods'' orgadministrator updates audits');
select is((select granted from public.role_matrix(tests.id('orgadmin_coastal')) where permission = 'audits.edit'), false,
  'S4/R2: Coastal Dairy''s does not');
select tests.clear_authentication();

-- An orgadministrator is offered exactly what the database will accept.
select tests.authenticate_as('olivia.coastal@frostline.demo');
select results_eq(format('select name from public.assignable_roles(%L)', tests.id('coastal')),
  array['customer', 'orgadministrator', 'reader', 'User'],
  'S4/A4: Coastal Dairy''s orgadministrator is offered the roles of her site within her own rights');
select throws_ok(format('select public.assign_role(%L, %L)', tests.id('cora'), tests.id('orgadmin_summit')), 'RB014', null,
  'S4/R2: she cannot give Summit Foods'' orgadministrator instance, which belongs to another organization');
select throws_ok(format('select public.assign_role(%L, %L)', tests.id('cora'), tests.id('administrator')), 'RB010', null,
  'S4/A4: nor the Administrator role, which grants what she lacks');
select throws_ok(format('select public.assign_role(%L, %L)', tests.id('olivia'), tests.id('reader')), 'RB012', null,
  'S4/A4: nor change her own roles');
select throws_ok(format('select public.assign_role(%L, %L)', tests.id('rita'), tests.id('customer')), 'RB011', null,
  'S4/A3: nor touch someone at Summit Foods');
select tests.clear_authentication();

-- ------------------------------------------------------------ Records each person sees (manuals)
select tests.authenticate_as('cora.customer@frostline.demo');
select results_eq('select count(*)::int from public.manuals', array[6], 'S4/A3: Cora reads the six live manuals of Coastal Dairy');
select is_empty($$ select 1 from public.manuals where title not like 'Coastal Dairy:%' or deleted_at is not null $$,
  'S4/A3: and nothing of other sites, nothing in the trash');
select throws_ok(format($$ insert into public.manuals (tenant_id, org_id, title) values (%L, %L, 'Cora''s notes') $$,
                        tests.id('t'), tests.id('coastal')),
  '42501', null, 'S4/P1: Read without Create: she cannot add a manual');
select tests.act_as('rita.reader@frostline.demo');
select results_eq('select count(*)::int from public.manuals', array[6], 'S4/A3: Rita reads the six live manuals of Summit Foods');
select tests.act_as('otto.polar@frostline.demo');
select results_eq('select (count(*) filter (where deleted_at is null))::int, (count(*) filter (where deleted_at is not null))::int from public.manuals',
  $$ values (17, 5) $$, 'S4/A3/P1: Polar''s orgadministrator reads Polar''s and its customers'' manuals, and their trash');
select tests.act_as('alex.auditor@frostline.demo');
select is_empty('select 1 from public.manuals', 'S4/P1: a role without Manuals reads none');
select tests.act_as('olivia.coastal@frostline.demo');
select lives_ok(format($$ insert into public.manuals (tenant_id, org_id, title) values (%L, %L, 'Coastal Dairy: Spare Parts') $$,
                       tests.id('t'), tests.id('coastal')), 'S4/P1: Coastal''s orgadministrator creates a manual at her site');
select throws_ok(format($$ insert into public.manuals (tenant_id, org_id, title) values (%L, %L, 'Planted') $$,
                        tests.id('t'), tests.id('summit')),
  '42501', null, 'S4/A3: but not at Summit Foods, with the same role name''s rights');
select tests.clear_authentication();

-- ------------------------------------------------------------ Manuals › DynamicManuals and ManualsTrash
select tests.authenticate_as('dave.distributor@frostline.demo');
select is(public.has_permission('manuals.dynamic.autoSelect'), true, 'S4/P1: the distributor has DynamicManuals autoSelect');
select isnt_empty(format('update public.manuals set deleted_at = now() where id = %L returning id', tests.id('leak_check')),
  'S4/P1: the distributor deletes a manual (it goes to ManualsTrash)');
select is_empty(format('update public.manuals set deleted_at = null where id = %L returning id', tests.id('leak_check')),
  'S4/P1: and cannot recover it: Delete on Manuals without restore on ManualsTrash (the document''s warning)');
select tests.act_as('cora.customer@frostline.demo');
select is(public.has_permission('manuals.dynamic.autoSelect'), false, 'S4/P1: a customer does not get autoSelect');
select tests.act_as('otto.polar@frostline.demo');
select isnt_empty(format('update public.manuals set deleted_at = null where id = %L returning id', tests.id('leak_check')),
  'S4/P1: Polar''s orgadministrator, with ManualsTrash restore, recovers it');
-- The same through the API the Manuals page uses.
select tests.act_as('dave.distributor@frostline.demo');
select lives_ok(format('select public.trash_manual(%L)', tests.id('leak_check')), 'S4/P1: the distributor moves it to the trash again');
select throws_ok(format('select public.restore_manual(%L)', tests.id('leak_check')), 'RB004', null,
  'S4/P1: and cannot restore it (ManualsTrash is closed to him)');
select tests.act_as('cora.customer@frostline.demo');
select throws_ok(format('select public.trash_manual(%L)', tests.id('leak_check')), 'RB004', null,
  'S4/A3: a customer of another site cannot reach it at all');
select tests.act_as('otto.polar@frostline.demo');
select lives_ok(format('select public.restore_manual(%L)', tests.id('leak_check')), 'S4/P1: Polar''s orgadministrator restores it');
-- An invitation that gives the hidden role names it under "roles": the
-- entry is the Super Administrator's business, not the Administrator's.
select tests.act_as('sam.super@frostline.demo');
select public.invite_member(tests.id('t'), 'newsuper@frostline.test', 'New Super', array[tests.id('super_role')], 'company_admin');
select tests.act_as('ada.admin@frostline.demo');
select is((select count(*)::int from public.audit_log(tests.id('t'), p_action => 'invitation.create')
            where after::text like '%' || tests.id('super_role')::text || '%'), 0,
  'S4/R1: an invitation giving the hidden role is withheld from the Administrator''s audit log');
select results_eq(format($$ select role_name, detail like '%%manuals.trash.restore%%' from public.lint_roles(%L)
                             where rule = 'delete_without_restore' $$, tests.id('t')),
  $$ values ('distributor', true) $$, 'S4/R7: the lint warns about exactly that role: Delete on Manuals without ManualsTrash restore');

-- ------------------------------------------------------------ Workflow 1: create a role
select throws_ok(format($$ select public.create_role(%L, 'Reader', 'Another reader') $$, tests.id('t')),
  'RB006', 'An active role named Reader already exists at this organization.',
  'S4/R2: the Create form rejects a duplicate name on save (case-insensitive)');
select throws_ok(format($$ select public.create_role(%L, 'OrgAdministrator') $$, tests.id('coastal')),
  'RB006', null, 'S4/R2: also a second orgadministrator at the same organization');
select lives_ok(format($$ select public.create_role(%L, 'orgadministrator', 'orgadministrator for Frostline headquarters') $$, tests.id('t')),
  'S4/R2: but each organization may have its own orgadministrator');
select tests.remember('technician', public.create_role(tests.id('t'), 'service technician',
  'Field technicians: run walkthroughs on assets; manuals picked automatically.',
  '["assets.view", "walkthrough.create", "walkthrough.edit", "walkthrough.template.view", "manuals.dynamic.autoSelect"]'::jsonb));
select results_eq(format($$ select name from public.list_roles(%L, p_search => 'technician') $$, tests.id('t')),
  array['service technician'], 'S4/R6: Workflow 1: the new role appears in the Roles list');
select isnt_empty(format('select 1 from public.assignable_roles(%L) where id = %L', tests.id('t'), tests.id('technician')),
  'S4/R2: Workflow 1: and is immediately offered in the Users app');
select tests.clear_authentication();
select is(tests.has(tests.id('lars'), 'walkthrough.create'), false,
  'S4/R5: Lars lost the deleted role "seasonal" at once, not at his next login');
select tests.authenticate_as('ada.admin@frostline.demo');
select public.assign_role(tests.id('lars'), tests.id('technician'));
select tests.act_as('lars.seasonal@frostline.demo');
select is(public.has_permission('walkthrough.create'), true, 'S4/R2: Workflow 1: Lars, given the new role, works with it on his next request');
select tests.act_as('ada.admin@frostline.demo');
select lives_ok(format($$ select public.create_role(%L, 'seasonal', 'Next summer''s technicians') $$, tests.id('t')),
  'S4/R2: a deleted role''s name is free again: names are unique among active roles');
select throws_ok(format('select public.restore_role(%L)', tests.id('seasonal')), 'RB006', null,
  'S4/R5: so the old one is restored only after one of them is renamed');

-- ------------------------------------------------------------ Workflow 2: update a role
select throws_ok(format($$ select public.update_role(%L, p_name => 'READER') $$, tests.id('distributor')), 'RB006', null,
  'S4/R2: the Update form keeps names unique');
select tests.act_as('rita.reader@frostline.demo');
select is(public.has_permission('audits.view'), false, 'S4/R4: Rita cannot read audits yet');
select tests.act_as('ada.admin@frostline.demo');
select public.update_role(tests.id('reader'), p_permissions =>
  '["assets.view", "manuals.view", "walkthrough.view", "cases.view", "docgpt.view", "audits.view"]'::jsonb);
select tests.act_as('rita.reader@frostline.demo');
select is(public.has_permission('audits.view'), true,
  'S4/R4: Workflow 2: the change reaches every holder on their next request (the document needs a log out and in)');
select tests.clear_authentication();
select is((select count(*)::int from rbac.audit_log where tenant_id = tests.id('t') and action = 'role.update'
             and target_id = tests.id('reader')::text
             and after -> 'permissions' ? 'audits.view' and not before -> 'permissions' ? 'audits.view'), 1,
  'S4/L1: the update is audited with the permissions before and after');

-- Someone allowed to edit roles still cannot widen one beyond their own rights.
select tests.authenticate_as('ada.admin@frostline.demo');
select tests.remember('role_editor', public.create_role(tests.id('t'), 'role editor', 'Maintains roles for manuals',
  '["roles.create", "roles.edit", "manuals.edit"]'::jsonb));
select tests.clear_authentication();
select tests.add_member(tests.id('t'), 'ron@frostline.demo', 'power_user', null, array[tests.id('role_editor')]);
select tests.authenticate_as('ron@frostline.demo');
select tests.remember('keeper', public.create_role(tests.id('t'), 'manual keeper', 'Edits manuals', '["manuals.edit"]'::jsonb));
select throws_ok(format($$ select public.update_role(%L, p_permissions => '["manuals.edit", "audits.delete"]') $$, tests.id('keeper')),
  'RB010', null, 'S4/A4: a role editor cannot give a role a right he lacks (audits.delete)');
select throws_ok($$ select public.create_role(tests.id('t'), 'restorer', '', '["manuals.trash.restore"]') $$,
  'RB010', null, 'S4/A4: nor create a role with one (ManualsTrash restore)');
select throws_ok(format($$ select public.update_role(%L, p_description => 'mine now') $$, tests.id('reader')),
  'RB010', null, 'S4/A4: nor edit a role that grants more than he holds');
select throws_ok(format('select public.disable_role(%L)', tests.id('distributor')), 'RB003', null,
  'S4/R5: nor delete roles, which is a separate permission');
select tests.clear_authentication();

-- ------------------------------------------------------------ Workflow 4: who has write access to a sensitive app
select tests.authenticate_as('ada.admin@frostline.demo');
select results_eq(format($$ select role_name from public.module_access(%L, 'audits') order by lower(role_name) $$, tests.id('t')),
  array['Administrator', 'auditor', 'orgadministrator', 'template designer'],
  'S4/L2: Workflow 4: the roles that can create, update or delete in Audits or its AuditTemplate, in one call');
select is((select actions from public.module_access(tests.id('t'), 'audits', false) where role_name = 'reader'),
  array['view'], 'S4/L2: with reads on request (reader now reads audits)');
select results_eq(format($$ select distinct display_name from public.who_can(%L, 'audits.delete') where effective order by 1 $$, tests.id('t')),
  array['Ada Admin', 'Alex Auditor'], 'S4/L2: Workflow 4: cross-referenced to the people, without visiting the Users app');
select is((select count(*)::int from jsonb_array_elements(public.explain_permission(tests.id('sam'), 'audits.delete') -> 'grants') g
            where g ->> 'role_id' = tests.id('super_role')::text or g ->> 'role' = 'Super Administrator'), 0,
  'S4/R1: neither the access review nor Explain names the Super Administrator role (or its id) to an Administrator');
select isnt_empty(format($$ select public.sign_off_access_review(%L, 'Quarterly review of the Audits app') $$, tests.id('t')),
  'S4/L2: the review is signed off and recorded');
select tests.act_as('sam.super@frostline.demo');
select isnt_empty(format($$ select 1 from public.module_access(%L, 'audits') where role_name = 'Super Administrator' $$, tests.id('t')),
  'S4/R1/L2: the Super Administrator''s review includes his own role');
select results_eq(format($$ select distinct display_name from public.who_can(%L, 'audits.delete') where effective order by 1 $$, tests.id('t')),
  array['Ada Admin', 'Alex Auditor', 'Sam Super'], 'S4/R1/L2: and the people holding it');

-- ------------------------------------------------------------ "Delete Role": disable, with its effect on holders
select tests.act_as('ada.admin@frostline.demo');
select results_eq(format('select display_name from public.role_holders(%L)', tests.id('customer')), array['Cora Customer'],
  'S4/R5: before deleting, the holders to reassign are listed');
select throws_ok(format('select public.disable_role(%L)', tests.id('administrator')), 'RB007', null,
  'S4/R5: the Administrator role cannot be deleted');
select public.disable_role(tests.id('customer'), 'Replaced by site roles');
select tests.act_as('cora.customer@frostline.demo');
select is(public.has_permission('manuals.view'), false,
  'S4/R5: a deleted role stops working at once, also for people signed in (the document: until they log out)');
select is_empty('select 1 from public.manuals', 'S4/R5: Cora''s next query returns no manuals');
select tests.act_as('ada.admin@frostline.demo');
select is((select disabled_at is not null from public.list_roles(tests.id('t'), p_include_disabled => true) where id = tests.id('customer')),
  true, 'S4/R5: the deleted role is kept, disabled, and listed on request');
select throws_ok(format('select public.assign_role(%L, %L)', tests.id('alex'), tests.id('customer')), 'RB017', null,
  'S4/R5: a deleted role cannot be assigned');
select public.restore_role(tests.id('customer'), 'Still needed');
select tests.act_as('cora.customer@frostline.demo');
select results_eq('select count(*)::int from public.manuals', array[7], 'S4/R5: restored, it works again at once');
select tests.clear_authentication();
select is((select (after ->> 'holders')::int from rbac.audit_log where tenant_id = tests.id('t') and action = 'role.disable'
             and target_id = tests.id('customer')::text), 1,
  'S4/L1: the deletion is audited with the number of people who held the role');

select is_empty($$ select * from rbac_private.audit_chain_break(tests.id('t')) $$, 'S4/L1: every step above is in an intact audit chain');

-- ------------------------------------------------------------ loading the preset again
select tests.remember('t2', public.load_preset('roles_app', 'Frostline Equipment (copy)'));
select is((select count(*)::int from rbac.roles where tenant_id = tests.id('t2')), 12,
  'S4/T3: a second load builds an independent account with its own twelve roles');

-- ------------------------------------------------------------ the hidden role stays hidden in invitations and groups
-- (found by an attack review: the Administrator read the role's name in the
-- invitations list and its id in invitation and group rows, then took over
-- the invitation by resending it.)
select tests.act_as('sam.super@frostline.demo');
create temporary table super_invite on commit drop as
  select * from public.invite_member(tests.id('t'), 'second.super@frostline.demo', 'Second Super', array[tests.id('super_role')], 'company_admin');
grant select on super_invite to authenticated;
select tests.remember('super_group', public.create_group(tests.id('t'), 'Vendor support staff'));
select public.assign_group_role(tests.id('super_group'), tests.id('super_role'));
select tests.act_as('ada.admin@frostline.demo');
select is((select count(*)::int from public.list_invitations(tests.id('t'), 'all') where email = 'second.super@frostline.demo'), 0,
  'S4/R1: the Administrator does not see an invitation to the Super Administrator role in the invitations list');
select is_empty(format('select 1 from rbac.invitations where %L = any (role_ids)', tests.id('super_role')),
  'S4/R1: nor its row, with the hidden role''s id, through plain SQL');
select is_empty(format('select 1 from rbac.group_roles where role_id = %L', tests.id('super_role')),
  'S4/R1: nor the group rows that give the hidden role');
select throws_ok($$ select * from public.resend_invitation((select invitation_id from super_invite)) $$, 'RB004', null,
  'S4/R1/A4: the Administrator cannot resend the invitation (its new link would make its holder a Super Administrator)');
select throws_ok($$ select public.revoke_invitation((select invitation_id from super_invite)) $$, 'RB004', null,
  'S4/R1/A4: nor revoke it');
select tests.act_as('sam.super@frostline.demo');
select is((select count(*)::int from public.list_invitations(tests.id('t'), 'all') where email = 'second.super@frostline.demo'), 1,
  'S4/R1: the Super Administrator sees the invitation he sent');
-- Assignable-role lists that name the hidden role.
select public.set_assignable_roles(tests.id('auditor'), array[tests.id('super_role'), tests.id('reader')]);
select tests.act_as('ada.admin@frostline.demo');
select is(array(select assignable_role_id from rbac.role_assignable_roles where role_id = tests.id('auditor')), array[tests.id('reader')],
  'S4/R1: the Administrator reads a list without the hidden role on it');
select public.set_assignable_roles(tests.id('auditor'), array[tests.id('customer')]);
select throws_ok(format('select public.set_assignable_roles(%L, array[%L]::uuid[])', tests.id('auditor'), tests.id('super_role')), 'RB004', null,
  'S4/R1: and cannot put the hidden role on a list');
select tests.clear_authentication();
select is(array(select assignable_role_id from rbac.role_assignable_roles where role_id = tests.id('auditor') order by assignable_role_id = tests.id('super_role')),
  array[tests.id('customer'), tests.id('super_role')],
  'S4/R1: her save replaced the part she sees and kept the hidden role she does not');

-- ------------------------------------------------------------ R1: only the vendor's tooling appoints a Super Administrator
select tests.remember('alex_user', tests.user_id('alex.auditor@frostline.demo'));
select tests.act_as('ada.admin@frostline.demo');
select throws_ok(format('select public.grant_super_administrator(%L, %L)', tests.id('t'), tests.id('alex_user')),
  '42501', null, 'R1/S4: an Administrator cannot appoint a Super Administrator (no member API does)');
select tests.clear_authentication();
select is(public.grant_super_administrator(tests.id('t'), tests.id('alex_user')), tests.id('alex'),
  'R1/S4: the vendor''s tooling makes an existing member a Super Administrator');
select is((select user_type::text || ':' || (select count(*) from rbac.roles where tenant_id = tests.id('t') and system_key = 'super_administrator')
             from rbac.members where id = tests.id('alex')), 'company_admin:1',
  'R1/S4: a company administrator holding the one hidden role (not a second copy of it)');
select is((select count(*)::int from rbac.audit_log where tenant_id = tests.id('t') and action = 'member.grant_super_administrator' and actor_member_id is null), 2,
  'R1/L1: each appointment is audited, with the vendor (no member) as actor');

-- ------------------------------------------------------------ L1: a name chosen by the actor hides nothing
-- (found by an attack review: renaming a member "Super Administrator" made
-- the change invisible to every auditor but the vendor.)
select tests.act_as('ada.admin@frostline.demo');
select public.update_member(tests.id('cora'), p_display_name => 'Super Administrator');
select public.update_member(tests.id('cora'), p_display_name => 'Cora Customer');
select is((select count(*)::int from public.audit_log(tests.id('t'), p_action => 'member.update', p_target_id => tests.id('cora')::text)), 2,
  'S4/L1: entries that merely contain the words "Super Administrator" stay in the Administrator''s log');
select tests.clear_authentication();

select * from finish();
rollback;
