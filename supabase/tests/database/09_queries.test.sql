-- R6, R7, A8: the questions the admin UI asks. The roles list (search,
-- filters, sort, paging), who holds a role, why a member has or lacks a
-- permission (role, group, implication, ceiling, installation), and the role
-- lint (delete without restore, unused, duplicate, separation of duties).
begin;
\ir ../helpers/test_helpers.sql
select plan(50);

-- -----------------------------------------------------------------------------
-- Setup
-- -----------------------------------------------------------------------------

select tests.remember('tenant', tests.new_tenant('Query Co', 'admin@query.test'));
select tests.remember('admin', tests.member_id(tests.id('tenant'), 'admin@query.test'));
select rbac_private.define_module(tests.id('tenant'), 'manuals', 'Manuals', '[
  {"action": "view"}, {"action": "create", "implies": ["view"]},
  {"action": "edit", "implies": ["view"]}, {"action": "delete", "implies": ["view"]}
]'::jsonb);
select rbac_private.define_module(tests.id('tenant'), 'manuals.trash', 'Manuals Trash',
                                  '[{"action": "restore", "implies": ["manuals.view"]}]'::jsonb);

select tests.authenticate_as('admin@query.test');
select tests.remember('north', public.create_org(tests.id('tenant'), 'North'));
select tests.remember('editor', public.create_role(tests.id('tenant'), 'Alpha Editor', 'Edits manuals', '["manuals.edit"]'));
select tests.remember('copy', public.create_role(tests.id('tenant'), 'Alpha Copy', 'Same as the editor', '["manuals.edit"]'));
select tests.remember('viewer', public.create_role(tests.id('tenant'), 'beta viewer', 'Reads the HANDBOOK', '["manuals.view"]'));
select tests.remember('deleter', public.create_role(tests.id('tenant'), 'Gamma Deleter', 'Cleans up', '["manuals.delete"]'));
select tests.remember('cleaner', public.create_role(tests.id('tenant'), 'Delta Cleaner', 'Deletes and restores',
                                                    '["manuals.delete", "manuals.trash.restore"]'));
select tests.remember('local', public.create_role(tests.id('north'), 'North Local', 'Only up north', '["users.view"]'));
select tests.remember('company', public.create_role(tests.id('tenant'), 'North Company', 'The North company''s ceiling',
                                                    '["manuals.view"]', 'company'));
select tests.remember('retired', public.create_role(tests.id('tenant'), 'Retired', 'No longer used', '["manuals.create"]'));
select public.assign_company_role(tests.id('north'), tests.id('company'));
select tests.remember('editors', public.create_group(tests.id('tenant'), 'Editors'));
select tests.clear_authentication();

select tests.remember('ed', tests.add_member(tests.id('tenant'), 'ed@query.test', 'power_user', null, array[tests.id('editor')]));
select tests.remember('grp', tests.add_member(tests.id('tenant'), 'grp@query.test', 'power_user', null, '{}'));
select tests.remember('northman', tests.add_member(tests.id('tenant'), 'northman@query.test', 'power_user', tests.id('north'),
                                                   array[tests.id('editor')]));
select tests.remember('plain', tests.add_member(tests.id('tenant'), 'plain@query.test', 'power_user', null,
                                                array[tests.role_id(tests.id('tenant'), 'User'), tests.id('retired')]));

select tests.authenticate_as('admin@query.test');
select public.add_group_member(tests.id('editors'), tests.id('grp'));
select public.assign_group_role(tests.id('editors'), tests.id('cleaner'));
select public.disable_role(tests.id('retired'));
select tests.clear_authentication();

-- Distinct creation times (one transaction would give every role the same now()).
update rbac.roles r set created_at = timestamptz '2026-01-01' + (o.n || ' days')::interval
  from (values ('Administrator', 1), ('User', 2), ('Alpha Editor', 3), ('Alpha Copy', 4), ('beta viewer', 5),
               ('Gamma Deleter', 6), ('Delta Cleaner', 7), ('North Local', 8), ('North Company', 9), ('Retired', 10)) o(name, n)
 where r.tenant_id = tests.id('tenant') and r.name = o.name;

