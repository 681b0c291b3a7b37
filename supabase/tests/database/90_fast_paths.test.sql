-- The fast paths the benchmark led to (docs/benchmarks.md) answer exactly as
-- the slow ones did:
--   * public.has_permission keeps the caller's keys for the statement: the
--     kept answer must follow the tenant asked about and the JWT claims, and
--     a write in the same statement;
--   * list_roles' "holds permission X" filter is set-based: implied
--     permissions count, uninstalled modules grant nothing, grants-everything
--     roles always match;
--   * a role edit or restore checks separation of duties only for holders
--     who could break a rule: the holder's group roles, implied actions,
--     restored roles and a tenant with RBAC off (U4) must still be caught.
begin;
\ir ../helpers/test_helpers.sql
select plan(14);

-- =============================================================================
-- Setup
--
--   Fast Co (root)  admin (company admin), teamed (power user: Vendor Viewer
--                   directly, Payment Approver through the Approvers group),
--                   dual (power user holding Payment Clerk and Late Clerk
--                   before any rule), other (admin of Slow Co, a power user
--                   without roles here)
-- =============================================================================

select tests.remember('tenant', tests.new_tenant('Fast Co', 'admin@fast.test'));
select tests.remember('other_tenant', tests.new_tenant('Slow Co', 'other@fast.test'));
select rbac_private.define_module(tests.id('tenant'), 'payments', 'Payments', '[
  {"action": "create"}, {"action": "approve"}]'::jsonb);
select rbac_private.define_module(tests.id('tenant'), 'vendors', 'Vendors', '[
  {"action": "view"}, {"action": "edit", "implies": ["view"]}, {"action": "manage", "implies": ["edit"]}]'::jsonb);

select tests.authenticate_as('admin@fast.test');
select tests.remember('viewer', public.create_role(tests.id('tenant'), 'Vendor Viewer', '', '["vendors.view"]'::jsonb));
select tests.remember('manager', public.create_role(tests.id('tenant'), 'Vendor Manager', '', '["vendors.manage"]'::jsonb));
select tests.remember('checker', public.create_role(tests.id('tenant'), 'Payment Approver', '', '["payments.approve"]'::jsonb));
select tests.remember('maker', public.create_role(tests.id('tenant'), 'Payment Clerk', '', '["payments.create"]'::jsonb));
select tests.remember('late_maker', public.create_role(tests.id('tenant'), 'Late Clerk', '', '["payments.approve"]'::jsonb));
select tests.remember('approvers', public.create_group(tests.id('tenant'), 'Approvers'));
select public.assign_group_role(tests.id('approvers'), tests.id('checker'));
select tests.clear_authentication();

select tests.remember('teamed', tests.add_member(tests.id('tenant'), 'teamed@fast.test', 'power_user', null, array[tests.id('viewer')]));
select tests.remember('dual', tests.add_member(tests.id('tenant'), 'dual@fast.test', 'power_user', null,
  array[tests.id('maker'), tests.id('late_maker')]));
select rbac_private.insert_member(tests.id('tenant'), tests.user_id('other@fast.test'), 'other', 'other@fast.test',
                                  tests.id('tenant'), 'power_user', '{}');

select tests.authenticate_as('admin@fast.test');
select public.add_group_member(tests.id('approvers'), tests.id('teamed'));
-- Late Clerk is disabled while dual holds it; then the rules are declared.
select public.disable_role(tests.id('late_maker'));
select public.create_sod_rule(tests.id('tenant'), 'Maker-checker', 'payments.create', 'payments.approve');
select public.create_sod_rule(tests.id('tenant'), 'Vendor editors do not approve', 'vendors.edit', 'payments.approve');

-- =============================================================================
-- has_permission: the kept answer follows the tenant and the claims
-- =============================================================================

select tests.clear_authentication();
select tests.remember('teamed_user', tests.user_id('teamed@fast.test'));
select tests.authenticate_as('other@fast.test');
select is(
  array[public.has_permission('users.view', tests.id('other_tenant')), public.has_permission('users.view', tests.id('tenant'))],
  array[true, false],
  'R4: in one statement, has_permission answers for each tenant asked about (administrator of one, power user in the other)'
);
select is(
  array[public.has_permission('users.view', tests.id('other_tenant')),
        set_config('request.jwt.claims', json_build_object('sub', tests.id('teamed_user'), 'role', 'authenticated')::text, true) is not null,
        public.has_permission('users.view', tests.id('other_tenant'))],
  array[true, true, false],
  'T3: claims changed in the middle of a statement: the next check answers for the new caller, not from the kept answer'
);

