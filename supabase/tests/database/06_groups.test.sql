-- A1 several roles and groups: a member's rights are the union of their roles,
-- direct and through groups; a group's roles reach its members on the next
-- statement and leave them as soon as the membership, the group role or the
-- group goes. Group changes are delegation (A4): joining a group is receiving
-- its roles, so the same gate applies, and leaving one is losing them.
begin;
\ir ../helpers/test_helpers.sql
select plan(38);

-- =============================================================================
-- Setup
--
--   Team Co (root)   admin (company admin), lead (power user, Team Lead),
--                    alice, bob, carol (power users)
--   └── Branch       outsider (power user)
--
--   Groups at the root: Support (no roles yet), Payroll Team (Payroll; carol),
--   Helpdesk (Ticket Agent), Mixed (outsider), Leads (lead)
-- =============================================================================

select tests.remember('tenant', tests.new_tenant('Team Co', 'admin@team.test'));
select rbac_private.define_module(tests.id('tenant'), 'tickets', 'Tickets', '[
  {"action": "view"}, {"action": "reply", "implies": ["view"]}]'::jsonb);
select rbac_private.define_module(tests.id('tenant'), 'reports', 'Reports', '[
  {"action": "view"}, {"action": "run", "implies": ["view"]}]'::jsonb);
select rbac_private.define_module(tests.id('tenant'), 'payroll', 'Payroll', '[{"action": "run"}]'::jsonb);

