-- A2 company ceiling, R3 role kinds and A3 user types. Company roles given to
-- an org cap its employees and every sub-org (caps intersect down the
-- ancestor chain, scopes included); an employee never exceeds their company,
-- even holding Administrator. User types decide which orgs a member
-- administers and which member rows they can read; company types decide
-- which user types a company's employees may have.
begin;
\ir ../helpers/test_helpers.sql
select plan(38);

-- =============================================================================
-- Setup
--
--   Group HQ (root)                   admin (company admin), rootadmin (administrator)
--   ├── Subsidiary   [Subsidiary Cap] subadmin (administrator), subpower (power user,
--   │   │                             also works in Other), subprivate (private user)
--   │   └── Subsidiary Branch [Branch Cap]  branchadmin (administrator, also works in Other)
--   └── Other                         cadmin (company admin placed low), otheruser
--       └── Other Desk                deskuser
-- =============================================================================

select tests.remember('tenant', tests.new_tenant('Group HQ', 'admin@group.test'));
select rbac_private.define_module(tests.id('tenant'), 'accounts', 'Accounts', '[
  {"action": "view"}, {"action": "edit", "implies": ["view"]}, {"action": "delete", "implies": ["view"]}
]'::jsonb);
select rbac_private.define_module(tests.id('tenant'), 'billing', 'Billing', '[{"action": "view"}, {"action": "pay", "implies": ["view"]}]'::jsonb);
select rbac_private.define_module(tests.id('tenant'), 'conversations', 'Conversations', '[{"action": "view", "scoped": true}]'::jsonb);

select tests.authenticate_as('admin@group.test');
select tests.remember('sub', public.create_org(tests.id('tenant'), 'Subsidiary'));
select tests.remember('branch', public.create_org(tests.id('sub'), 'Subsidiary Branch'));
select tests.remember('other', public.create_org(tests.id('tenant'), 'Other'));
select tests.remember('desk', public.create_org(tests.id('other'), 'Other Desk'));

