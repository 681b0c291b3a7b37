-- R2/R3/A3 hold after the ground moves, not only when a role is given. A
-- role defined at Branch A is not available in Branch B; a role limited to
-- assured companies is not available in a partner company; a partner
-- company allows only power users. Moving a member, moving an org or
-- changing its company type, and narrowing a role's company types could
-- each leave such an assignment in place; each is refused (and nothing
-- changes) until the assignment is removed (rbac_private.access_misfit).
begin;
\ir ../helpers/test_helpers.sql
select plan(21);

-- ---------------------------------------------------------------------------
-- Setup: HQ › Branch A, Branch B; company types assured (any user type) and
-- partner (power users only)
-- ---------------------------------------------------------------------------
select tests.remember('t', tests.new_tenant('Acme', 'admin@acme.test'));
select tests.authenticate_as('admin@acme.test');
select public.create_company_type(tests.id('t'), 'assured', 'Assured');
select public.create_company_type(tests.id('t'), 'partner', 'Partner', array['power_user']::rbac.user_type[]);
select tests.remember('a', public.create_org(tests.id('t'), 'Branch A', 'assured'));
select tests.remember('b', public.create_org(tests.id('t'), 'Branch B', 'assured'));
select tests.remember('a1', public.create_org(tests.id('a'), 'Office A1', 'assured'));
select tests.remember('a_role', public.create_role(tests.id('a'), 'Branch A Clerk', '', '["users.view"]'::jsonb));
select tests.remember('assured_role', public.create_role(tests.id('t'), 'Assured Agent', '', '["roles.view"]'::jsonb,
                                                          p_company_type_keys => array['assured']));
select tests.remember('a_company_role', public.create_role(tests.id('a'), 'Branch A Company', '', '["users.view"]'::jsonb,
                                                            p_kind => 'company'));
select tests.clear_authentication();
select tests.remember('cleo', tests.add_member(tests.id('t'), 'cleo@acme.test', 'power_user', tests.id('a'), array[tests.id('a_role')]));
select tests.remember('pia', tests.add_member(tests.id('t'), 'pia@acme.test', 'private_user', tests.id('b')));
select tests.remember('abe', tests.add_member(tests.id('t'), 'abe@acme.test', 'power_user', tests.id('b'), array[tests.id('assured_role')]));

-- ---------------------------------------------------------------------------
-- R2: moving a member
-- ---------------------------------------------------------------------------
select tests.authenticate_as('admin@acme.test');
select throws_ok(format($$ select public.update_member(%L, p_home_org_id => %L) $$, tests.id('cleo'), tests.id('b')), 'RB014',
  'cleo holds Branch A Clerk, which is not available in Branch B; remove the role first.',
  'R2: a member holding a role of Branch A cannot be moved to Branch B while she holds it');
select lives_ok(format($$ select public.update_member(%L, p_home_org_id => %L) $$, tests.id('cleo'), tests.id('a1')),
  'R2: she can move below Branch A, where the role is shared down');
select public.unassign_role(tests.id('cleo'), tests.id('a_role'));
select lives_ok(format($$ select public.update_member(%L, p_home_org_id => %L) $$, tests.id('cleo'), tests.id('b')),
  'R2: and to Branch B once the role is removed');

-- ---------------------------------------------------------------------------
-- A3/R3: an org's company type
-- ---------------------------------------------------------------------------
select throws_ok(format($$ select public.update_org(%L, p_company_type_key => 'partner') $$, tests.id('b')), 'RB018',
  'pia is a private user, which a company of type Partner does not allow; change their user type first.',
  'A3: Branch B cannot become a partner company while a private user works there');
select public.update_member(tests.id('pia'), p_user_type => 'power_user');
select throws_ok(format($$ select public.update_org(%L, p_company_type_key => 'partner') $$, tests.id('b')), 'RB014',
  'abe holds Assured Agent, which is not available in Branch B; remove the role first.',
  'R3: nor while a member there holds a role limited to assured companies');
select tests.clear_authentication();
select is((select ct.key from rbac.orgs o join rbac.company_types ct on ct.id = o.company_type_id where o.id = tests.id('b')), 'assured',
  'R3: the refused change left the company type as it was');