-- -----------------------------------------------------------------------------
-- R6: the roles list
-- -----------------------------------------------------------------------------

select tests.authenticate_as('admin@query.test');

select results_eq(
  $$ select name from public.list_roles(tests.id('tenant')) $$,
  $$ values ('Administrator'::text), ('Alpha Copy'), ('Alpha Editor'), ('beta viewer'), ('Delta Cleaner'),
            ('Gamma Deleter'), ('North Company'), ('North Local'), ('User') $$,
  'R6: by default the list holds every active role, sorted by name case-insensitively');
select results_eq(
  $$ select name from public.list_roles(tests.id('tenant'), p_search => 'EDITOR') $$,
  $$ values ('Alpha Copy'::text), ('Alpha Editor') $$,
  'R6: search matches the name or the description, case-insensitively');
select results_eq(
  $$ select name from public.list_roles(tests.id('tenant'), p_search => 'handbook') $$,
  $$ values ('beta viewer'::text) $$,
  'R6: search finds a role by its description alone');
select is_empty($$ select 1 from public.list_roles(tests.id('tenant'), p_search => '%') $$,
                'R6: search text is taken literally: % is no wildcard, and no role name contains it');
select results_eq($$ select name from public.list_roles(tests.id('tenant'), p_search => 'North_') $$, $$ select 'x'::text where false $$,
                  'R6: _ is no wildcard either (North_ does not match "North ")');
select results_eq(
  $$ select name from public.list_roles(tests.id('tenant'), p_kind => 'company') $$,
  $$ values ('North Company'::text) $$,
  'R6: the kind filter keeps company roles only');
select results_eq(
  $$ select name from public.list_roles(tests.id('tenant'), p_org_id => tests.id('north')) $$,
  $$ values ('North Local'::text) $$,
  'R6: the org filter keeps roles defined at that org');
select results_eq(
  $$ select name from public.list_roles(tests.id('tenant'), p_permission => 'manuals.view') $$,
  $$ values ('Administrator'::text), ('Alpha Copy'), ('Alpha Editor'), ('beta viewer'), ('Delta Cleaner'),
            ('Gamma Deleter'), ('North Company') $$,
  'R6: the "holds permission X" filter counts implied actions (edit ⇒ view) and grants-all roles');
select results_eq(
  $$ select name from public.list_roles(tests.id('tenant'), p_unused => true) $$,
  $$ values ('Alpha Copy'::text), ('beta viewer'), ('Gamma Deleter'), ('North Local') $$,
  'R6: the unused filter keeps roles nobody holds (directly, through a group or as a company role)');
select results_eq(
  $$ select name from public.list_roles(tests.id('tenant'), p_unused => false) $$,
  $$ values ('Administrator'::text), ('Alpha Editor'), ('Delta Cleaner'), ('North Company'), ('User') $$,
  'R6: unused = false keeps the roles someone holds');
select results_eq(
  $$ select name, disabled_at is not null from public.list_roles(tests.id('tenant'), p_search => 'retired', p_include_disabled => true) $$,
  $$ values ('Retired'::text, true) $$,
  'R6: include_disabled adds disabled roles, marked as such');
select results_eq(
  $$ select name from public.list_roles(tests.id('tenant'), p_sort => 'name', p_descending => true, p_limit => 3) $$,
  $$ values ('User'::text), ('North Local'), ('North Company') $$,
  'R6: sort by name descending');
select results_eq(
  $$ select name, holder_count from public.list_roles(tests.id('tenant'), p_sort => 'holders', p_descending => true) $$,
  $$ values ('Alpha Editor'::text, 2::bigint), ('Administrator', 1), ('Delta Cleaner', 1), ('North Company', 1), ('User', 1),
            ('Alpha Copy', 0), ('beta viewer', 0), ('Gamma Deleter', 0), ('North Local', 0) $$,
  'R6: sort by holders descending, ties by name; group members and orgs count as holders');
select results_eq(
  $$ select name from public.list_roles(tests.id('tenant'), p_sort => 'holders', p_limit => 2) $$,
  $$ values ('Alpha Copy'::text), ('beta viewer') $$,
  'R6: sort by holders ascending');