select tests.authenticate_as('admin@team.test');
select tests.remember('branch', public.create_org(tests.id('tenant'), 'Branch'));
select tests.remember('agent', public.create_role(tests.id('tenant'), 'Ticket Agent', '', '["tickets.reply"]'::jsonb));
select tests.remember('reporter', public.create_role(tests.id('tenant'), 'Reporter', '', '["reports.run"]'::jsonb));
select tests.remember('payroll', public.create_role(tests.id('tenant'), 'Payroll', '', '["payroll.run"]'::jsonb));
select tests.remember('team_lead', public.create_role(tests.id('tenant'), 'Team Lead', '', '[
  "users.assign_roles", "groups.manage", "tickets.reply", "reports.run"]'::jsonb));
select tests.clear_authentication();

select tests.remember('lead', tests.add_member(tests.id('tenant'), 'lead@team.test', 'power_user', null, array[tests.id('team_lead')]));
select tests.remember('alice', tests.add_member(tests.id('tenant'), 'alice@team.test', 'power_user', null, array[tests.id('agent'), tests.id('reporter')]));
select tests.remember('bob', tests.add_member(tests.id('tenant'), 'bob@team.test', 'power_user', null, array[tests.id('agent')]));
select tests.remember('carol', tests.add_member(tests.id('tenant'), 'carol@team.test'));
select tests.remember('outsider', tests.add_member(tests.id('tenant'), 'outsider@team.test', 'power_user', tests.id('branch')));

select tests.authenticate_as('admin@team.test');
select tests.remember('support', public.create_group(tests.id('tenant'), 'Support', 'Reporting rights for support staff'));
select tests.remember('payroll_team', public.create_group(tests.id('tenant'), 'Payroll Team'));
select public.assign_group_role(tests.id('payroll_team'), tests.id('payroll'));
select public.add_group_member(tests.id('payroll_team'), tests.id('carol'));
select tests.remember('helpdesk', public.create_group(tests.id('tenant'), 'Helpdesk'));
select public.assign_group_role(tests.id('helpdesk'), tests.id('agent'));
select tests.remember('mixed', public.create_group(tests.id('tenant'), 'Mixed'));
select public.add_group_member(tests.id('mixed'), tests.id('outsider'));
select tests.remember('leads', public.create_group(tests.id('tenant'), 'Leads'));
select public.add_group_member(tests.id('leads'), tests.id('lead'));

-- =============================================================================
-- A1: union of roles, direct and through groups
-- =============================================================================

select set_eq(
  $$ select tests.grants_of(tests.id('alice')) $$,
  array['tickets.reply:all', 'tickets.view:all', 'reports.run:all', 'reports.view:all'],
  'A1: a member with several roles holds the union of their rights (implied actions included)'
);
select ok(
  tests.has(tests.id('carol'), 'payroll.run'),
  'A1: a member holds the roles of their group (carol: Payroll through Payroll Team)'
);

select lives_ok(
  $$ select public.add_group_member(tests.id('support'), tests.id('bob')) $$,
  'A1: the administrator adds bob to Support'
);
select lives_ok(
  $$ select public.add_group_member(tests.id('support'), tests.id('alice')) $$,
  'A1: the administrator adds alice (who holds Reporter directly) to Support'
);
select ok(
  not tests.has(tests.id('bob'), 'reports.run'),
  'A1: (control) Support has no roles yet, so bob has no reports.run'
);
select lives_ok(
  $$ select public.assign_group_role(tests.id('support'), tests.id('reporter')) $$,
  'A1: the administrator gives Support the Reporter role'
);
select set_eq(
  $$ select tests.grants_of(tests.id('bob')) $$,
  array['tickets.reply:all', 'tickets.view:all', 'reports.run:all', 'reports.view:all'],
  'A1: the group role reaches bob on the next statement: his direct Ticket Agent plus the group''s Reporter'
);
select tests.clear_authentication();
select tests.authenticate_as('bob@team.test');
select ok(
  public.has_permission('reports.run', tests.id('tenant')),
  'A1: bob''s own view (has_permission) shows the right he gets through Support'
);

select tests.clear_authentication();
select tests.authenticate_as('admin@team.test');
select lives_ok(
  $$ select public.remove_group_member(tests.id('support'), tests.id('bob')) $$,
  'A1: the administrator removes bob from Support'
);
select ok(
  not tests.has(tests.id('bob'), 'reports.run') and tests.has(tests.id('bob'), 'tickets.reply'),
  'A1: leaving the group takes its rights at once; his direct role stays'
);
select public.add_group_member(tests.id('support'), tests.id('bob'));
select lives_ok(
  $$ select public.unassign_group_role(tests.id('support'), tests.id('reporter')) $$,
  'A1: the administrator takes Reporter from Support'
);
select ok(
  not tests.has(tests.id('bob'), 'reports.run'),
  'A1: a role taken from a group leaves its members at once'
);
select public.assign_group_role(tests.id('support'), tests.id('reporter'));
select ok(
  tests.has(tests.id('bob'), 'reports.run'),
  'A1: (control) with Reporter back on Support, bob has reports.run again'
);
select lives_ok(
  $$ select public.delete_group(tests.id('support')) $$,
  'A1: the administrator deletes Support'
);
select ok(
  not tests.has(tests.id('bob'), 'reports.run'),
  'A1: deleting a group takes its roles from its members at once'
);
select ok(
  tests.has(tests.id('alice'), 'reports.run'),
  'A1: a role also held directly stays when the group that gave it too is deleted'
);

-- =============================================================================
-- A4 on groups: the Team Lead (power user at the root; may assign Ticket
-- Agent and Reporter, not Payroll) tries every way around the gate.
-- =============================================================================

select tests.clear_authentication();
select tests.authenticate_as('lead@team.test');
select lives_ok(
  $$ select public.add_group_member(tests.id('helpdesk'), tests.id('bob')) $$,
  'A1/A4: a member adds someone in their scope to a group whose roles are within their rights'
);
select throws_ok(
  $$ select public.add_group_member(tests.id('payroll_team'), tests.id('bob')) $$,
  'RB010',
  'You cannot assign Payroll: it grants payroll.run, which you do not have.',
  'A1/A4: adding a member to a group that holds a role beyond the caller is refused'
);
select throws_ok(
  $$ select public.add_group_member(tests.id('helpdesk'), tests.id('lead')) $$,
  'RB012', null,
  'A1/A4: nobody can add themselves to a group'
);
select throws_ok(
  $$ select public.add_group_member(tests.id('helpdesk'), tests.id('outsider')) $$,
  'RB011', null,
  'A1/A4: a member outside the caller''s scope cannot be added to a group'
);
select throws_ok(
  $$ select public.assign_group_role(tests.id('mixed'), tests.id('agent')) $$,
  'RB011',
  'This member is outside the part of the organization you administer.',
  'A1/A4: a role cannot be given to a group with any member outside the caller''s scope'
);
select throws_ok(
  $$ select public.assign_group_role(tests.id('leads'), tests.id('reporter')) $$,
  'RB012', null,
  'A1/A4: giving a role to a group one belongs to is giving it to oneself: refused'
);
select throws_ok(
  $$ select public.assign_group_role(tests.id('helpdesk'), tests.id('payroll')) $$,
  'RB010', null,
  'A1/A4: a role beyond the caller cannot be given to a group'
);
select lives_ok(
  $$ select public.assign_group_role(tests.id('helpdesk'), tests.id('reporter')) $$,
  'A1/A4: a role within the caller''s rights can be given to a group of members in their scope'
);
select ok(
  tests.has(tests.id('bob'), 'reports.run'),
  'A1: bob gets Reporter through Helpdesk'
);

-- Taking a role away is managing it: a group role beyond the caller stays out
-- of their reach however they try to remove it.
select throws_ok(
  $$ select public.unassign_group_role(tests.id('payroll_team'), tests.id('payroll')) $$,
  'RB010', null,
  'A1/A4: a group role beyond the caller cannot be taken from the group'
);
select throws_ok(
  $$ select public.remove_group_member(tests.id('payroll_team'), tests.id('carol')) $$,
  'RB010', null,
  'A1/A4: a member cannot be removed from a group holding a role beyond the caller (it would take that role)'
);
select throws_ok(
  $$ select public.delete_group(tests.id('payroll_team')) $$,
  'RB010', null,
  'A1/A4: a group holding a role beyond the caller cannot be deleted'
);
select ok(
  tests.has(tests.id('carol'), 'payroll.run'),
  'A1/A4: after all three attempts carol still holds Payroll through Payroll Team'
);
select lives_ok(
  $$ select public.remove_group_member(tests.id('helpdesk'), tests.id('bob')) $$,
  'A1/A4: a member is removed from a group whose roles are within the caller''s rights'
);
select ok(
  not tests.has(tests.id('bob'), 'reports.run'),
  'A1: bob lost Reporter with his Helpdesk membership'
);
select throws_ok(
  $$ select public.remove_group_member(tests.id('mixed'), tests.id('outsider')) $$,
  'RB011', null,
  'A1/A4: a member outside the caller''s scope cannot be removed from a group'
);

-- A3: a group is managed where it is defined. A group manager of Branch
-- may not add Branch's own people to a group defined at the root (found by
-- an attack review: creating that group was refused, filling it was not).
select tests.clear_authentication();
select tests.authenticate_as('admin@team.test');
select tests.remember('branch_groups', public.create_role(tests.id('branch'), 'Branch Group Manager', '',
                                                          '["groups.manage", "users.view"]'::jsonb));
