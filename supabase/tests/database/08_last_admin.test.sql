-- A5 last administrator, sequential paths (the concurrent races are in
-- tests/integration/last-admin-concurrency.test.ts). A tenant always keeps an
-- active member with full user and role management over the whole tenant
-- (rbac_private.is_full_admin); every way of taking those rights from the only
-- one is refused with RB015 and changes nothing. With two, one may demote the
-- other, and then the remaining one is protected.
--
-- The attacker is a deputy: a power user at the root holding Administrator.
-- They hold every right, so delegation (A4) lets them try everything, but as a
-- power user they do not count as an administrator themselves.
begin;
\ir ../helpers/test_helpers.sql
select plan(29);

-- =============================================================================
-- Setup
--
--   Solo Co (root)   admin (company admin, the only administrator), deputy
--   ├── Head Office  (admin moves here for the ceiling paths)
--   └── Ops          [Ops Cap: no users.* rights]
-- =============================================================================

select tests.remember('tenant', tests.new_tenant('Solo Co', 'admin@solo.test'));
select tests.remember('admin', tests.member_id(tests.id('tenant'), 'admin@solo.test'));
select tests.remember('administrator', tests.role_id(tests.id('tenant'), 'Administrator'));
select tests.remember('user_role', tests.role_id(tests.id('tenant'), 'User'));
select rbac_private.define_module(tests.id('tenant'), 'accounts', 'Accounts', '[{"action": "view"}]'::jsonb);

select tests.authenticate_as('admin@solo.test');
select tests.remember('head_office', public.create_org(tests.id('tenant'), 'Head Office'));
select tests.remember('ops', public.create_org(tests.id('tenant'), 'Ops'));
select tests.remember('full_admin', public.create_role(tests.id('tenant'), 'Full Admin', 'Custom administrator role',
  (select jsonb_agg(p.key) from rbac.permissions p join rbac.modules m on m.id = p.module_id
    where p.tenant_id = tests.id('tenant') and m.key in ('users', 'roles'))));
select tests.remember('ops_cap', public.create_role(tests.id('tenant'), 'Ops Cap', '',
  '["accounts.view", "roles.view", "organizations.manage"]'::jsonb, 'company'));
select public.assign_company_role(tests.id('ops'), tests.id('ops_cap'));
select tests.clear_authentication();

select tests.remember('deputy', tests.add_member(tests.id('tenant'), 'deputy@solo.test', 'power_user', null, array[tests.id('administrator')]));
-- The deputy also works in Head Office and Ops, so every path is within their scope.
insert into rbac.member_orgs (tenant_id, member_id, org_id) values
  (tests.id('tenant'), tests.id('deputy'), tests.id('head_office')),
  (tests.id('tenant'), tests.id('deputy'), tests.id('ops'));

select ok(
  rbac_private.is_full_admin(tests.id('admin')) and not rbac_private.is_full_admin(tests.id('deputy')),
  'A5: (premise) admin is the only administrator; the deputy holds every right but is not one'
);

-- =============================================================================
-- Through the admin's own roles
-- =============================================================================

select tests.authenticate_as('deputy@solo.test');
select throws_ok(
  $$ select public.unassign_role(tests.id('admin'), tests.id('administrator')) $$,
  'RB015',
  'This change would leave the organization without an active administrator; at least one must remain.',
  'A5: the only administrator cannot lose the Administrator role (unassign_role)'
);
select throws_ok(
  $$ select public.set_member_roles(tests.id('admin'), array[tests.id('user_role')]) $$,
  'RB015', null,
  'A5: the only administrator cannot be switched to User through the edit form (set_member_roles)'
);
select set_eq(
  $$ select role_id from rbac.member_roles where member_id = tests.id('admin') $$,
  array[tests.id('administrator')],
  'A5: after both refusals admin holds exactly Administrator (User was not added either)'
);

-- Arrange: admin's rights now come from the custom Full Admin role only.
select tests.clear_authentication();
insert into rbac.member_roles (tenant_id, member_id, role_id) values (tests.id('tenant'), tests.id('admin'), tests.id('full_admin'));
delete from rbac.member_roles where member_id = tests.id('admin') and role_id = tests.id('administrator');
select ok(
  rbac_private.is_full_admin(tests.id('admin')),
  'A5: (premise) a custom role with every users.* and roles.* right makes admin a full administrator'
);

select tests.authenticate_as('deputy@solo.test');
select throws_ok(
  $$ select public.disable_role(tests.id('full_admin')) $$,
  'RB015', null,
  'A5: the custom role that makes the only administrator one cannot be disabled'
);
select throws_ok(
  $$ select public.update_role(tests.id('full_admin'), p_permissions =>
       (select jsonb_agg(p.key) from rbac.permissions p join rbac.modules m on m.id = p.module_id
         where p.tenant_id = tests.id('tenant') and m.key in ('users', 'roles') and p.key <> 'users.delete')) $$,
  'RB015', null,
  'A5: that role cannot be edited to drop a users.* right'
);
select throws_ok(
  $$ select public.update_role(tests.id('full_admin'), p_permissions =>
       (select jsonb_agg(p.key) from rbac.permissions p join rbac.modules m on m.id = p.module_id
         where p.tenant_id = tests.id('tenant') and m.key = 'users')) $$,
  'RB015', null,
  'A5: nor edited to drop every roles.* right'
);
select ok(
  tests.has(tests.id('admin'), 'users.delete') and tests.has(tests.id('admin'), 'roles.approve')
    and (select disabled_at is null from rbac.roles where id = tests.id('full_admin')),
  'A5: after the refusals Full Admin is active and still grants users.delete and roles.approve'
);
select lives_ok(
  $$ select public.update_role(tests.id('full_admin'), p_description => 'Still the custom administrator role') $$,
  'A5: (control) an edit that keeps the rights is allowed'
);