select results_eq(
  $$ select name from public.list_roles(tests.id('tenant'), p_sort => 'created_at', p_limit => 3) $$,
  $$ values ('Administrator'::text), ('User'), ('Alpha Editor') $$,
  'R6: sort by creation date ascending');
select results_eq(
  $$ select name from public.list_roles(tests.id('tenant'), p_sort => 'created_at', p_descending => true, p_limit => 3) $$,
  $$ values ('North Company'::text), ('North Local'), ('Delta Cleaner') $$,
  'R6: sort by creation date descending');
select results_eq(
  $$ select name, total_count from public.list_roles(tests.id('tenant'), p_limit => 3, p_offset => 3) $$,
  $$ values ('beta viewer'::text, 9::bigint), ('Delta Cleaner', 9), ('Gamma Deleter', 9) $$,
  'R6: paging returns the requested page with the total count of the whole list on each row');
select results_eq(
  $$ select holder_count, permission_count from public.list_roles(tests.id('tenant'), p_search => 'Delta') $$,
  $$ values (1::bigint, 2::bigint) $$,
  'R6: each row carries its holder and permission counts');
select throws_ok($$ select * from public.list_roles(tests.id('tenant'), p_sort => 'name; drop table rbac.roles') $$, 'RB005', null,
                 'R6: an unknown sort key is refused');
select throws_ok($$ select * from public.list_roles(tests.id('tenant'), p_limit => 0) $$, 'RB005', null, 'R6: a page size of 0 is refused');
select throws_ok($$ select * from public.list_roles(tests.id('tenant'), p_limit => 501) $$, 'RB005', null,
                 'R6: a page size over 500 is refused');
select throws_ok($$ select * from public.list_roles(tests.id('tenant'), p_offset => -1) $$, 'RB005', null,
                 'R6: a negative offset is refused');

-- -----------------------------------------------------------------------------
-- R5/R6: who holds a role
-- -----------------------------------------------------------------------------

select set_eq(
  $$ select member_id, via from public.role_holders(tests.id('editor')) $$,
  $$ values (tests.id('ed'), 'direct'::text), (tests.id('northman'), 'direct') $$,
  'R5: role_holders lists the direct holders');
select results_eq(
  $$ select member_id, via, via_id from public.role_holders(tests.id('cleaner')) $$,
  $$ values (tests.id('grp'), 'group: Editors'::text, tests.id('editors')) $$,
  'R5: role_holders lists members holding the role through a group, naming the group');
select results_eq(
  $$ select display_name, via, via_id from public.role_holders(tests.id('company')) $$,
  $$ values ('North'::text, 'company role of an organization'::text, tests.id('north')) $$,
  'R5: role_holders lists the orgs holding a company role');
select tests.clear_authentication();

-- Only holders inside the caller's scope by name; the others as a count (an
-- administrator of one office read the names and emails of the whole
-- tenant's holders before).
select tests.authenticate_as('admin@query.test');
select tests.remember('west', public.create_org(tests.id('tenant'), 'West'));
select tests.remember('west_reviewer', public.create_role(tests.id('west'), 'West Reviewer', '', '["users.view", "roles.view"]'));
select tests.clear_authentication();
select tests.add_member(tests.id('tenant'), 'westadmin@query.test', 'administrator', tests.id('west'), array[tests.id('west_reviewer')]);
select tests.remember('westie', tests.add_member(tests.id('tenant'), 'westie@query.test', 'power_user', tests.id('west'), array[tests.id('editor')]));
select tests.authenticate_as('westadmin@query.test');
select set_eq(
  $$ select member_id, display_name, via from public.role_holders(tests.id('editor')) $$,
  $$ values (tests.id('westie'), 'westie'::text, 'direct'::text),
            (null::uuid, '2 more outside the part of the organization you administer', 'outside your scope') $$,
  'R5/A3: an administrator of West sees by name only the holders he administers, the others as a count');
select tests.clear_authentication();

