-- S2 acceptance (seed 001, "Security Roles"): replays the document step by
-- step on the company_hierarchy preset, as its administrators and users would.
begin;
\ir ../helpers/test_helpers.sql
select plan(30);

select tests.remember('t', public.load_preset('company_hierarchy', 'Global Cargo Insurance'));
select tests.remember('licensee', (select id from rbac.orgs where tenant_id = tests.id('t') and name = 'Cargo Licensee East'));
select tests.remember('assured', (select id from rbac.orgs where tenant_id = tests.id('t') and name = 'Acme Exporters'));
select tests.remember('hamburg', (select id from rbac.orgs where tenant_id = tests.id('t') and name = 'Acme Exporters Hamburg'));
select tests.remember('partner', (select id from rbac.orgs where tenant_id = tests.id('t') and name = 'Swift Logistics'));
select tests.remember('broker', (select id from rbac.orgs where tenant_id = tests.id('t') and name = 'Harbor Brokers'));
select tests.remember('billing', tests.role_id(tests.id('t'), 'Assured - billing rights'));
select tests.remember('no_premium', tests.role_id(tests.id('t'), 'Assured - shipment rights without premium'));
select tests.remember('partner_clerk', tests.role_id(tests.id('t'), 'Partner - shipment clerk'));
select tests.remember('clerk', tests.member_id(tests.id('t'), 'assured.clerk@cargo.demo'));
select tests.remember('paul', tests.member_id(tests.id('t'), 'partner.clerk@cargo.demo'));

-- ------------------------------------------------------------ employee user types
select is((select count(*)::int from rbac_private.member_scope_orgs(tests.member_id(tests.id('t'), 'hq.admin@cargo.demo'))), 8,
  'S2/A3: a Company Administrator sees every company in the hierarchy');
select is((select count(*)::int from rbac_private.member_scope_orgs(tests.member_id(tests.id('t'), 'assured.admin@cargo.demo'))), 2,
  'S2/A3: an Administrator sees their own company and its subsidiary');
select is((select count(*)::int from rbac_private.member_scope_orgs(tests.id('clerk'))), 1,
  'S2/A3: a Power User sees their own company only');
select tests.authenticate_as('assured.private@cargo.demo');
select is((select count(*)::int from rbac.members), 1, 'S2/A3/V4: a Private User sees only themselves');
select tests.clear_authentication();

-- "An Admin created at the headquarter level has the same access as a Company Administrator."
select tests.remember('hq_admin2', tests.add_member(tests.id('t'), 'hq.second@cargo.demo', 'administrator'));
select is((select count(*)::int from rbac_private.member_scope_orgs(tests.id('hq_admin2'))), 8,
  'S2/A3: an Administrator placed at headquarters has the whole hierarchy');

-- "Partner company employees can only be Power Users"; private users only in assureds.
select tests.authenticate_as('hq.admin@cargo.demo');
select throws_ok(format($$ select * from public.invite_member(%L, 'x@swift.test', 'X', null, 'administrator') $$, tests.id('partner')),
  'RB018', null, 'S2/A3: a partner company employee cannot be an administrator');
select lives_ok(format($$ select * from public.invite_member(%L, 'y@swift.test', 'Y', null, 'power_user') $$, tests.id('partner')),
  'S2/A3: a partner company employee can be a power user');
select throws_ok(format($$ select * from public.invite_member(%L, 'z@east.test', 'Z', null, 'private_user') $$, tests.id('licensee')),
  'RB018', null, 'S2/A3: private users exist only in assured companies');

-- ------------------------------------------------------------ role types
select throws_ok(format($$ select public.assign_role(%L, %L) $$, tests.id('paul'), tests.id('billing')),
  'RB014', null, 'S2/R3: an "Employee - Assured" role is not available to a partner employee');