-- ---------------------------------------------------------------------------
-- R3: a role's company types
-- ---------------------------------------------------------------------------
select tests.authenticate_as('admin@acme.test');
select public.create_company_type(tests.id('t'), 'insurer', 'Insurer');
select throws_ok(format($$ select public.update_role(%L, p_company_type_keys => array['insurer']) $$, tests.id('assured_role')), 'RB014',
  'abe holds Assured Agent, which is not available in Branch B; remove the role first.',
  'R3: a role cannot be limited to company types its holders'' companies are not');
-- A role editor who may not see its holders is not told their names.
select tests.remember('role_editor', public.create_role(tests.id('t'), 'Role editor', '', '["roles.view", "roles.edit"]'::jsonb));
select tests.clear_authentication();
select tests.add_member(tests.id('t'), 'rex@acme.test', 'power_user', null, array[tests.id('role_editor')]);
select tests.authenticate_as('rex@acme.test');
select throws_ok(format($$ select public.update_role(%L, p_company_type_keys => array['insurer']) $$, tests.id('assured_role')), 'RB014',
  'A member holds Assured Agent, which is not available in Branch B; remove the role first.',
  'R3/A3: the same refusal to an editor who cannot see the holder names no one');
select tests.clear_authentication();
select tests.authenticate_as('admin@acme.test');
select lives_ok(format($$ select public.update_role(%L, p_company_type_keys => array['assured', 'insurer']) $$, tests.id('assured_role')),
  'R3: widening the list is fine');
select public.unassign_role(tests.id('abe'), tests.id('assured_role'));
select lives_ok(format($$ select public.update_org(%L, p_company_type_key => 'partner') $$, tests.id('b')),
  'A3/R3: with the private user and the limited role gone, Branch B becomes a partner company');

-- ---------------------------------------------------------------------------
-- R2: moving an org (groups and company roles travel with it)
-- ---------------------------------------------------------------------------
select tests.remember('g', public.create_group(tests.id('a1'), 'A1 team'));
select public.assign_group_role(tests.id('g'), tests.id('a_role'));
select throws_ok(format($$ select public.update_org(%L, p_parent_id => %L) $$, tests.id('a1'), tests.id('b')), 'RB014',
  'The group A1 team gives Branch A Clerk, which is not available in Office A1; remove the role from the group first.',
  'R2: Office A1 cannot move under Branch B while its group gives a role of Branch A');
select public.unassign_group_role(tests.id('g'), tests.id('a_role'));
select public.assign_company_role(tests.id('a1'), tests.id('a_company_role'));
select throws_ok(format($$ select public.update_org(%L, p_parent_id => %L) $$, tests.id('a1'), tests.id('b')), 'RB014',
  'Office A1 has the company role Branch A Company, which is not available to it; remove the company role first.',
  'R2/A2: nor while its company role (its ceiling) is one of Branch A''s');
select public.unassign_company_role(tests.id('a1'), tests.id('a_company_role'));
select tests.clear_authentication();
-- A member of Office A1 holding Branch A's role:
select tests.remember('otto', tests.add_member(tests.id('t'), 'otto@acme.test', 'power_user', tests.id('a1'), array[tests.id('a_role')]));
select tests.authenticate_as('admin@acme.test');
select throws_ok(format($$ select public.update_org(%L, p_parent_id => %L) $$, tests.id('a1'), tests.id('b')), 'RB014',
  'otto holds Branch A Clerk, which is not available in Office A1; remove the role first.',
  'R2: nor while one of its members holds a role of Branch A');
select tests.clear_authentication();
select is((select parent_id from rbac.orgs where id = tests.id('a1')), tests.id('a'), 'R2: Office A1 stayed under Branch A');
select tests.authenticate_as('admin@acme.test');
select public.unassign_role(tests.id('otto'), tests.id('a_role'));
select lives_ok(format($$ select public.update_org(%L, p_parent_id => %L) $$, tests.id('a1'), tests.id('b')),
  'R2: with nothing of Branch A left, Office A1 moves under Branch B');