select tests.authenticate_as('plain@query.test');
select throws_ok($$ select * from public.list_roles(tests.id('tenant')) $$, 'RB003', null,
                 'R6: a member without roles.view or users.view cannot list roles');
select throws_ok($$ select * from public.role_holders(tests.role_id(tests.id('tenant'), 'User')) $$, 'RB003', null,
                 'R5: a member without users.view cannot list who holds a role, even one they hold');
select tests.clear_authentication();

-- -----------------------------------------------------------------------------
-- A8: explain
-- -----------------------------------------------------------------------------

select tests.authenticate_as('admin@query.test');
select is(
  (select jsonb_build_object('allowed', e -> 'allowed', 'installed', e -> 'module_installed', 'ceilings', e -> 'ceilings',
                             'grants', (select jsonb_agg(g - 'role_id') from jsonb_array_elements(e -> 'grants') g))
     from public.explain_permission(tests.id('ed'), 'manuals.edit') e),
  '{"allowed": true, "installed": true, "ceilings": [],
    "grants": [{"role": "Alpha Editor", "via": "direct", "group": null, "role_disabled": false, "scope": "all",
                "implied_by": null, "grants_all": false}]}'::jsonb,
  'A8: allowed, through the role that grants it directly, no ceiling, module installed');
select is((public.explain_permission(tests.id('ed'), 'manuals.view') -> 'grants' -> 0 -> 'implied_by'), '["manuals.edit"]'::jsonb,
          'A8: an implied permission names the action that implies it (implied_by)');
select is((select jsonb_build_object('allowed', e -> 'allowed', 'role', e -> 'grants' -> 0 -> 'role', 'via', e -> 'grants' -> 0 -> 'via',
                                     'group', e -> 'grants' -> 0 -> 'group')
             from public.explain_permission(tests.id('grp'), 'manuals.delete') e),
          '{"allowed": true, "role": "Delta Cleaner", "via": "group", "group": "Editors"}'::jsonb,
          'A8: a permission held through a group names the group and its role');
select is((select jsonb_build_object('allowed', e -> 'allowed', 'granted_by', e -> 'grants' -> 0 -> 'role', 'ceilings', e -> 'ceilings')
             from public.explain_permission(tests.id('northman'), 'manuals.edit') e),
          jsonb_build_object('allowed', false, 'granted_by', 'Alpha Editor', 'ceilings',
                             jsonb_build_array(jsonb_build_object('org_id', tests.id('north'), 'org', 'North', 'allows', false,
                                                                  'company_roles', jsonb_build_array('North Company')))),
          'A8: denied although a role grants it: the org''s company role is a ceiling that does not allow it');
select is((select jsonb_build_object('allowed', e -> 'allowed', 'allows', e -> 'ceilings' -> 0 -> 'allows')
             from public.explain_permission(tests.id('northman'), 'manuals.view') e),
          '{"allowed": true, "allows": true}'::jsonb,
          'A8: allowed under a ceiling that does allow it, and the ceiling says so');
select is((select jsonb_build_object('allowed', e -> 'allowed', 'grants', e -> 'grants')
             from public.explain_permission(tests.id('ed'), 'manuals.delete') e),
          '{"allowed": false, "grants": []}'::jsonb,
          'A8: denied with no role granting it: the grants list is empty');
select is((select jsonb_build_object('allowed', e -> 'allowed', 'role', e -> 'grants' -> 0 -> 'role', 'disabled', e -> 'grants' -> 0 -> 'role_disabled')
             from public.explain_permission(tests.id('plain'), 'manuals.create') e),
          '{"allowed": false, "role": "Retired", "disabled": true}'::jsonb,
          'A8/R5: denied because the only granting role is disabled, and the explanation says so');
select is((public.explain_permission(tests.id('admin'), 'manuals.trash.restore') -> 'grants' -> 0 ->> 'grants_all')::boolean, true,
          'A8: the Administrator''s rights are explained by its grants-all role');
select throws_ok($$ select public.explain_permission(tests.id('ed'), 'manuals.fly') $$, 'RB005', null,
                 'A8: explaining an unknown permission is refused');
select tests.clear_authentication();

