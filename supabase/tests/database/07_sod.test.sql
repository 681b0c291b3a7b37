-- A6 separation of duties: once two permissions are declared apart, no change
-- may leave a member holding both, whichever way the second one would arrive
-- (a direct role, a group, an edited or restored role, implied actions); the
-- refusal names both permissions and changes nothing. A role that itself
-- grants both can be defined (nobody holds it yet) but lint reports it, and
-- so are conflicts that existed before the rule. Deleting the rule lifts it.
begin;
\ir ../helpers/test_helpers.sql
select plan(32);

-- =============================================================================
-- Setup
--
--   Ledger Co (root)   admin (company admin), legacy (holds both before any rule),
--                      clerk, clerk2, approver (power users)
--   └── Branch         boss (administrator with roles.edit)
-- =============================================================================

select tests.remember('tenant', tests.new_tenant('Ledger Co', 'admin@ledger.test'));
select rbac_private.define_module(tests.id('tenant'), 'payments', 'Payments', '[
  {"action": "create"}, {"action": "approve"}]'::jsonb);
select rbac_private.define_module(tests.id('tenant'), 'vendors', 'Vendors', '[
  {"action": "view"}, {"action": "edit", "implies": ["view"]}, {"action": "manage", "implies": ["edit"]}]'::jsonb);

select tests.authenticate_as('admin@ledger.test');
select tests.remember('branch', public.create_org(tests.id('tenant'), 'Branch'));
select tests.remember('maker', public.create_role(tests.id('tenant'), 'Payment Clerk', '', '["payments.create"]'::jsonb));
select tests.remember('checker', public.create_role(tests.id('tenant'), 'Payment Approver', '', '["payments.approve"]'::jsonb));
select tests.remember('temp_checker', public.create_role(tests.id('tenant'), 'Temp Approver', '', '["payments.approve"]'::jsonb));
select tests.remember('vendor_manager', public.create_role(tests.id('tenant'), 'Vendor Manager', '', '["vendors.manage"]'::jsonb));
select tests.remember('rule_keeper', public.create_role(tests.id('tenant'), 'Rule Keeper', '', '["roles.edit"]'::jsonb));
select tests.clear_authentication();

select tests.remember('legacy', tests.add_member(tests.id('tenant'), 'legacy@ledger.test', 'power_user', null,
  array[tests.id('maker'), tests.id('checker')]));
select tests.remember('clerk', tests.add_member(tests.id('tenant'), 'clerk@ledger.test', 'power_user', null, array[tests.id('maker')]));
select tests.remember('clerk2', tests.add_member(tests.id('tenant'), 'clerk2@ledger.test', 'power_user', null, array[tests.id('temp_checker')]));
select tests.remember('approver', tests.add_member(tests.id('tenant'), 'approver@ledger.test', 'power_user', null, array[tests.id('checker')]));
select tests.remember('boss', tests.add_member(tests.id('tenant'), 'boss@ledger.test', 'administrator', tests.id('branch'), array[tests.id('rule_keeper')]));

-- =============================================================================
-- Declaring the rules
-- =============================================================================

select tests.authenticate_as('admin@ledger.test');
select lives_ok(
  $$ select tests.remember('rule', public.create_sod_rule(tests.id('tenant'), 'Maker-checker', 'payments.create', 'payments.approve')) $$,
  'A6: a company administrator declares payments.create and payments.approve apart'
);
select throws_ok(
  $$ select public.create_sod_rule(tests.id('tenant'), 'Checker-maker', 'payments.approve', 'payments.create') $$,
  'RB006', null,
  'A6: the same pair cannot be declared twice, in either order'
);
select lives_ok(
  $$ select tests.remember('vendor_rule', public.create_sod_rule(tests.id('tenant'), 'Vendor editors do not approve', 'vendors.edit', 'payments.approve')) $$,
  'A6: a second rule keeps vendor editing apart from payment approval'
);

-- =============================================================================
-- Every way the second permission could arrive is refused
-- =============================================================================

