-- P1–P5: the permission catalog. Modules with sub-sections and their own
-- actions, implied actions (edit ⇒ view) in effective rights and in the role
-- matrix, installation per tenant (an uninstalled module grants nothing, even
-- to the Administrator), scoped actions, and the admin-type flag that decides
-- whether the Admin menu shows.
begin;
\ir ../helpers/test_helpers.sql
select plan(45);

-- -----------------------------------------------------------------------------
-- Setup: a tenant whose vendor defines Manuals (with a Trash sub-section),
-- Conversations (scoped view) and Billing; roles and members that use them.
-- -----------------------------------------------------------------------------

select tests.remember('tenant', tests.new_tenant('Catalog Co', 'admin@catalog.test'));

select lives_ok(
  $$ select rbac_private.define_module(tests.id('tenant'), 'manuals', 'Manuals', '[
       {"action": "view", "name": "View manuals"},
       {"action": "create", "implies": ["view"]},
       {"action": "edit", "implies": ["view"]},
       {"action": "delete", "implies": ["view"]}
     ]'::jsonb) $$,
  'P1: the vendor defines a module with its own actions');
select lives_ok(
  $$ select rbac_private.define_module(tests.id('tenant'), 'manuals.trash', 'Manuals Trash', '[
       {"action": "restore", "implies": ["manuals.view"]}
     ]'::jsonb) $$,
  'P1: the vendor defines a sub-section of a module with an action of its own');
select lives_ok(
  $$ select rbac_private.define_module(tests.id('tenant'), 'conversations', 'Conversations', '[
       {"action": "view", "scoped": true},
       {"action": "reply", "scoped": true, "implies": ["view"]}
     ]'::jsonb) $$,
  'P3: the vendor defines a module with scoped actions');
select lives_ok(
  $$ select rbac_private.define_module(tests.id('tenant'), 'billing', 'Billing', '[{"action": "view"}, {"action": "export"}]'::jsonb) $$,
  'P1: a third module with tailored actions (export)');
select throws_ok(
  $$ select rbac_private.define_module(tests.id('tenant'), 'audits.templates', 'Audit Templates', '[{"action": "view"}]'::jsonb) $$,
  'RB005', null,
  'P1: a sub-section cannot be defined before its module');

select tests.authenticate_as('admin@catalog.test');
select tests.remember('editor_role', public.create_role(tests.id('tenant'), 'Manual Editor', '', '["manuals.edit"]'));
select tests.remember('auditor_role', public.create_role(tests.id('tenant'), 'Auditor', '', '["audit.view"]'));
select tests.remember('team_role', public.create_role(tests.id('tenant'), 'Team Conversations', '',
                                                      '[{"permission": "conversations.view", "scope": "team"}]'));
