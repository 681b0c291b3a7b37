-- A4 delegation, the heart of the product: a member creates, edits, disables
-- or assigns only roles within their own effective rights (implied actions
-- and scopes included), only for members inside their admin scope (A3), never
-- for themselves, and only roles on their assignable lists when they have any.
-- Replays seed 001's Role 1/2/3 example and seed 004's RefriTrak tiers, then
-- attacks every rule the way a member trying to escalate would.
begin;
\ir ../helpers/test_helpers.sql
select plan(54);

-- =============================================================================
-- Setup: Company A (seed 001) with an org tree and company types
--
--   Company A (root)            admin (company admin), user1, user2, user3, private
--   ├── East      [assured]     eastadmin (administrator), eastclerk
--   │   └── East Depot          depot
--   ├── West                    west
--   └── Partner Co [partner]    partner
-- =============================================================================

select tests.remember('tenant', tests.new_tenant('Company A', 'admin@a.test'));
select tests.remember('admin', tests.member_id(tests.id('tenant'), 'admin@a.test'));

select rbac_private.define_module(tests.id('tenant'), 'accounts', 'Accounts', '[
  {"action": "view"}, {"action": "create", "implies": ["view"]},
  {"action": "edit", "implies": ["view"]}, {"action": "delete", "implies": ["view"]}
]'::jsonb);
select rbac_private.define_module(tests.id('tenant'), 'conversations', 'Conversations', '[
  {"action": "view", "scoped": true}
]'::jsonb);

select tests.authenticate_as('admin@a.test');
select tests.remember('east', public.create_org(tests.id('tenant'), 'East'));
select tests.remember('depot_org', public.create_org(tests.id('east'), 'East Depot'));
select tests.remember('west_org', public.create_org(tests.id('tenant'), 'West'));
select public.create_company_type(tests.id('tenant'), 'assured', 'Assured');
select public.create_company_type(tests.id('tenant'), 'partner', 'Partner Company', array['power_user']::rbac.user_type[]);
select public.update_org(tests.id('east'), p_company_type_key => 'assured');
select tests.remember('partner_org', public.create_org(tests.id('tenant'), 'Partner Co', 'partner'));