-- What a function that writes and checks again within one statement sees.
select tests.clear_authentication();
create function tests.check_uninstall_check(p_tenant_id uuid) returns boolean[]
language plpgsql
as $$
declare
  v_before boolean := public.has_permission('payments.create');
begin
  perform public.set_module_installed(p_tenant_id, 'payments', false);
  return array[v_before, public.has_permission('payments.create')];
end;
$$;
grant execute on function tests.check_uninstall_check(uuid) to authenticated;

select tests.authenticate_as('admin@fast.test');
select is(
  tests.check_uninstall_check(tests.id('tenant')),
  array[true, false],
  'P2/R4: a write in the same statement (uninstalling the module) retires the kept answer'
);
select public.set_module_installed(tests.id('tenant'), 'payments', true);

-- =============================================================================
-- list_roles: holds permission X
-- =============================================================================

select set_eq(
  $$ select name from public.list_roles(tests.id('tenant'), p_permission => 'vendors.view') $$,
  array['Administrator', 'Vendor Viewer', 'Vendor Manager'],
  'R6/P4: holds vendors.view lists the role granting it, the role implying it (manage ⇒ edit ⇒ view) and Administrator'
);
select set_eq(
  $$ select name from public.list_roles(tests.id('tenant'), p_permission => 'vendors.edit') $$,
  array['Administrator', 'Vendor Manager'],
  'R6/P4: holds vendors.edit does not list a role that grants only vendors.view'
);
select public.set_module_installed(tests.id('tenant'), 'vendors', false);
select set_eq(
  $$ select name from public.list_roles(tests.id('tenant'), p_permission => 'vendors.view') $$,
  array['Administrator'],
  'R6/P2: once Vendors is uninstalled only the grants-everything role still matches'
);
select public.set_module_installed(tests.id('tenant'), 'vendors', true);
select set_eq(
  $$ select name from public.list_roles(tests.id('tenant'), p_permission => 'nothing.here') $$,
  array['Administrator'],
  'R6: an unknown permission matches only the grants-everything role, as before'
);

-- =============================================================================
-- Role edits and restores: separation of duties for every holder who could break a rule
-- =============================================================================

select throws_ok(
  format($$ select public.update_role(%L, p_permissions => '["vendors.view", "payments.create"]') $$, tests.id('viewer')),
  'RB016', null,
  'A6: editing a role refuses when a holder has the other permission through a group role'
);
select throws_ok(
  format($$ select public.update_role(%L, p_permissions => '["vendors.manage"]') $$, tests.id('viewer')),
  'RB016', null,
  'A6: editing a role refuses when the new permission implies the conflicting one (manage ⇒ edit)'
);
select ok(
  not tests.has(tests.id('teamed'), 'payments.create') and not tests.has(tests.id('teamed'), 'vendors.edit'),
  'A6: the refused edits changed nothing'
);
select lives_ok(
  format($$ select public.update_role(%L, p_permissions => '["vendors.view", "payments.approve"]') $$, tests.id('viewer')),
  'A6: an edit that gives no holder both permissions of a rule passes'
);
select throws_ok(
  format($$ select public.restore_role(%L) $$, tests.id('late_maker')),
  'RB016', null,
  'A6: restoring a disabled role refuses when a holder would then hold both permissions'
);

-- U4: with RBAC off every member may do everything, so every holder breaks the rule.
select tests.clear_authentication();
update rbac.tenants set rbac_enabled = false where id = tests.id('tenant');
select tests.authenticate_as('admin@fast.test');
select throws_ok(
  format($$ select public.update_role(%L, p_description => 'Reads vendors', p_permissions => '["vendors.view"]') $$, tests.id('viewer')),
  'RB016', null,
  'A6/U4: in a tenant with RBAC off, editing a role refuses because its holders hold everything'
);
select tests.clear_authentication();
update rbac.tenants set rbac_enabled = true where id = tests.id('tenant');
select tests.authenticate_as('admin@fast.test');
select lives_ok(
  format($$ select public.update_role(%L, p_description => 'Reads vendors', p_permissions => '["vendors.view"]') $$, tests.id('viewer')),
  'A6/U4: the same edit passes once RBAC is on'
);

select * from finish();
rollback;