select throws_ok(format($$ select public.assign_role(%L, %L) $$, tests.id('clerk'), tests.id('partner_clerk')),
  'RB014', null, 'S2/R3: an "Employee - Partner Company" role is not available to an assured employee');
select lives_ok(format($$ select public.assign_role(%L, %L) $$, tests.id('clerk'), tests.id('billing')),
  'S2/R2: a role created at headquarters is shared down to a subsidiary''s employee');
-- Policy groups: "Employee - Partner Company Policy Group" reaches only
-- proprietary companies associated to policy groups; the plain partner role
-- reaches every proprietary company, in a policy group or not.
select throws_ok(format($$ select public.assign_role(%L, %L) $$, tests.id('paul'),
                        tests.role_id(tests.id('t'), 'Partner policy group - certificates')),
  'RB014', null, 'S2/R3: an "Employee - Partner Company Policy Group" role is not available to a partner outside policy groups');
select is((select array_agg(r.name order by r.name) from rbac.member_roles mr join rbac.roles r on r.id = mr.role_id
            where mr.member_id = tests.member_id(tests.id('t'), 'pool.clerk@cargo.demo')),
  array['Partner - shipment clerk', 'Partner policy group - certificates'],
  'S2/R3: a partner in a policy group holds both the partner role and the policy-group role');
select throws_ok(format($$ select public.assign_role(%L, %L) $$, tests.id('paul'),
                        tests.role_id(tests.id('t'), 'Licensee policy group - claims')),
  'RB014', null, 'S2/R3: an "Employee - Licensee Policy Group" role is not available to a partner');
-- Company - Insurer/Broker: "accessible to all proprietary companies".
select lives_ok(format($$ select public.assign_company_role(%L, %L) $$, tests.id('partner'),
                       tests.role_id(tests.id('t'), 'Company - Insurer/Broker')),
  'S2/R3: the Insurer/Broker company role can cap any proprietary company (Swift Logistics)');
select throws_ok(format($$ select public.assign_company_role(%L, %L) $$, tests.id('assured'),
                        tests.role_id(tests.id('t'), 'Company - Insurer/Broker')),
  'RB014', null, 'S2/R3: but not an assured company');
select tests.clear_authentication();

-- ------------------------------------------------------------ company ceiling
select tests.authenticate_as('assured.admin@cargo.demo');
select is(public.has_permission('shipments.create'), true, 'S2/A2: the assured administrator has what the company role allows');
select is(public.has_permission('claims.settle'), false, 'S2/A2: but not what it does not, although they hold Administrator');
select is(public.has_permission('shipments.delete'), false, 'S2/A2: "an employee role cannot have rights their company role does not also have"');
select throws_ok(format($$ select public.unassign_company_role(%L, %L) $$, tests.id('assured'),
                        tests.role_id(tests.id('t'), 'Company - Assured Company')),
  'RB003', null, 'S2/A2: an employee cannot lift their own company''s cap');
select tests.clear_authentication();

select tests.authenticate_as('hq.admin@cargo.demo');
select tests.remember('editor', public.create_role(tests.id('t'), 'Shipment Editor', '', '["shipments.edit"]'::jsonb));
select public.assign_role(tests.member_id(tests.id('t'), 'broker@cargo.demo'), tests.id('editor'));
select tests.clear_authentication();
select tests.authenticate_as('broker@cargo.demo');
select is(public.has_permission('shipments.edit'), false, 'S2/A2: a broker employee given edit rights stays within the broker company role');
select is(public.has_permission('shipments.view'), true, 'S2/A2/P4: and keeps the view right both allow');
select tests.clear_authentication();