select tests.clear_authentication();
select tests.add_member(tests.id('tenant'), 'branchmgr@team.test', 'administrator', tests.id('branch'), array[tests.id('branch_groups')]);
select tests.authenticate_as('branchmgr@team.test');
select throws_ok(format($$ select public.update_group(%L, 'Mine now') $$, tests.id('mixed')), 'RB011', null,
  'A3/A1: a Branch group manager cannot rename a group defined at the root');
select throws_ok(format($$ select public.add_group_member(%L, %L) $$, tests.id('mixed'), tests.id('outsider')), 'RB011', null,
  'A3: a Branch group manager cannot change the members of a group defined at the root, even for a member of Branch');
select throws_ok(format($$ select public.remove_group_member(%L, %L) $$, tests.id('mixed'), tests.id('outsider')), 'RB011', null,
  'A3: nor remove a member of Branch from it');
select tests.clear_authentication();
select tests.authenticate_as('admin@team.test');
select lives_ok(format($$ select public.update_group(%L, 'Mixed crew', 'People from everywhere') $$, tests.id('mixed')),
  'A1: a group manager renames a group and describes it');
select public.create_group(tests.id('tenant'), 'Taken Name');
select throws_ok(format($$ select public.update_group(%L, 'taken name') $$, tests.id('mixed')), 'RB006', null,
  'A1: group names stay unique (case-insensitively)');
select tests.clear_authentication();
select is((select name || ': ' || description from rbac.groups where id = tests.id('mixed')), 'Mixed crew: People from everywhere',
  'A1: the edit is saved');

select * from finish();
rollback;