select tests.authenticate_as('ed@query.test');
select is((public.explain_permission(tests.id('ed'), 'manuals.edit') ->> 'allowed')::boolean, true,
          'A8: a member may explain their own rights without users.view');
select throws_ok($$ select public.explain_permission(tests.id('plain'), 'manuals.view') $$, 'RB003', null,
                 'A8: a plain member cannot explain someone else''s rights');
select tests.clear_authentication();

-- -----------------------------------------------------------------------------
-- R7: role lint
-- -----------------------------------------------------------------------------

select tests.authenticate_as('admin@query.test');
select results_eq(
  $$ select role_name from public.lint_roles(tests.id('tenant')) where rule = 'delete_without_restore' $$,
  $$ values ('Gamma Deleter'::text) $$,
  'R7: a role granting manuals.delete without manuals.trash.restore is reported (not the one that has both)');
select set_eq(
  $$ select role_name from public.lint_roles(tests.id('tenant')) where rule = 'unused' $$,
  $$ values ('Alpha Copy'::text), ('beta viewer'), ('Gamma Deleter'), ('North Local') $$,
  'R7: roles nobody holds are reported as unused (system roles and disabled roles are not)');
select set_eq(
  $$ select role_name, detail from public.lint_roles(tests.id('tenant')) where rule = 'duplicate' $$,
  $$ values ('Alpha Copy'::text, 'Grants exactly the same permissions as Alpha Editor.'::text),
            ('Alpha Editor', 'Grants exactly the same permissions as Alpha Copy.') $$,
  'R7: two roles with the same permissions are reported as duplicates of each other (an employee and a company role are not)');
select is_empty($$ select 1 from public.lint_roles(tests.id('tenant')) where rule in ('sod_conflict', 'member_sod_conflict') $$,
                'R7: without separation-of-duties rules nothing is reported as a conflict');
select lives_ok($$ select public.create_sod_rule(tests.id('tenant'), 'Who deletes does not restore', 'manuals.delete', 'manuals.trash.restore') $$,
                'A6: a separation-of-duties rule is declared');
select set_eq(
  $$ select role_name, severity from public.lint_roles(tests.id('tenant')) where rule = 'sod_conflict' $$,
  $$ values ('Administrator'::text, 'info'::text), ('Delta Cleaner', 'error') $$,
  'R7/A6: roles granting both permissions of a rule are reported as errors (Administrator, exempt, as information)');
select set_eq(
  $$ select role_name from public.lint_roles(tests.id('tenant')) where rule = 'member_sod_conflict' $$,
  $$ values ('admin'::text), ('grp') $$,
  'R7: members holding both permissions of a rule (here through a group, and the Administrator) are reported');
select tests.clear_authentication();

select tests.authenticate_as('plain@query.test');
select throws_ok($$ select * from public.lint_roles(tests.id('tenant')) $$, 'RB003', null,
                 'R7: a member without roles.view cannot run the lint');
select tests.clear_authentication();

-- -----------------------------------------------------------------------------
-- A8/P2: an uninstalled module explains a denial
-- -----------------------------------------------------------------------------

select tests.authenticate_as('admin@query.test');
select public.set_module_installed(tests.id('tenant'), 'manuals', false);
select is((select jsonb_build_object('allowed', e -> 'allowed', 'module_installed', e -> 'module_installed',
                                     'still_granted_by', e -> 'grants' -> 0 -> 'role')
             from public.explain_permission(tests.id('ed'), 'manuals.edit') e),
          '{"allowed": false, "module_installed": false, "still_granted_by": "Alpha Editor"}'::jsonb,
          'A8: denied because the module is not installed, though a role still grants it');
select is_empty($$ select 1 from public.lint_roles(tests.id('tenant')) where rule = 'delete_without_restore' $$,
                'R7: with Manuals uninstalled, delete without restore is no longer reported (nothing is granted there)');
select is((select count(*)::int from public.list_roles(tests.id('tenant'), p_permission => 'manuals.view')), 1,
          'R6: with the module uninstalled, only the grants-all Administrator matches its permission filter');
select tests.clear_authentication();

select * from finish();
rollback;