-- ---------------------------------------------------------------------------
-- R3 through a group: its roles reach each member at their own home org
-- (found by an attack review: a member moved to a partner company kept an
-- assured-only role given through a group)
-- ---------------------------------------------------------------------------
select tests.remember('gq', public.create_group(tests.id('a'), 'Assured desk'));
select tests.clear_authentication();
select tests.remember('gina', tests.add_member(tests.id('t'), 'gina@acme.test', 'power_user', tests.id('a')));
select tests.authenticate_as('admin@acme.test');
select public.assign_group_role(tests.id('gq'), tests.id('assured_role'));
select public.add_group_member(tests.id('gq'), tests.id('gina'));
select throws_ok(format($$ select public.update_member(%L, p_home_org_id => %L) $$, tests.id('gina'), tests.id('b')), 'RB014',
  'gina gets Assured Agent through the group Assured desk, and it is not available in Branch B; remove them from the group or the role from it first.',
  'R3/A1: a member cannot move to where a role their group gives is not available');

-- ---------------------------------------------------------------------------
-- A3/R4: a role is changed only by someone who administers all its holders
-- (found by an attack review: a power user of Branch A, who administers his
-- org alone, edited a role held in an office below it)
-- ---------------------------------------------------------------------------
select tests.remember('a2', public.create_org(tests.id('a'), 'Office A2', 'assured'));
select tests.remember('a_editor', public.create_role(tests.id('a'), 'A role editor', '', '["roles.view", "roles.edit", "users.view"]'::jsonb));
select tests.remember('a_clerk2', public.create_role(tests.id('a'), 'A Clerk 2', '', '["users.view"]'::jsonb));
select tests.remember('a_local', public.create_role(tests.id('a'), 'A local', '', '["users.view"]'::jsonb));
select tests.clear_authentication();
select tests.add_member(tests.id('t'), 'pete@acme.test', 'power_user', tests.id('a'), array[tests.id('a_editor'), tests.id('a_local')]);
select tests.add_member(tests.id('t'), 'olly@acme.test', 'power_user', tests.id('a2'), array[tests.id('a_clerk2')]);
select tests.authenticate_as('pete@acme.test');
select throws_ok(format($$ select public.update_role(%L, p_description => 'Changed from Branch A') $$, tests.id('a_clerk2')), 'RB011',
  'Some holders of A Clerk 2 are outside the part of the organization you administer; only someone whose scope covers all of them can edit it.',
  'A3/R4: a power user cannot change a role held below his org, where he administers nobody');
select lives_ok(format($$ select public.update_role(%L, p_description => 'Changed from Branch A') $$, tests.id('a_local')),
  'A3/R4: he changes a role held only in his org');
select tests.clear_authentication();
-- A company role caps its org and everything below it: a power user of
-- Branch A does not change the ceiling of the offices below (found by the
-- third attack review: he could strip every right from their people).
select tests.authenticate_as('admin@acme.test');
select tests.remember('a_cap', public.create_role(tests.id('a'), 'Branch A ceiling', '', '["roles.view", "roles.edit", "users.view"]'::jsonb, 'company'));
select public.assign_company_role(tests.id('a'), tests.id('a_cap'));
select tests.clear_authentication();
select tests.authenticate_as('pete@acme.test');
select throws_ok(format($$ select public.update_role(%L, p_permissions => '["users.view"]'::jsonb) $$, tests.id('a_cap')), 'RB011', null,
  'A2/A3/R4: nor the company role that caps Branch A and the offices below it');
select tests.clear_authentication();
select tests.authenticate_as('admin@acme.test');

-- ---------------------------------------------------------------------------
-- The misfit finder reports nothing in a tenant where everything fits, and
-- the audit has no entry for the refused changes
-- ---------------------------------------------------------------------------
select tests.clear_authentication();
select is((select code from rbac_private.access_misfit(tests.id('t'), null, tests.id('t'), null)), null,
  'R2/R3/A3: after the accepted changes every assignment in the tenant fits');
select is((select count(*)::int from rbac.audit_log where tenant_id = tests.id('t') and action = 'org.update'), 2,
  'L1: two org changes were made (the refused ones wrote nothing)');

select * from finish();
rollback;