-- Seed 001: Role 2 holds the user-management rights User 1 needs; Role 1 is
-- Role 2 plus one more right; Role 3 is Role 2 less one. Rights are counted as
-- chosen (10, 9, 8); implied actions come on top (accounts.edit ⇒
-- accounts.view is held without being chosen).
select tests.remember('role2', public.create_role(tests.id('tenant'), 'Role 2', 'Seed 001: 9 rights', '[
  "users.view", "users.assign_roles", "roles.view", "roles.create", "roles.edit", "roles.delete",
  "users.invite", "accounts.edit", {"permission": "conversations.view", "scope": "team"}
]'::jsonb));
select tests.remember('role1', public.create_role(tests.id('tenant'), 'Role 1', 'Seed 001: 10 rights', '[
  "users.view", "users.assign_roles", "roles.view", "roles.create", "roles.edit", "roles.delete",
  "users.invite", "accounts.edit", {"permission": "conversations.view", "scope": "team"}, "accounts.delete"
]'::jsonb));
select tests.remember('role3', public.create_role(tests.id('tenant'), 'Role 3', 'Seed 001: 8 rights', '[
  "users.view", "users.assign_roles", "roles.view", "roles.create", "roles.edit",
  "users.invite", "accounts.edit", {"permission": "conversations.view", "scope": "team"}
]'::jsonb));
select tests.remember('reader', public.create_role(tests.id('tenant'), 'Account Reader', '', '["accounts.view"]'::jsonb));
select tests.remember('all_conversations', public.create_role(tests.id('tenant'), 'Conversation Lead', '',
  '[{"permission": "conversations.view", "scope": "all"}]'::jsonb));
select tests.remember('east_role', public.create_role(tests.id('east'), 'East Role', 'Defined at East only', '["accounts.view"]'::jsonb));
select tests.remember('assured_role', public.create_role(tests.id('tenant'), 'Assured Staff', 'Limited to assured companies',
  '["accounts.view"]'::jsonb, 'employee', array['assured']));
select tests.remember('old_role', public.create_role(tests.id('tenant'), 'Old Role', '', '["accounts.view"]'::jsonb));
select public.disable_role(tests.id('old_role'), 'Retired');
select tests.clear_authentication();

select tests.remember('user1', tests.add_member(tests.id('tenant'), 'user1@a.test'));
select tests.remember('user2', tests.add_member(tests.id('tenant'), 'user2@a.test'));
select tests.remember('user3', tests.add_member(tests.id('tenant'), 'user3@a.test', 'power_user', null, array[tests.id('role1')]));
select tests.remember('private', tests.add_member(tests.id('tenant'), 'private@a.test', 'private_user', null, array[tests.id('role2')]));
select tests.remember('eastadmin', tests.add_member(tests.id('tenant'), 'eastadmin@a.test', 'administrator', tests.id('east'), array[tests.id('role2')]));
select tests.remember('eastclerk', tests.add_member(tests.id('tenant'), 'eastclerk@a.test', 'power_user', tests.id('east')));
select tests.remember('depot', tests.add_member(tests.id('tenant'), 'depot@a.test', 'power_user', tests.id('depot_org')));
select tests.remember('west', tests.add_member(tests.id('tenant'), 'west@a.test', 'power_user', tests.id('west_org')));
select tests.remember('partner', tests.add_member(tests.id('tenant'), 'partner@a.test', 'power_user', tests.id('partner_org')));

-- =============================================================================
-- Seed 001 replayed: Company A's administrator gives User 1 Role 2; User 1 can
-- then give User 2 Roles 2 and 3, but not Role 1.
-- =============================================================================

select tests.authenticate_as('admin@a.test');
select lives_ok(
  $$ select public.assign_role(tests.id('user1'), tests.id('role2')) $$,
  'A4: seed 001: the Company A administrator assigns Role 2 to User 1'
);

select tests.clear_authentication();
select tests.authenticate_as('user1@a.test');
select lives_ok(
  $$ select public.assign_role(tests.id('user2'), tests.id('role2')) $$,
  'A4: seed 001: User 1 assigns Role 2 (exactly their own rights) to User 2'
);
select lives_ok(
  $$ select public.assign_role(tests.id('user2'), tests.id('role3')) $$,
  'A4: seed 001: User 1 assigns Role 3 (a subset of their rights) to User 2'
);
select throws_ok(
  $$ select public.assign_role(tests.id('user2'), tests.id('role1')) $$,
  'RB010',
  'You cannot assign Role 1: it grants accounts.delete, which you do not have.',
  'A4: seed 001: User 1 cannot assign Role 1, and the refusal names the right they lack'
);
select set_eq(
  $$ select r.name from rbac.member_roles mr join rbac.roles r on r.id = mr.role_id where mr.member_id = tests.id('user2') $$,
  array['Role 2', 'Role 3'],
  'A4: seed 001: User 2 ends up with Roles 2 and 3 only'
);
select set_eq(
  $$ select name from public.assignable_roles(tests.id('tenant')) $$,
  array['Role 2', 'Role 3', 'Account Reader', 'User'],
  'A4: seed 001: the roles offered to User 1 at the root are Roles 2 and 3 (not Role 1) and others within their rights, none disabled, wider-scoped or unavailable there'
);

-- =============================================================================
-- Attacks by User 1 (power user at the root, holding Role 2)
-- =============================================================================

select throws_ok(
  $$ select public.assign_role(tests.id('user1'), tests.id('role3')) $$,
  'RB012', null,
  'A4: nobody can assign a role to themselves, even one within their rights'
);
select throws_ok(
  $$ select public.set_member_roles(tests.id('user1'), array[tests.id('role2'), tests.id('role3')]) $$,
  'RB012', null,
  'A4: nobody can set their own roles through the edit form either'
);

-- Creating roles: within rights yes, a superset or a wider scope no.
select lives_ok(
  $$ select public.create_role(tests.id('tenant'), 'Account Clerk', '',
       '["accounts.edit", {"permission": "conversations.view", "scope": "team"}]'::jsonb) $$,
  'A4: a member creates a role within their own rights, scoped actions at their own width'
);
select throws_ok(
  $$ select public.create_role(tests.id('tenant'), 'Bigger Than Me', '',
       '["users.view", "users.assign_roles", "accounts.edit", "accounts.delete"]'::jsonb) $$,
  'RB010',
  'You cannot give the role Bigger Than Me the permission accounts.delete, which you do not have.',
  'A4: creating a role with a right the creator lacks is refused and names that right'
);
select throws_ok(
  $$ select public.create_role(tests.id('tenant'), 'Everyone''s Conversations', '',
       '[{"permission": "conversations.view", "scope": "all"}]'::jsonb) $$,
  'RB010',
  'You cannot give the role Everyone''s Conversations the permission conversations.view (all records), which you do not have.',
  'A4: scope upgrade: a creator with conversations.view (team) cannot create a role with scope all'
);
select throws_ok(
  $$ select public.assign_role(tests.id('user2'), tests.id('all_conversations')) $$,
  'RB010',
  'You cannot assign Conversation Lead: it grants conversations.view (all records), which you do not have.',
  'A4: scope upgrade: a member with conversations.view (team) cannot assign a role granting scope all'
);
select lives_ok(
  $$ select public.create_role(tests.id('tenant'), 'Account Viewer', '', '["accounts.view"]'::jsonb) $$,
  'A4/P4: a right the creator holds only by implication (accounts.edit ⇒ accounts.view) can be delegated'
);
select throws_ok(
  $$ select public.create_role(tests.id('tenant'), 'Through The Back Door', '', '["accounts.create"]'::jsonb) $$,
  'RB010', null,
  'A4: a right the creator lacks is refused even when it implies only rights they hold (accounts.create ⇒ view)'
);

-- Editing roles: the held role cannot be pushed upwards; roles beyond the
-- caller cannot be touched at all.
select throws_ok(
  $$ select public.update_role(tests.id('role2'), p_permissions => '[
       "users.view", "users.assign_roles", "roles.view", "roles.create", "roles.edit", "roles.delete",
       "users.invite", "accounts.edit", {"permission": "conversations.view", "scope": "team"}, "accounts.delete"]'::jsonb) $$,
  'RB010',
  'You cannot give the role Role 2 the permission accounts.delete, which you do not have.',
  'A4: editing a role you hold to add a right you lack is refused'
);
select throws_ok(
  $$ select public.update_role(tests.id('role2'), p_permissions => '[
       "users.view", "users.assign_roles", "roles.view", "roles.create", "roles.edit", "roles.delete",
       "users.invite", "accounts.edit", {"permission": "conversations.view", "scope": "all"}]'::jsonb) $$,
  'RB010', null,
  'A4: editing a role you hold to widen a scope (team to all) is refused'
);
select is(
  (select scope from rbac.role_permissions rp join rbac.permissions p on p.id = rp.permission_id
    where rp.role_id = tests.id('role2') and p.key = 'conversations.view'),
  'team'::rbac.scope,
  'A4: after the refused edits Role 2 still grants conversations.view for the team only'
);
select throws_ok(
  $$ select public.update_role(tests.id('role1'), p_description => 'harmless') $$,
  'RB010',
  'You cannot edit Role 1: it grants accounts.delete, which you do not have.',
  'A4: a role with rights beyond the caller cannot be edited at all, not even its description'
);
select throws_ok(
  $$ select public.disable_role(tests.id('role1')) $$,
  'RB010', null,
  'A4: a role with rights beyond the caller cannot be disabled'
);
select lives_ok(
  $$ select public.update_role(tests.id('role3'), p_description => 'Edited by User 1') $$,
  'A4: a role within the caller''s rights can be edited'
);
select lives_ok(
  $$ select public.disable_role(tests.id('reader')) $$,
  'A4: a role within the caller''s rights can be disabled'
);

-- Removing a role is managing it.
select throws_ok(
  $$ select public.unassign_role(tests.id('user3'), tests.id('role1')) $$,
  'RB010',
  'You cannot remove Role 1: it grants accounts.delete, which you do not have.',
  'A4: unassigning a role beyond the caller''s rights is refused'
);
select ok(
  exists (select 1 from rbac.member_roles where member_id = tests.id('user3') and role_id = tests.id('role1')),
  'A4: User 3 still holds Role 1 after the refused removal'
);

-- Disabled roles cannot be handed out.
select throws_ok(
  $$ select public.assign_role(tests.id('user2'), tests.id('old_role')) $$,
  'RB017', null,
  'A4/R5: a disabled role cannot be assigned'
);

-- Scope of a power user: their home org only.
select throws_ok(
  $$ select public.assign_role(tests.id('depot'), tests.id('role3')) $$,
  'RB011', null,
  'A3/A4: a power user cannot assign roles to a member of another org, even a sub-org'
);

-- set_member_roles is all-or-nothing: Account Clerk would be added and Role 2
-- removed before Role 1 is refused; none of that may stay.
select throws_ok(
  format('select public.set_member_roles(%L, array[%L, %L, %L]::uuid[])', tests.id('user2'),
         tests.id('role3'), tests.role_id(tests.id('tenant'), 'Account Clerk'), tests.id('role1')),
  'RB010', null,
  'A4: set_member_roles with one role beyond the caller is refused as a whole'
);
select set_eq(
  $$ select r.name from rbac.member_roles mr join rbac.roles r on r.id = mr.role_id where mr.member_id = tests.id('user2') $$,
  array['Role 2', 'Role 3'],
  'A4: after the refused set_member_roles User 2 holds exactly what they held before'
);
select lives_ok(
  format('select public.set_member_roles(%L, array[%L, %L]::uuid[])', tests.id('user2'),
         tests.id('role3'), tests.role_id(tests.id('tenant'), 'Account Clerk')),
  'A4: set_member_roles within the caller''s rights replaces the member''s roles'
);
select set_eq(
  $$ select r.name from rbac.member_roles mr join rbac.roles r on r.id = mr.role_id where mr.member_id = tests.id('user2') $$,
  array['Role 3', 'Account Clerk'],
  'A4: set_member_roles added Account Clerk and removed Role 2'
);

-- =============================================================================
-- A3 admin scope of each user type
-- =============================================================================

-- Administrator at East: East and its descendants, nothing beside or above.
select tests.clear_authentication();
select tests.authenticate_as('eastadmin@a.test');
select lives_ok(
  $$ select public.assign_role(tests.id('eastclerk'), tests.id('role3')) $$,
  'A3/A4: an administrator assigns roles to a member of their home org'
);
select lives_ok(
  $$ select public.assign_role(tests.id('depot'), tests.id('role3')) $$,
  'A3/A4: an administrator assigns roles to a member of a sub-org of their home org'
);
select throws_ok(
  $$ select public.assign_role(tests.id('west'), tests.id('role3')) $$,
  'RB011',
  'This member is outside the part of the organization you administer.',
  'A3/A4: an administrator cannot assign roles to a member of a sibling org'
);
select throws_ok(
  $$ select public.assign_role(tests.id('user2'), tests.id('reader')) $$,
  'RB011', null,
  'A3/A4: an administrator cannot assign roles to a member of the parent org'
);

-- Private user: even with users.assign_roles, nobody is inside their scope.
select tests.clear_authentication();
select ok(
  rbac_private.member_has(tests.id('private'), 'users.assign_roles'),
  'A3: the private user does hold users.assign_roles (so only the user type can stop them)'
);
select tests.authenticate_as('private@a.test');
select throws_ok(
  $$ select public.assign_role(tests.id('user2'), tests.id('role2')) $$,
  'RB011', null,
  'A3/A4: a private user with users.assign_roles cannot assign roles even in their own org'
);
select throws_ok(
  $$ select public.unassign_role(tests.id('user2'), tests.id('role3')) $$,
  'RB011', null,
  'A3/A4: a private user with users.assign_roles cannot remove roles either'
);

-- Company administrator: the whole tenant; role availability by org and company type.
select tests.clear_authentication();
select tests.authenticate_as('admin@a.test');
select lives_ok(
  $$ select public.assign_role(tests.id('west'), tests.id('role3')) $$,
  'A3/R2: a company administrator assigns anywhere; a role created at HQ is shared down to every org'
);
select throws_ok(
  $$ select public.assign_role(tests.id('west'), tests.id('east_role')) $$,
  'RB014',
  'The role East Role is defined for another part of the organization and is not available to West.',
  'R2/A4: a role defined at a sub-org is not available at its sibling'
);
select lives_ok(
  $$ select public.assign_role(tests.id('depot'), tests.id('east_role')) $$,
  'R2/A4: a role defined at a sub-org is available to that org''s descendants'
);
select lives_ok(
  $$ select public.assign_role(tests.id('eastclerk'), tests.id('assured_role')) $$,
  'R3/A4: a role limited to assured companies can be assigned in an assured company'
);
select throws_ok(
  $$ select public.assign_role(tests.id('partner'), tests.id('assured_role')) $$,
  'RB014',
  'The role Assured Staff is not available to Partner Co because of its company type.',
  'R3/A4: a role limited to assured companies is refused for a member of a partner company'
);
-- =============================================================================
-- A deactivated member loses the power to delegate on the very next statement.
-- =============================================================================

select tests.clear_authentication();
update rbac.members set status = 'deactivated', deactivated_at = now() where id = tests.id('eastadmin');
select tests.authenticate_as('eastadmin@a.test');
select throws_ok(
  $$ select public.assign_role(tests.id('eastclerk'), tests.id('reader')) $$,
  'RB002', null,
  'A4/U6: a deactivated member can no longer assign roles (refused at once)'
);
select throws_ok(
  $$ select public.create_role(tests.id('east'), 'Sneaky', '', '["accounts.view"]'::jsonb) $$,
  'RB002', null,
  'A4/U6: a deactivated member can no longer create roles'
);

-- =============================================================================
-- Seed 004 replayed: RefriTrak's assignable-role tiers (set_assignable_roles)
--
--   Cool Air (root)     owner (company admin), poa (administrator), target0
--   └── Branch North    oa (administrator), mgr (power user), target1..3
-- =============================================================================

select tests.clear_authentication();
select tests.remember('cool', tests.new_tenant('Cool Air', 'owner@coolair.test'));
select rbac_private.define_module(tests.id('cool'), 'jobs', 'Jobs', '[
  {"action": "view"}, {"action": "create", "implies": ["view"]}, {"action": "edit", "implies": ["view"]},
  {"action": "delete", "implies": ["view"]}
]'::jsonb);
select rbac_private.define_module(tests.id('cool'), 'cylinders', 'Cylinders', '[
  {"action": "view"}, {"action": "transfer", "implies": ["view"]}
]'::jsonb);
select rbac_private.define_module(tests.id('cool'), 'billing', 'Billing', '[{"action": "manage"}]'::jsonb);

select tests.authenticate_as('owner@coolair.test');
select tests.remember('branch', public.create_org(tests.id('cool'), 'Branch North'));
select tests.remember('poa_role', public.create_role(tests.id('cool'), 'PARENT_ORG_ADMIN', '', '[
  "users.view", "users.assign_roles", "organizations.manage", "billing.manage",
  "jobs.create", "jobs.edit", "jobs.delete", "cylinders.transfer"]'::jsonb));
select tests.remember('oa_role', public.create_role(tests.id('cool'), 'ORG_ADMIN', '', '[
  "users.view", "users.assign_roles", "jobs.create", "jobs.edit", "jobs.delete", "cylinders.transfer"]'::jsonb));
select tests.remember('manager_role', public.create_role(tests.id('cool'), 'MANAGER', '', '[
  "users.view", "users.assign_roles", "jobs.create", "jobs.edit", "cylinders.transfer"]'::jsonb));
select tests.remember('technician_role', public.create_role(tests.id('cool'), 'TECHNICIAN', '', '[
  "jobs.edit", "cylinders.transfer"]'::jsonb));
-- SALES is within MANAGER's rights, so only the list can keep a manager from assigning it.
select tests.remember('sales_role', public.create_role(tests.id('cool'), 'SALES', '', '["cylinders.view"]'::jsonb));
select public.set_assignable_roles(tests.id('poa_role'),
  array[tests.id('oa_role'), tests.id('manager_role'), tests.id('technician_role'), tests.id('sales_role')]);
select public.set_assignable_roles(tests.id('oa_role'),
  array[tests.id('manager_role'), tests.id('technician_role'), tests.id('sales_role')]);
select public.set_assignable_roles(tests.id('manager_role'), array[tests.id('technician_role')]);
select tests.clear_authentication();

select tests.remember('poa', tests.add_member(tests.id('cool'), 'poa@coolair.test', 'administrator', null, array[tests.id('poa_role')]));
select tests.remember('oa', tests.add_member(tests.id('cool'), 'oa@coolair.test', 'administrator', tests.id('branch'), array[tests.id('oa_role')]));
select tests.remember('mgr', tests.add_member(tests.id('cool'), 'mgr@coolair.test', 'power_user', tests.id('branch'), array[tests.id('manager_role')]));
select tests.remember('target0', tests.add_member(tests.id('cool'), 'target0@coolair.test'));
select tests.remember('target1', tests.add_member(tests.id('cool'), 'target1@coolair.test', 'power_user', tests.id('branch')));
select tests.remember('target2', tests.add_member(tests.id('cool'), 'target2@coolair.test', 'power_user', tests.id('branch')));
select tests.remember('target3', tests.add_member(tests.id('cool'), 'target3@coolair.test', 'power_user', tests.id('branch')));

select tests.authenticate_as('poa@coolair.test');
select lives_ok(
  format('select public.set_member_roles(%L, array[%L, %L, %L, %L]::uuid[])', tests.id('target1'),
         tests.id('oa_role'), tests.id('manager_role'), tests.id('technician_role'), tests.id('sales_role')),
  'A4: seed 004: PARENT_ORG_ADMIN assigns ORG_ADMIN, MANAGER, TECHNICIAN and SALES'
);
select throws_ok(
  $$ select public.assign_role(tests.id('target0'), tests.id('poa_role')) $$,
  'RB013',
  'Your roles do not allow you to assign PARENT_ORG_ADMIN.',
  'A4: seed 004: PARENT_ORG_ADMIN cannot assign PARENT_ORG_ADMIN (though it is within their rights)'
);
select throws_ok(
  $$ select public.assign_role(tests.id('user2'), tests.id('oa_role')) $$,
  'RB004',
  'This member does not exist in your organization.',
  'A4/T3: nobody can assign roles to a member of another tenant, and the refusal reveals nothing'
);
select throws_ok(
  $$ select public.assign_role(tests.id('target0'), tests.id('role3')) $$,
  'RB004', null,
  'A4/T3: a role of another tenant cannot be assigned to one''s own members'
);

select tests.clear_authentication();
select tests.authenticate_as('oa@coolair.test');
select lives_ok(
  format('select public.set_member_roles(%L, array[%L, %L, %L]::uuid[])', tests.id('target2'),
         tests.id('manager_role'), tests.id('technician_role'), tests.id('sales_role')),
  'A4: seed 004: ORG_ADMIN assigns MANAGER, TECHNICIAN and SALES'
);
select throws_ok(
  $$ select public.assign_role(tests.id('target3'), tests.id('oa_role')) $$,
  'RB013', null,
  'A4: seed 004: ORG_ADMIN cannot assign ORG_ADMIN'
);
select throws_ok(
  $$ select public.assign_role(tests.id('target3'), tests.id('poa_role')) $$,
  'RB013', null,
  'A4: seed 004: ORG_ADMIN cannot assign PARENT_ORG_ADMIN'
);

select tests.clear_authentication();
select tests.authenticate_as('mgr@coolair.test');
select lives_ok(
  $$ select public.assign_role(tests.id('target3'), tests.id('technician_role')) $$,
  'A4: seed 004: MANAGER assigns TECHNICIAN'
);
select throws_ok(
  $$ select public.assign_role(tests.id('target3'), tests.id('sales_role')) $$,
  'RB013',
  'Your roles do not allow you to assign SALES.',
  'A4: seed 004: MANAGER cannot assign SALES, although SALES is within their rights'
);
select throws_ok(
  $$ select public.assign_role(tests.id('target3'), tests.id('manager_role')) $$,
  'RB013', null,
  'A4: seed 004: MANAGER cannot assign MANAGER'
);
select set_eq(
  $$ select r.name from rbac.member_roles mr join rbac.roles r on r.id = mr.role_id where mr.member_id = tests.id('target3') $$,
  array['TECHNICIAN'],
  'A4: seed 004: the refusals left target3 with TECHNICIAN only'
);

select * from finish();
rollback;