-- Company roles (R3 kind 'company'). Their permissions as chosen; implied
-- actions come on top (users.assign_roles ⇒ users.view).
select tests.remember('sub_cap', public.create_role(tests.id('tenant'), 'Subsidiary Cap', '', '[
  "users.assign_roles", "organizations.manage", "accounts.edit", "billing.view",
  {"permission": "conversations.view", "scope": "team"}]'::jsonb, 'company'));
select tests.remember('branch_cap', public.create_role(tests.id('tenant'), 'Branch Cap', '', '[
  "users.assign_roles", "organizations.manage", "accounts.delete", "billing.pay",
  {"permission": "conversations.view", "scope": "all"}]'::jsonb, 'company'));
select tests.remember('everything_cap', public.create_role(tests.id('tenant'), 'Everything Cap', '', '[
  "users.assign_roles", "organizations.manage", "accounts.edit", "accounts.delete", "billing.pay",
  {"permission": "conversations.view", "scope": "all"}]'::jsonb, 'company'));
select tests.remember('viewer', public.create_role(tests.id('tenant'), 'Member Viewer', 'Employee role', '["users.view"]'::jsonb));
select tests.remember('payer', public.create_role(tests.id('tenant'), 'Payer', 'Employee role',
  '["billing.pay", {"permission": "conversations.view", "scope": "all"}]'::jsonb));
select public.assign_company_role(tests.id('sub'), tests.id('sub_cap'));
select public.assign_company_role(tests.id('branch'), tests.id('branch_cap'));
select tests.clear_authentication();

select tests.remember('administrator', tests.role_id(tests.id('tenant'), 'Administrator'));
select tests.remember('admin', tests.member_id(tests.id('tenant'), 'admin@group.test'));
select tests.remember('rootadmin', tests.add_member(tests.id('tenant'), 'rootadmin@group.test', 'administrator', null, array[tests.id('viewer')]));
select tests.remember('subadmin', tests.add_member(tests.id('tenant'), 'subadmin@group.test', 'administrator', tests.id('sub'), array[tests.id('administrator')]));
select tests.remember('subpower', tests.add_member(tests.id('tenant'), 'subpower@group.test', 'power_user', tests.id('sub'), array[tests.id('viewer'), tests.id('payer')]));
select tests.remember('subprivate', tests.add_member(tests.id('tenant'), 'subprivate@group.test', 'private_user', tests.id('sub'), array[tests.id('viewer')]));
select tests.remember('branchadmin', tests.add_member(tests.id('tenant'), 'branchadmin@group.test', 'administrator', tests.id('branch'), array[tests.id('administrator')]));
select tests.remember('cadmin', tests.add_member(tests.id('tenant'), 'cadmin@group.test', 'company_admin', tests.id('other'), array[tests.id('viewer')]));
select tests.remember('otheruser', tests.add_member(tests.id('tenant'), 'otheruser@group.test', 'power_user', tests.id('other'), array[tests.id('administrator')]));
select tests.remember('deskuser', tests.add_member(tests.id('tenant'), 'deskuser@group.test', 'power_user', tests.id('desk'), array[tests.id('viewer')]));
insert into rbac.member_orgs (tenant_id, member_id, org_id) values
  (tests.id('tenant'), tests.id('subpower'), tests.id('other')),
  (tests.id('tenant'), tests.id('branchadmin'), tests.id('other'));

-- =============================================================================
-- A2: the ceiling
-- =============================================================================

select set_eq(
  $$ select tests.grants_of(tests.id('subadmin')) $$,
  array['users.assign_roles:all', 'users.view:all', 'organizations.manage:all', 'organizations.view:all',
        'accounts.edit:all', 'accounts.view:all', 'billing.view:all', 'conversations.view:team'],
  'A2: an employee holding Administrator under a capped company has exactly the company''s rights, scopes included'
);
select set_eq(
  $$ select tests.grants_of(tests.id('subpower')) $$,
  array['users.view:all', 'billing.view:all', 'conversations.view:team'],
  'A2: an employee role granting billing.pay and conversations.view (all) is cut to the cap: billing.view only, team scope'
);
select set_eq(
  $$ select tests.grants_of(tests.id('branchadmin')) $$,
  array['users.assign_roles:all', 'users.view:all', 'organizations.manage:all', 'organizations.view:all',
        'accounts.view:all', 'billing.view:all', 'conversations.view:team'],
  'A2: a sub-org is capped by the intersection of its own cap and every ancestor''s (Subsidiary Cap ∩ Branch Cap), scopes too'
);
select ok(
  tests.has(tests.id('otheruser'), 'billing.pay') and tests.has(tests.id('otheruser'), 'accounts.delete'),
  'A2: (control) an Administrator in an uncapped org holds billing.pay and accounts.delete'
);

select tests.authenticate_as('subadmin@group.test');
select set_eq(
  $$ select permission || ':' || scope from public.my_permissions(tests.id('tenant')) $$,
  array['users.assign_roles:all', 'users.view:all', 'organizations.manage:all', 'organizations.view:all',
        'accounts.edit:all', 'accounts.view:all', 'billing.view:all', 'conversations.view:team'],
  'A2: the capped employee''s own view (my_permissions) is the same capped set'
);
select ok(
  not public.has_permission('accounts.delete', tests.id('tenant')),
  'A2: has_permission answers false for a right the company cap removes'
);

-- Attacks from under the cap.
select throws_ok(
  $$ select public.unassign_company_role(tests.id('sub'), tests.id('sub_cap')) $$,
  'RB012',
  'You cannot remove a company role that caps your own company; ask an administrator above it.',
  'A2: nobody may remove the cap of their own company'
);
select throws_ok(
  $$ select public.assign_company_role(tests.id('sub'), tests.id('everything_cap')) $$,
  'RB010', null,
  'A2/A4: a capped administrator cannot widen their own company''s cap with a company role beyond their rights'
);
select throws_ok(
  $$ select public.unassign_company_role(tests.id('branch'), tests.id('branch_cap')) $$,
  'RB010', null,
  'A2/A4: a sub-org''s cap that grants rights the caller lacks (billing.pay) cannot be removed by them'
);
select throws_ok(
  $$ select public.assign_role(tests.id('subpower'), tests.id('sub_cap')) $$,
  'RB014', null,
  'R3: a company role cannot be assigned to a person'
);

select tests.clear_authentication();
select tests.authenticate_as('branchadmin@group.test');
select throws_ok(
  $$ select public.unassign_company_role(tests.id('branch'), tests.id('branch_cap')) $$,
  'RB012', null,
  'A2: an administrator of a sub-org cannot remove their own org''s cap'
);
select throws_ok(
  $$ select public.unassign_company_role(tests.id('sub'), tests.id('sub_cap')) $$,
  'RB011', null,
  'A2: nor the cap of the parent company, which is outside their scope'
);

-- The company administrator above the caps.
select tests.clear_authentication();
select tests.authenticate_as('admin@group.test');
select throws_ok(
  $$ select public.assign_company_role(tests.id('sub'), tests.id('payer')) $$,
  'RB014', null,
  'R3: assign_company_role refuses an employee role'
);
select lives_ok(
  $$ select public.unassign_company_role(tests.id('branch'), tests.id('branch_cap')) $$,
  'A2: the company administrator removes the Subsidiary Branch cap'
);
select set_eq(
  $$ select tests.grants_of(tests.id('branchadmin')) $$,
  $$ select tests.grants_of(tests.id('subadmin')) $$,
  'A2: with its own cap removed, Subsidiary Branch is capped by Subsidiary Cap alone (accounts.edit is back), on the next statement'
);
select lives_ok(
  $$ select public.assign_company_role(tests.id('branch'), tests.id('branch_cap')) $$,
  'A2: the company administrator puts the Branch cap back'
);
select lives_ok(
  $$ select public.disable_role(tests.id('sub_cap'), 'Testing a disabled cap') $$,
  'A2/R5: the company administrator disables Subsidiary Cap'
);
select is_empty(
  $$ select tests.grants_of(tests.id('subadmin')) $$,
  'A2/R5: a disabled company role still caps its org but grants nothing: its Administrator has no rights at all'
);
select is_empty(
  $$ select tests.grants_of(tests.id('branchadmin')) $$,
  'A2/R5: the disabled cap also empties every sub-org below it'
);
select ok(
  tests.has(tests.id('otheruser'), 'billing.pay'),
  'A2/R5: (control) members outside the capped subtree keep their rights'
);
select lives_ok(
  $$ select public.restore_role(tests.id('sub_cap')) $$,
  'A2/R5: the company administrator restores Subsidiary Cap'
);
select ok(
  tests.has(tests.id('subadmin'), 'accounts.edit') and not tests.has(tests.id('subadmin'), 'billing.pay'),
  'A2/R5: the restored cap grants its rights again, and still no more'
);
select lives_ok(
  $$ select public.unassign_company_role(tests.id('sub'), tests.id('sub_cap')) $$,
  'A2: the company administrator removes Subsidiary Cap'
);
select ok(
  tests.has(tests.id('subadmin'), 'billing.pay')
    and 'conversations.view:all' in (select tests.grants_of(tests.id('subadmin'))),
  'A2: removing the company role lifts the cap: the Administrator at Subsidiary has billing.pay and scope all again'
);

-- =============================================================================
-- A3: user types decide the orgs a member administers (member_scope_orgs)
-- =============================================================================

select tests.clear_authentication();
select set_eq(
  $$ select rbac_private.member_scope_orgs(tests.id('cadmin')) $$,
  array[tests.id('tenant'), tests.id('sub'), tests.id('branch'), tests.id('other'), tests.id('desk')],
  'A3: a company administrator administers the whole tenant wherever they are placed (here: Other)'
);
select set_eq(
  $$ select rbac_private.member_scope_orgs(tests.id('rootadmin')) $$,
  array[tests.id('tenant'), tests.id('sub'), tests.id('branch'), tests.id('other'), tests.id('desk')],
  'A3: an administrator at the root org is a company administrator'
);
select set_eq(
  $$ select rbac_private.member_scope_orgs(tests.id('subadmin')) $$,
  array[tests.id('sub'), tests.id('branch')],
  'A3: an administrator administers their home org and its descendants'
);
select set_eq(
  $$ select rbac_private.member_scope_orgs(tests.id('branchadmin')) $$,
  array[tests.id('branch'), tests.id('other'), tests.id('desk')],
  'A3/T2: an administrator with an extra accessible org also administers that org''s descendants'
);
select set_eq(
  $$ select rbac_private.member_scope_orgs(tests.id('subpower')) $$,
  array[tests.id('sub'), tests.id('other')],
  'A3/T2: a power user works in their home org and their extra accessible orgs, not in sub-orgs'
);
select set_eq(
  $$ select rbac_private.member_scope_orgs(tests.id('deskuser')) $$,
  array[tests.id('desk')],
  'A3: a power user without extra orgs works in their home org only'
);

-- ... and which member rows they can read (everyone here holds users.view).
select tests.authenticate_as('subadmin@group.test');
select set_eq(
  $$ select email from rbac.members $$,
  array['subadmin@group.test', 'subpower@group.test', 'subprivate@group.test', 'branchadmin@group.test'],
  'A3: an administrator sees the members of their org and its sub-orgs'
);
select tests.clear_authentication();
select tests.authenticate_as('subpower@group.test');
select set_eq(
  $$ select email from rbac.members $$,
  array['subadmin@group.test', 'subpower@group.test', 'subprivate@group.test', 'cadmin@group.test', 'otheruser@group.test'],
  'A3/T2: a power user sees the members of their home org and extra accessible org, not of sub-orgs'
);
select tests.clear_authentication();
select tests.authenticate_as('subprivate@group.test');
select set_eq(
  $$ select email from rbac.members $$,
  array['subprivate@group.test'],
  'A3: a private user sees only their own member row, even holding users.view'
);
select tests.clear_authentication();
select tests.authenticate_as('cadmin@group.test');
select is(
  (select count(*)::integer from rbac.members),
  9,
  'A3: a company administrator placed at Other sees every member of the tenant'
);
select tests.clear_authentication();
select tests.authenticate_as('deskuser@group.test');
select set_eq(
  $$ select email from rbac.members $$,
  array['deskuser@group.test'],
  'A3: a power user alone in their org sees only themselves'
);

-- =============================================================================
-- A3: user types allowed per company type (RB018)
-- =============================================================================

select tests.clear_authentication();
select tests.authenticate_as('admin@group.test');
select public.create_company_type(tests.id('tenant'), 'partner', 'Partner Company', array['power_user']::rbac.user_type[]);
select public.create_company_type(tests.id('tenant'), 'licensee', 'Licensee',
  array['company_admin', 'administrator', 'power_user']::rbac.user_type[]);
select tests.remember('partner_org', public.create_org(tests.id('tenant'), 'Partner Co', 'partner'));
select tests.remember('licensee_org', public.create_org(tests.id('tenant'), 'Licensee Co', 'licensee'));
select tests.clear_authentication();

select throws_ok(
  format($$ select rbac_private.insert_member(%L, tests.create_user('p.admin@group.test'), 'P Admin', 'p.admin@group.test', %L,
                                              'administrator', '{}') $$, tests.id('tenant'), tests.id('partner_org')),
  'RB018', null,
  'A3: a partner company''s employee cannot be an administrator'
);
select lives_ok(
  format($$ select rbac_private.insert_member(%L, tests.create_user('p.power@group.test'), 'P Power', 'p.power@group.test', %L,
                                              'power_user', '{}') $$, tests.id('tenant'), tests.id('partner_org')),
  'A3: a partner company''s employee can be a power user'
);
select throws_ok(
  format($$ select rbac_private.insert_member(%L, tests.create_user('l.private@group.test'), 'L Private', 'l.private@group.test', %L,
                                              'private_user', '{}') $$, tests.id('tenant'), tests.id('licensee_org')),
  'RB018', null,
  'A3: private users exist only where the company type allows them (not in a licensee)'
);

select * from finish();
rollback;