select throws_ok(
  $$ select public.assign_role(tests.id('clerk'), tests.id('checker')) $$,
  'RB016',
  'clerk would hold both payments.create and payments.approve, which the rule "Maker-checker" keeps apart.',
  'A6: assigning a role that completes a conflicting pair is refused with a sentence naming both permissions'
);
select set_eq(
  $$ select role_id from rbac.member_roles where member_id = tests.id('clerk') $$,
  array[tests.id('maker')],
  'A6: after the refusal clerk holds exactly Payment Clerk, as before'
);
select throws_ok(
  $$ select public.set_member_roles(tests.id('clerk'), array[tests.id('maker'), tests.id('checker')]) $$,
  'RB016', null,
  'A6: the edit form (set_member_roles) is refused the same way'
);
select throws_ok(
  $$ select public.assign_role(tests.id('approver'), tests.id('vendor_manager')) $$,
  'RB016',
  'approver would hold both payments.approve and vendors.edit, which the rule "Vendor editors do not approve" keeps apart.',
  'A6/P4: a conflict reached through an implied action (vendors.manage ⇒ vendors.edit) is refused too'
);

-- Through groups.
select tests.remember('approvers', public.create_group(tests.id('tenant'), 'Approvers'));
select public.assign_group_role(tests.id('approvers'), tests.id('checker'));
select tests.remember('clerks', public.create_group(tests.id('tenant'), 'Clerks'));
select public.add_group_member(tests.id('clerks'), tests.id('clerk'));
select throws_ok(
  $$ select public.add_group_member(tests.id('approvers'), tests.id('clerk')) $$,
  'RB016', null,
  'A6/A1: joining a group whose role completes the pair is refused'
);
select is_empty(
  $$ select 1 from rbac.group_members where group_id = tests.id('approvers') and member_id = tests.id('clerk') $$,
  'A6/A1: clerk is not in Approvers after the refusal'
);
select throws_ok(
  $$ select public.assign_group_role(tests.id('clerks'), tests.id('checker')) $$,
  'RB016', null,
  'A6/A1: giving a group a role that completes the pair for one of its members is refused'
);
select is_empty(
  $$ select 1 from rbac.group_roles where group_id = tests.id('clerks') $$,
  'A6/A1: Clerks holds no role after the refusal'
);

-- Through editing a role someone holds.
select throws_ok(
  $$ select public.update_role(tests.id('maker'), p_permissions => '["payments.create", "payments.approve"]'::jsonb) $$,
  'RB016', null,
  'A6/R4: adding the second permission to a role whose holder has the first is refused'
);
select set_eq(
  $$ select p.key from rbac.role_permissions rp join rbac.permissions p on p.id = rp.permission_id where rp.role_id = tests.id('maker') $$,
  array['payments.create'],
  'A6/R4: Payment Clerk still grants payments.create only'
);

-- Through restoring a disabled role: clerk2 keeps a disabled Temp Approver,
-- takes Payment Clerk while it grants nothing, then the restore would clash.
select lives_ok(
  $$ select public.disable_role(tests.id('temp_checker')) $$,
  'A6/R5: the administrator disables Temp Approver (clerk2 still holds it, but it grants nothing)'
);
select lives_ok(
  $$ select public.assign_role(tests.id('clerk2'), tests.id('maker')) $$,
  'A6/R5: clerk2 can now take Payment Clerk: a disabled role''s permission does not count'
);
select throws_ok(
  $$ select public.restore_role(tests.id('temp_checker')) $$,
  'RB016',
  'clerk2 would hold both payments.create and payments.approve, which the rule "Maker-checker" keeps apart.',
  'A6/R5: restoring a role that would complete a pair for a holder is refused'
);
select ok(
  (select disabled_at is not null from rbac.roles where id = tests.id('temp_checker')),
  'A6/R5: Temp Approver stays disabled after the refused restore'
);

-- =============================================================================
-- A role that grants both, and conflicts older than the rule: lint (R7)
-- =============================================================================

select lives_ok(
  $$ select tests.remember('both', public.create_role(tests.id('tenant'), 'Both Hats', '', '["payments.create", "payments.approve"]'::jsonb)) $$,
  'A6/R7: a role granting both permissions can still be defined (nobody holds it yet)'
);
select throws_ok(
  $$ select public.assign_role(tests.id('clerk'), tests.id('both')) $$,
  'RB016', null,
  'A6: but it cannot be given to anyone'
);
select results_eq(
  $$ select detail from public.lint_roles(tests.id('tenant')) where rule = 'sod_conflict' and role_name = 'Both Hats' $$,
  array['Grants both payments.create and payments.approve, which the rule "Maker-checker" keeps apart.'],
  'A6/R7: lint reports the role that breaks the rule by itself'
);
select results_eq(
  $$ select detail from public.lint_roles(tests.id('tenant')) where rule = 'member_sod_conflict' and role_name = 'legacy' $$,
  array['legacy holds both payments.create and payments.approve, which the rule "Maker-checker" keeps apart.'],
  'A6/R7: a conflict that existed before the rule is not undone but reported by lint'
);
select ok(
  not exists (select 1 from public.lint_roles(tests.id('tenant'))
               where rule = 'member_sod_conflict' and role_name in ('clerk', 'clerk2', 'approver')),
  'A6/R7: none of the refused changes left a member in conflict'
);