-- ------------------------------------------------------------ Role 1 / Role 2 / Role 3, exactly as written
select tests.authenticate_as('hq.admin@cargo.demo');
select tests.remember('role2', public.create_role(tests.id('t'), 'Role 2', 'Seed 001: 9 security rights', '[
  "users.view", "users.invite", "users.assign_roles", "roles.view", "shipments.create", "shipments.edit",
  "certificates.issue", "billing.pay", "reports.view"]'::jsonb));
select tests.remember('role1', public.create_role(tests.id('t'), 'Role 1', 'Seed 001: 10 security rights', '[
  "users.view", "users.invite", "users.assign_roles", "roles.view", "shipments.create", "shipments.edit",
  "certificates.issue", "billing.pay", "reports.view", "claims.settle"]'::jsonb));
select tests.remember('role3', public.create_role(tests.id('t'), 'Role 3', 'Seed 001: 8 security rights', '[
  "users.view", "users.invite", "users.assign_roles", "roles.view", "shipments.create", "shipments.edit",
  "certificates.issue", "billing.pay"]'::jsonb));
select is(array(select (select count(*)::int from rbac.role_permissions where role_id = r)
                    from unnest(array[tests.id('role1'), tests.id('role2'), tests.id('role3')]) r),
          array[10, 9, 8], 'S2/A4: Roles 1, 2 and 3 hold 10, 9 and 8 rights');
-- "Then the user from Company A creates User 1 and assigns Role 2 to them."
select tests.clear_authentication();
select tests.remember('user1', tests.add_member(tests.id('t'), 'user1@cargo.demo', 'administrator', tests.id('licensee')));
select tests.authenticate_as('hq.admin@cargo.demo');
select public.assign_role(tests.id('user1'), tests.id('role2'));
select tests.clear_authentication();

-- "User 1 can now create User 2 … but can only access Roles 2 and 3."
select tests.authenticate_as('user1@cargo.demo');
select is(array(select name from public.assignable_roles(tests.id('licensee')) where name like 'Role _' order by name),
  array['Role 2', 'Role 3'], 'S2/A4: User 1 is offered Roles 2 and 3 only');
select throws_ok(format($$ select * from public.invite_member(%L, 'user2@cargo.demo', 'User 2', array[%L]::uuid[]) $$,
                        tests.id('licensee'), tests.id('role1')),
  'RB010', 'You cannot assign Role 1: it grants claims.settle, which you do not have.',
  'S2/A4: User 1 cannot give Role 1 — it holds a right User 1 lacks — and is told which');
select lives_ok(format($$ select * from public.invite_member(%L, 'user2@cargo.demo', 'User 2', array[%L]::uuid[]) $$,
                       tests.id('licensee'), tests.id('role3')),
  'S2/A4: User 1 can create User 2 with Role 3');
select tests.clear_authentication();
select tests.remember('holder', tests.add_member(tests.id('t'), 'holder@cargo.demo', 'power_user', tests.id('licensee'), array[tests.id('role1')]));
select tests.authenticate_as('user1@cargo.demo');
select throws_ok(format($$ select public.unassign_role(%L, %L) $$, tests.id('holder'), tests.id('role1')),
  'RB010', null, 'S2/A4: User 1 cannot manage Role 1 at all, not even take it away');
select tests.clear_authentication();

-- ------------------------------------------------------------ better than the document
select tests.authenticate_as('assured.clerk@cargo.demo');
select is(public.has_permission('shipments.view_premium'), false, 'S2: the clerk does not see premiums');
select tests.clear_authentication();
select tests.authenticate_as('hq.admin@cargo.demo');
select public.update_role(tests.id('no_premium'), p_permissions =>
  '["shipments.create", "shipments.edit", "certificates.issue", "shipments.view_premium"]'::jsonb);
select tests.clear_authentication();
select tests.authenticate_as('assured.clerk@cargo.demo');
select is(public.has_permission('shipments.view_premium'), true,
  'S2/R4: a role change reaches the clerk on their very next query — no re-login (the document needs one)');
select tests.clear_authentication();

select is_empty($$ select * from rbac_private.audit_chain_break(tests.id('t')) $$, 'S2/L1: every step above is in an intact audit chain');

select * from finish();
rollback;