select tests.remember('own_role', public.create_role(tests.id('tenant'), 'Own Conversations', '',
                                                     '[{"permission": "conversations.view", "scope": "own"},
                                                       {"permission": "conversations.reply", "scope": "own"}]'));
select tests.remember('all_role', public.create_role(tests.id('tenant'), 'All Conversations', '',
                                                     '[{"permission": "conversations.view", "scope": "all"}]'));
select tests.clear_authentication();

select tests.add_member(tests.id('tenant'), 'editor@catalog.test', 'power_user', null, array[tests.id('editor_role')]);
select tests.add_member(tests.id('tenant'), 'auditor@catalog.test', 'power_user', null, array[tests.id('auditor_role')]);
select tests.add_member(tests.id('tenant'), 'team@catalog.test', 'power_user', null, array[tests.id('team_role')]);
select tests.add_member(tests.id('tenant'), 'wide@catalog.test', 'power_user', null,
                        array[tests.id('own_role'), tests.id('all_role')]);

-- -----------------------------------------------------------------------------
-- P1: modules, sub-sections, tailored actions
-- -----------------------------------------------------------------------------

select results_eq(
  $$ select p.key from rbac.permissions p join rbac.modules m on m.id = p.module_id
      where m.tenant_id = tests.id('tenant') and m.key = 'manuals' order by p.position $$,
  $$ values ('manuals.view'), ('manuals.create'), ('manuals.edit'), ('manuals.delete') $$,
  'P1: the module has exactly its own actions, in the declared order');
select is((select parent.key from rbac.modules m join rbac.modules parent on parent.id = m.parent_id
            where m.tenant_id = tests.id('tenant') and m.key = 'manuals.trash'),
          'manuals', 'P1: the sub-section hangs under its module');
select is((select string_agg(p.key, ',') from rbac.permissions p join rbac.modules m on m.id = p.module_id
            where m.tenant_id = tests.id('tenant') and m.key = 'manuals.trash'),
          'manuals.trash.restore', 'P1: the sub-section has its own action (manuals.trash.restore)');

-- service_role cannot use the tests schema: the statement is built before switching.
select set_config('tests.define_reports',
  format($$ select public.define_module(%L, 'reports', 'Reports', '[{"action": "run"}, {"action": "share"}]'::jsonb) $$, tests.id('tenant')),
  true);
set local role service_role;
select lives_ok(current_setting('tests.define_reports'),
  'P1: service_role (presets, deployment scripts) defines a module through public.define_module');
reset role;
select is((select count(*)::int from rbac.audit_log where tenant_id = tests.id('tenant') and action = 'module.define' and target_id = 'reports'),
          1, 'P1: a catalog definition through the API is audited');

-- -----------------------------------------------------------------------------
-- P4: implied actions
-- -----------------------------------------------------------------------------

select tests.authenticate_as('editor@catalog.test');
select ok(public.has_permission('manuals.edit', tests.id('tenant')), 'P4: a role with manuals.edit grants manuals.edit');
select ok(public.has_permission('manuals.view', tests.id('tenant')), 'P4: manuals.edit implies manuals.view in effective rights');
select ok(not public.has_permission('manuals.delete', tests.id('tenant')) and not public.has_permission('manuals.create', tests.id('tenant')),
          'P4: an implication grants only what it declares (no delete, no create)');
select set_eq(
  $$ select permission from public.my_permissions(tests.id('tenant')) where module like 'manuals%' $$,
  array['manuals.edit', 'manuals.view'],
  'P4: my_permissions lists the granted and the implied action');
select tests.clear_authentication();

select tests.authenticate_as('admin@catalog.test');
select results_eq(
  $$ select permission, granted, implied from public.role_matrix(tests.id('editor_role'))
      where module_key = 'manuals' order by permission $$,
  $$ values ('manuals.create'::text, false, false), ('manuals.delete', false, false),
            ('manuals.edit', true, false), ('manuals.view', true, true) $$,
  'P4: role_matrix shows edit as granted and view as granted by implication (implied = true)');
select is((select implies from public.role_matrix(tests.id('editor_role')) where permission = 'manuals.edit'),
          array['manuals.view'], 'P4: role_matrix shows what each action implies, for the UI');
select is((select implies from public.role_matrix(tests.id('editor_role')) where permission = 'manuals.trash.restore'),
          array['manuals.view'], 'P4: an implication may cross from a sub-section to its module');

-- -----------------------------------------------------------------------------
-- P2: installation per tenant
-- -----------------------------------------------------------------------------

select ok(public.has_permission('manuals.view', tests.id('tenant')) and public.has_permission('manuals.trash.restore', tests.id('tenant')),
          'P2: (control) while Manuals is installed, the Administrator holds its actions');
select lives_ok($$ select public.set_module_installed(tests.id('tenant'), 'manuals', false) $$,
                'P2: a company administrator uninstalls a module');
select ok(not public.has_permission('manuals.view', tests.id('tenant')) and not public.has_permission('manuals.delete', tests.id('tenant')),
          'P2: an uninstalled module grants nothing, even to the Administrator (grants_all)');
select ok(not public.has_permission('manuals.trash.restore', tests.id('tenant')),
          'P2: uninstalling a module also takes away its sub-sections');
select is_empty($$ select 1 from public.my_permissions(tests.id('tenant')) where module like 'manuals%' $$,
                'P2: my_permissions hides the uninstalled module and its sub-section (navigation)');
select is_empty($$ select 1 from public.role_matrix(tests.id('editor_role')) where module_key like 'manuals%' $$,
                'P2: role_matrix hides the uninstalled module and its sub-section');
select is_empty($$ select 1 from public.role_matrix(tests.id('auditor_role')) where module_key like 'manuals%' or parent_key = 'manuals' $$,
                'P2: the uninstalled module disappears from every role''s matrix');
select is((select count(*)::int from rbac.audit_log where tenant_id = tests.id('tenant') and action = 'module.uninstall' and target_id = 'manuals'),
          1, 'P2: uninstalling is audited');
select tests.clear_authentication();

select tests.authenticate_as('editor@catalog.test');
select ok(not public.has_permission('manuals.edit', tests.id('tenant')) and not public.has_permission('manuals.view', tests.id('tenant')),
          'P2: a role holder loses the module''s rights on their next statement');
select throws_ok($$ select public.set_module_installed(tests.id('tenant'), 'manuals', true) $$, 'RB003', null,
                 'P2: a member without organizations.manage cannot reinstall a module');
select tests.clear_authentication();

select tests.authenticate_as('admin@catalog.test');
select lives_ok($$ select public.set_module_installed(tests.id('tenant'), 'manuals', true) $$, 'P2: the module is reinstalled');
select ok(public.has_permission('manuals.trash.restore', tests.id('tenant')), 'P2: reinstalling brings the sub-section back');
select lives_ok($$ select public.set_module_installed(tests.id('tenant'), 'manuals.trash', false) $$,
                'P2: a sub-section can be uninstalled on its own');
select ok(not public.has_permission('manuals.trash.restore', tests.id('tenant')) and public.has_permission('manuals.delete', tests.id('tenant')),
          'P2: an uninstalled sub-section grants nothing while its module still grants');
select is_empty($$ select 1 from public.role_matrix(tests.id('editor_role')) where module_key = 'manuals.trash' $$,
                'P2: role_matrix hides an uninstalled sub-section only');
select throws_ok($$ select public.set_module_installed(tests.id('tenant'), 'roles', false) $$, 'RB007', null,
                 'P2: a core module (Role Management) cannot be uninstalled');
select throws_ok($$ select public.set_module_installed(tests.id('tenant'), 'users', false) $$, 'RB007', null,
                 'P2: a core module (User Management) cannot be uninstalled');
select throws_ok($$ select public.set_module_installed(tests.id('tenant'), 'nothing_here', false) $$, 'RB004', null,
                 'P2: an unknown module is refused');
select tests.clear_authentication();

select tests.authenticate_as('editor@catalog.test');
select ok(public.has_permission('manuals.edit', tests.id('tenant')), 'P2: after reinstalling, the holder has the module''s rights again');
select tests.clear_authentication();

-- -----------------------------------------------------------------------------
-- P5: admin-type permissions define the Admin area
-- -----------------------------------------------------------------------------

select tests.authenticate_as('admin@catalog.test');
select ok(public.can_access_admin(tests.id('tenant')), 'P5: the Administrator sees the Admin menu');
select tests.clear_authentication();
select tests.authenticate_as('auditor@catalog.test');
select ok(public.can_access_admin(tests.id('tenant')), 'P5: a member holding only audit.view (admin-type) sees the Admin menu');
select is((select is_admin from public.my_permissions(tests.id('tenant')) where permission = 'audit.view'), true,
          'P5: my_permissions flags audit.view as admin-type');
select tests.clear_authentication();
select tests.authenticate_as('editor@catalog.test');
select ok(not public.can_access_admin(tests.id('tenant')), 'P5: a member with only business permissions does not see the Admin menu');
select tests.clear_authentication();

-- -----------------------------------------------------------------------------
-- P3: scoped actions
-- -----------------------------------------------------------------------------

select tests.authenticate_as('team@catalog.test');
select is((select scope from public.my_permissions(tests.id('tenant')) where permission = 'conversations.view'), 'team'::rbac.scope,
          'P3: a role granting conversations.view for team records gives scope team');
select tests.clear_authentication();
select tests.authenticate_as('wide@catalog.test');
select is((select scope from public.my_permissions(tests.id('tenant')) where permission = 'conversations.view'), 'all'::rbac.scope,
          'P3: with own and all from two roles, the widest scope wins');
select is((select scope from public.my_permissions(tests.id('tenant')) where permission = 'conversations.reply'), 'own'::rbac.scope,
          'P3: each scoped action keeps its own scope (reply: own)');
select tests.clear_authentication();

select tests.authenticate_as('admin@catalog.test');
select throws_ok($$ select public.create_role(tests.id('tenant'), 'Bad Scope', '', '[{"permission": "conversations.view", "scope": "everyone"}]') $$,
                 'RB005', null, 'P3: a scope other than own, team or all is refused');
select tests.remember('unscoped_role', public.create_role(tests.id('tenant'), 'Unscoped Own', '', '[{"permission": "billing.view", "scope": "own"}]'));
select is((select rp.scope from rbac.role_permissions rp where rp.role_id = tests.id('unscoped_role')),
          'all'::rbac.scope, 'P3: a scope given for an action that is not scoped is stored as all');
select tests.clear_authentication();

select * from finish();
rollback;