-- Arrange: admin's rights now come from the Admins group only.
select lives_ok(
  $$ select tests.remember('admins', public.create_group(tests.id('tenant'), 'Admins')) $$,
  'A5: the deputy creates an Admins group'
);
select lives_ok(
  $$ select public.assign_group_role(tests.id('admins'), tests.id('administrator')) $$,
  'A5: the deputy gives Admins the Administrator role'
);
select lives_ok(
  $$ select public.add_group_member(tests.id('admins'), tests.id('admin')) $$,
  'A5: the deputy adds admin to Admins'
);
select tests.clear_authentication();
delete from rbac.member_roles where member_id = tests.id('admin');
select ok(
  rbac_private.is_full_admin(tests.id('admin')),
  'A5: (premise) admin is now an administrator only through the Admins group'
);

select tests.authenticate_as('deputy@solo.test');
select throws_ok(
  $$ select public.remove_group_member(tests.id('admins'), tests.id('admin')) $$,
  'RB015', null,
  'A5: the only administrator cannot be removed from the group that makes them one'
);
select throws_ok(
  $$ select public.unassign_group_role(tests.id('admins'), tests.id('administrator')) $$,
  'RB015', null,
  'A5: that group cannot lose its Administrator role'
);
select throws_ok(
  $$ select public.delete_group(tests.id('admins')) $$,
  'RB015', null,
  'A5: that group cannot be deleted'
);
select ok(
  exists (select 1 from rbac.group_members where group_id = tests.id('admins') and member_id = tests.id('admin'))
    and tests.has(tests.id('admin'), 'users.assign_roles'),
  'A5: after the refusals admin is still in Admins and still holds its rights'
);

-- =============================================================================
-- Through the company ceiling (A2): capping the admin's org
-- =============================================================================

-- Arrange: admin, a company administrator, works from Head Office.
select tests.clear_authentication();
update rbac.members set home_org_id = tests.id('head_office') where id = tests.id('admin');
select ok(
  rbac_private.is_full_admin(tests.id('admin')),
  'A5: (premise) a company administrator placed at Head Office is a full administrator'
);

select tests.authenticate_as('deputy@solo.test');
select throws_ok(
  $$ select public.update_org(tests.id('head_office'), p_parent_id => tests.id('ops')) $$,
  'RB015', null,
  'A5/A2: the only administrator''s org cannot move under an org whose cap lacks user management'
);
select throws_ok(
  $$ select public.assign_company_role(tests.id('head_office'), tests.id('ops_cap')) $$,
  'RB015', null,
  'A5/A2: a company role lacking user management cannot be given to the only administrator''s org'
);
select ok(
  (select parent_id = tests.id('tenant') from rbac.orgs where id = tests.id('head_office'))
    and not exists (select 1 from rbac.org_company_roles where org_id = tests.id('head_office')),
  'A5/A2: after the refusals Head Office is still under the root and uncapped'
);
select lives_ok(
  $$ select public.update_org(tests.id('ops'), p_name => 'Operations') $$,
  'A5/A2: (control) other changes to the orgs involved are allowed'
);

-- =============================================================================
-- Two administrators: one may demote the other; then the last is protected.
-- =============================================================================

select tests.clear_authentication();
select tests.remember('admin2', tests.add_member(tests.id('tenant'), 'admin2@solo.test', 'company_admin', null,
  array[tests.id('administrator')]));
select tests.authenticate_as('admin2@solo.test');
select lives_ok(
  $$ select public.remove_group_member(tests.id('admins'), tests.id('admin')) $$,
  'A5: with two administrators, one may take the other''s administrator rights'
);
select ok(
  not tests.has(tests.id('admin'), 'users.assign_roles'),
  'A5: the demoted administrator lost user management at once'
);

select tests.clear_authentication();
select tests.authenticate_as('deputy@solo.test');
select throws_ok(
  $$ select public.unassign_role(tests.id('admin2'), tests.id('administrator')) $$,
  'RB015', null,
  'A5: now admin2 is the last administrator and cannot lose Administrator'
);
select throws_ok(
  $$ select public.set_member_roles(tests.id('admin2'), array[tests.id('user_role')]) $$,
  'RB015', null,
  'A5: nor be switched to User'
);
select lives_ok(
  $$ select public.set_member_roles(tests.id('admin2'), array[tests.id('full_admin')]) $$,
  'A5: the last administrator may swap Administrator for another role that keeps full user and role management'
);
select throws_ok(
  $$ select public.disable_role(tests.id('full_admin')) $$,
  'RB015', null,
  'A5: and then that role is the one that cannot be disabled'
);

select * from finish();
rollback;