-- =============================================================================
-- Who may lift a rule, and lifting it
-- =============================================================================

select tests.clear_authentication();
select tests.authenticate_as('boss@ledger.test');
select throws_ok(
  $$ select public.delete_sod_rule(tests.id('rule')) $$,
  'RB011', null,
  'A6: an administrator of a sub-org with roles.edit cannot delete a tenant-wide rule'
);
select throws_ok(
  $$ select public.create_sod_rule(tests.id('tenant'), 'Useless', 'vendors.view', 'payments.create') $$,
  'RB011', null,
  'A6: nor declare one'
);

select tests.clear_authentication();
select tests.authenticate_as('admin@ledger.test');
select lives_ok(
  $$ select public.delete_sod_rule(tests.id('rule')) $$,
  'A6: the company administrator deletes the maker-checker rule'
);
select lives_ok(
  $$ select public.assign_role(tests.id('clerk'), tests.id('checker')) $$,
  'A6: with the rule gone, the pair may be held together'
);
select ok(
  tests.has(tests.id('clerk'), 'payments.create') and tests.has(tests.id('clerk'), 'payments.approve'),
  'A6: clerk now holds both permissions'
);
select throws_ok(
  $$ select public.assign_role(tests.id('approver'), tests.id('vendor_manager')) $$,
  'RB016', null,
  'A6: the other rule still holds'
);
-- Gains without a role change: installing a module, lifting a company ceiling.
-- A new conflict is refused; legacy (who already broke the Maker-checker rule
-- before it existed) does not block unrelated changes.
select tests.clear_authentication();
select rbac_private.define_module(tests.id('tenant'), 'ledger', 'Ledger', '[{"action": "post"}]'::jsonb, p_installed => false);
select tests.authenticate_as('admin@ledger.test');
select public.create_sod_rule(tests.id('tenant'), 'Posters do not approve', 'ledger.post', 'payments.approve');
select tests.clear_authentication();
insert into rbac.role_permissions (tenant_id, role_id, permission_id)
select tests.id('tenant'), tests.id('checker'), id from rbac.permissions where tenant_id = tests.id('tenant') and key = 'ledger.post';
select tests.authenticate_as('admin@ledger.test');
select throws_ok(
  $$ select public.set_module_installed(tests.id('tenant'), 'ledger', true) $$,
  'RB016', null,
  'A6: installing a module that would complete a conflicting pair for its holders is refused'
);
select tests.clear_authentication();
delete from rbac.role_permissions where role_id = tests.id('checker')
   and permission_id = (select id from rbac.permissions where tenant_id = tests.id('tenant') and key = 'ledger.post');
select tests.authenticate_as('admin@ledger.test');
select lives_ok(
  $$ select public.set_module_installed(tests.id('tenant'), 'ledger', true) $$,
  'A6: without a new conflict the module installs, although an older conflict exists (lint reports that one)'
);
-- A ceiling that kept the pair apart cannot be lifted.
select tests.remember('cap', public.create_role(tests.id('tenant'), 'Branch cap', '', '["vendors.manage"]'::jsonb, 'company'));
select public.assign_company_role(tests.id('branch'), tests.id('cap'));
select tests.clear_authentication();
select tests.add_member(tests.id('tenant'), 'capped@ledger.test', 'power_user', tests.id('branch'),
  array[tests.id('vendor_manager'), tests.id('checker')]);
select tests.authenticate_as('admin@ledger.test');
select throws_ok(
  $$ select public.unassign_company_role(tests.id('branch'), tests.id('cap')) $$,
  'RB016', null,
  'A6/A2: lifting a company ceiling that kept a conflicting pair apart is refused'
);

-- Administrator grants everything, both sides of every rule included; its
-- holders are the trust root and exempt, or no second administrator could exist.
select lives_ok(
  format($$ select public.assign_role(tests.id('approver'), %L) $$,
         (select id from rbac.roles where tenant_id = tests.id('tenant') and system_key = 'administrator')),
  'A6: appointing another Administrator is not blocked by separation-of-duties rules (administrators are exempt)'
);

select * from finish();
rollback;
