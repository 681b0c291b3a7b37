-- S5 acceptance (seed 004, "Understanding User Roles and Permissions"):
-- replays the document on the refritrak preset, role by role, as its account
-- owner, parent admin, branch admins, managers, technicians and salespeople
-- would, and tries the abuses the document implies. Where the document
-- settles for less (new permissions after a refresh or a new login, a deleted
-- user who is only deactivated), the description says what we do instead.
begin;
\ir ../helpers/test_helpers.sql
\ir ../helpers/visibility_helpers.sql
select plan(98);

select tests.remember('t', public.load_preset('refritrak', 'Polar Peak Refrigeration'));
select tests.remember('denver', (select id from rbac.orgs where tenant_id = tests.id('t') and name = 'Denver Branch'));
select tests.remember('boulder', (select id from rbac.orgs where tenant_id = tests.id('t') and name = 'Boulder Branch'));
select tests.remember('fort_collins', (select id from rbac.orgs where tenant_id = tests.id('t') and name = 'Fort Collins Branch'));
select tests.remember('north', (select id from rbac.territories where tenant_id = tests.id('t') and name = 'Front Range North'));
select tests.remember('south', (select id from rbac.territories where tenant_id = tests.id('t') and name = 'Front Range South'));
select tests.remember('parent_admin', tests.role_id(tests.id('t'), 'PARENT_ORG_ADMIN'));
select tests.remember('org_admin', tests.role_id(tests.id('t'), 'ORG_ADMIN'));
select tests.remember('manager', tests.role_id(tests.id('t'), 'MANAGER'));
select tests.remember('technician', tests.role_id(tests.id('t'), 'TECHNICIAN'));
select tests.remember('sales', tests.role_id(tests.id('t'), 'SALES'));
select tests.remember('rita', tests.member_id(tests.id('t'), 'rita@polarpeak.demo'));
select tests.remember('paula', tests.member_id(tests.id('t'), 'paula@polarpeak.demo'));
select tests.remember('oscar', tests.member_id(tests.id('t'), 'oscar@polarpeak.demo'));
select tests.remember('mia', tests.member_id(tests.id('t'), 'mia@polarpeak.demo'));
select tests.remember('rob', tests.member_id(tests.id('t'), 'rob@polarpeak.demo'));
select tests.remember('tom', tests.member_id(tests.id('t'), 'tom@polarpeak.demo'));
select tests.remember('tara', tests.member_id(tests.id('t'), 'tara@polarpeak.demo'));
select tests.remember('finn', tests.member_id(tests.id('t'), 'finn@polarpeak.demo'));
select tests.remember('sam', tests.member_id(tests.id('t'), 'sam@polarpeak.demo'));
select tests.remember('sam_user', tests.user_id('sam@polarpeak.demo'));
select tests.remember('sofia', tests.member_id(tests.id('t'), 'sofia@polarpeak.demo'));
-- Deleted members keep their name, not their email (U7).
select tests.remember('dale', (select id from rbac.members where tenant_id = tests.id('t') and display_name = 'Dale Dunn'));
select tests.remember('d1004', (select id from public.cylinders where tenant_id = tests.id('t') and serial_number = 'D-1004'));
select tests.remember('d1005', (select id from public.cylinders where tenant_id = tests.id('t') and serial_number = 'D-1005'));
select tests.remember('b2001', (select id from public.cylinders where tenant_id = tests.id('t') and serial_number = 'B-2001'));
select tests.remember('five_points', (select id from public.service_jobs where tenant_id = tests.id('t') and customer = 'Five Points Bakery'));
select tests.remember('larimer', (select id from public.service_jobs where tenant_id = tests.id('t') and customer = 'Larimer Brewing'));
select tests.remember('capitol_hill', (select id from public.service_jobs where tenant_id = tests.id('t') and customer = 'Capitol Hill Apartments'));

-- ------------------------------------------------------------ "The Five User Roles"
select is(array(select name from rbac.roles where tenant_id = tests.id('t') and system_key is null order by name),
  array['MANAGER', 'ORG_ADMIN', 'PARENT_ORG_ADMIN', 'SALES', 'TECHNICIAN'],
  'S5/R1: the five RefriTrak roles, defined at the parent organization and so available in every sub-organization');
select results_eq(
  format($$ select r.name, array_agg(a.name order by a.name) from rbac.role_assignable_roles l
              join rbac.roles r on r.id = l.role_id join rbac.roles a on a.id = l.assignable_role_id
             where l.tenant_id = %L group by r.name order by r.name $$, tests.id('t')),
  $$ values ('MANAGER', array['TECHNICIAN']), ('ORG_ADMIN', array['MANAGER', 'SALES', 'TECHNICIAN']),
            ('PARENT_ORG_ADMIN', array['MANAGER', 'ORG_ADMIN', 'SALES', 'TECHNICIAN']) $$,
  'S5/A4: "Who Can Change Roles?" is configured as the document lists it');
select is(array(select key from rbac.modules where tenant_id = tests.id('t') and is_admin and not is_core order by key),
  array['billing', 'org_settings'], 'S5/P5: organization settings and billing are admin-type areas');
select is(
  array(select q.key from rbac.permission_closure c join rbac.permissions p on p.id = c.permission_id
          join rbac.permissions q on q.id = c.implied_id
         where p.tenant_id = tests.id('t') and p.key = 'cylinders.edit' order by q.key),
  array['cylinders.edit', 'cylinders.view'], 'S5/P4: moving cylinders between locations implies seeing them');
select is((select scoped from rbac.permissions where tenant_id = tests.id('t') and key = 'jobs.view'), true,
  'S5/P3: viewing jobs is scoped: a technician''s own appointments or all of them');

-- ------------------------------------------------------------ parent and sub-organizations
select is((select count(*)::int from rbac_private.member_scope_orgs(tests.id('paula'))), 4,
  'S5/T1/A3: PARENT_ORG_ADMIN manages the parent organization and all three sub-organizations');
select is(array(select rbac_private.member_scope_orgs(tests.id('oscar'))), array[tests.id('denver')],
  'S5/A3: ORG_ADMIN is limited to their own organization');

select tests.act_as('paula@polarpeak.demo');
select is((select count(*)::int from public.cylinders), 21, 'S5/T1: the parent admin sees the cylinders of every location');
select results_eq(
  $$ select o.name, count(*)::int from public.cylinders c join rbac.orgs o on o.id = c.org_id group by o.name order by o.name $$,
  $$ values ('Boulder Branch', 6), ('Denver Branch', 8), ('Fort Collins Branch', 5), ('Polar Peak Refrigeration', 2) $$,
  'S5/T1: the parent org dashboard aggregates every sub-organization, computed under RLS');
select is(array[public.has_permission('dashboards.multi_org'), public.has_permission('billing.manage'),
                public.has_permission('organizations.manage')],
  array[true, true, true], 'S5: PARENT_ORG_ADMIN has the multi-org dashboard, billing and sub-organization management');
select lives_ok(format($$ select public.create_org(%L, 'Colorado Springs Branch', 'sub_org') $$, tests.id('t')),
  'S5/T1: PARENT_ORG_ADMIN creates a sub-organization');
select is((select count(*)::int from public.list_members(tests.id('t'))), 11,
  'S5: PARENT_ORG_ADMIN views users across all sub-organizations (eleven active)');

select tests.act_as('oscar@polarpeak.demo');
select is((select count(*)::int from public.cylinders), 8, 'S5/A3: ORG_ADMIN sees only their own location''s cylinders');
select results_eq(
  $$ select o.name, count(*)::int from public.cylinders c join rbac.orgs o on o.id = c.org_id group by o.name order by o.name $$,
  $$ values ('Denver Branch', 8) $$,
  'S5/A3: the same dashboard query gives the ORG_ADMIN their organization only');
select is_empty(format('select * from public.cylinders where id = %L', tests.id('b2001')),
  'S5/A3: ORG_ADMIN cannot open another location''s cylinder by its id');
select is(array(select display_name from public.list_members(tests.id('t')) order by display_name),
  array['Mia Moreno', 'Oscar Ortega', 'Rob Rivera', 'Sam Salas', 'Tom Tran'],
  'S5/A3: the ORG_ADMIN''s Users tab lists the people of their organization only');
select is(array[public.has_permission('billing.view'), public.has_permission('dashboards.multi_org'),
                public.has_permission('org_settings.edit'), public.has_permission('compliance.view')],
  array[false, false, true, true], 'S5: ORG_ADMIN manages settings and compliance reporting, without billing or the multi-org dashboard');
select throws_ok(format($$ select public.create_org(%L, 'Oscar''s Annex', 'sub_org') $$, tests.id('denver')),
  'RB003', null, 'S5: ORG_ADMIN cannot create sub-organizations');
select throws_ok(format($$ select public.update_member(%L, p_accessible_org_ids => array[%L]::uuid[]) $$, tests.id('oscar'), tests.id('boulder')),
  'RB012', null, 'S5/T2: ORG_ADMIN cannot give themselves another organization to switch to');

-- ------------------------------------------------------------ "Who Can Change Roles?"
select tests.act_as('paula@polarpeak.demo');
select is(array(select name from public.assignable_roles(tests.id('denver'))),
  array['MANAGER', 'ORG_ADMIN', 'SALES', 'TECHNICIAN'], 'S5/A4: PARENT_ORG_ADMIN can assign any role except PARENT_ORG_ADMIN');
select throws_ok(format($$ select * from public.invite_member(%L, 'vp@polarpeak.demo', 'Vic President', array[%L]::uuid[], 'company_admin') $$,
                        tests.id('t'), tests.id('parent_admin')),
  'RB013', null, 'S5/A4: PARENT_ORG_ADMIN cannot make another PARENT_ORG_ADMIN');
select lives_ok(format($$ select * from public.invite_member(%L, 'nora@polarpeak.demo', 'Nora Nash', array[%L]::uuid[], 'administrator') $$,
                       tests.id('fort_collins'), tests.id('org_admin')),
  'S5/A4: PARENT_ORG_ADMIN makes a branch manager ORG_ADMIN of their location');

select tests.act_as('oscar@polarpeak.demo');
select is(array(select name from public.assignable_roles(tests.id('denver'))), array['MANAGER', 'SALES', 'TECHNICIAN'],
  'S5/A4: ORG_ADMIN can assign MANAGER, TECHNICIAN and SALES');
select throws_ok(format($$ select public.assign_role(%L, %L) $$, tests.id('mia'), tests.id('org_admin')),
  'RB013', null, 'S5/A4: ORG_ADMIN cannot make someone else ORG_ADMIN');
select throws_ok(format($$ select public.assign_role(%L, %L) $$, tests.id('tara'), tests.id('manager')),
  'RB011', null, 'S5/A4: ORG_ADMIN cannot change roles in another organization');
select throws_ok(format($$ select public.assign_role(%L, %L) $$, tests.id('oscar'), tests.id('parent_admin')),
  'RB012', null, 'S5/A4: ORG_ADMIN cannot promote themselves');
select throws_ok(format($$ select public.update_member(%L, p_user_type => 'company_admin') $$, tests.id('mia')),
  'RB035', null, 'S5/A4: nor widen someone''s reach beyond their own organization');

select tests.act_as('mia@polarpeak.demo');
select is(array(select name from public.assignable_roles(tests.id('denver'))), array['TECHNICIAN'],
  'S5/A4: MANAGER can assign TECHNICIAN roles only');
select throws_ok(format($$ select public.assign_role(%L, %L) $$, tests.id('tom'), tests.id('sales')),
  'RB013', null, 'S5/A4: MANAGER cannot give SALES');
select throws_ok(format($$ select * from public.invite_member(%L, 'lead@polarpeak.demo', 'Lead Tech', array[%L]::uuid[]) $$,
                        tests.id('denver'), tests.id('manager')),
  'RB013', null, 'S5/A4: MANAGER cannot add another MANAGER');
select lives_ok(format($$ select * from public.invite_member(%L, 'newtech@polarpeak.demo', 'New Tech', array[%L]::uuid[]) $$,
                       tests.id('denver'), tests.id('technician')),
  'S5/A4: MANAGER adds a TECHNICIAN to the team');
select throws_ok(format($$ select * from public.invite_member(%L, 'btech@polarpeak.demo', 'Boulder Tech', array[%L]::uuid[]) $$,
                        tests.id('boulder'), tests.id('technician')),
  'RB011', null, 'S5/A4: but not at another location');

select tests.act_as('tom@polarpeak.demo');
select throws_ok(format($$ select public.assign_role(%L, %L) $$, tests.id('sam'), tests.id('technician')),
  'RB003', null, 'S5: TECHNICIAN cannot manage users');

select tests.act_as('rita@polarpeak.demo');
select lives_ok(format($$ select * from public.invite_member(%L, 'cfo@polarpeak.demo', 'Cass Finance', array[%L]::uuid[], 'company_admin') $$,
                       tests.id('t'), tests.id('parent_admin')),
  'S5/A4: "Can I have multiple PARENT_ORG_ADMIN users? Yes, sparingly": the account owner may add one');
select throws_ok(format($$ select public.assign_role(%L, %L) $$, tests.id('oscar'), tests.id('parent_admin')),
  'RB014', null, 'S5/R3: PARENT_ORG_ADMIN exists only at the parent organization, not in a sub-organization');

-- ------------------------------------------------------------ TECHNICIAN
select tests.act_as('tom@polarpeak.demo');
select results_eq('select customer from public.service_jobs order by customer',
  array['Cherry Creek Dental', 'Five Points Bakery', 'Larimer Brewing', 'Sloan Lake Clinic'],
  'S5/P3: a technician views his assigned appointments (Dale''s open one included, reassigned to him)');
select is_empty(format('select * from public.service_jobs where id = %L', tests.id('capitol_hill')),
  'S5/P3: an unassigned job of his own branch stays hidden, even by id');
select lives_ok(format('select public.complete_job(%L)', tests.id('five_points')), 'S5: a technician completes his appointment');
select throws_ok(format('select public.complete_job(%L)', tests.id('capitol_hill')), 'RB004', null,
  'S5/P3: not a job of his branch that is not his');
select throws_ok(format($$ update public.service_jobs set technician_member_id = %L where id = %L $$, tests.id('tara'), tests.id('larimer')),
  'RB003', null, 'S5: a technician cannot hand his job to someone else: assigning needs jobs.assign');
select throws_ok(format($$ insert into public.service_jobs (tenant_id, org_id, customer) values (%L, %L, 'Side Job') $$,
                        tests.id('t'), tests.id('denver')),
  '42501', null, 'S5: a technician cannot create work orders');
select is_empty(format('delete from public.service_jobs where id = %L returning id', tests.id('larimer')),
  'S5: a technician cannot delete records: not a job');
select is_empty(format('delete from public.cylinders where id = %L returning id', tests.id('d1005')),
  'S5: a technician cannot delete records: not a cylinder');
select isnt_empty(format($$ update public.cylinders set status = 'IN_USE' where id = %L returning id $$, tests.id('d1005')),
  'S5: a technician takes a cylinder into use');
select throws_ok(format($$ update public.cylinders set org_id = %L where id = %L $$, tests.id('boulder'), tests.id('d1005')),
  '42501', null, 'S5/A3: but cannot move it into a location he does not work at');
select throws_ok(format($$ select public.move_cylinder(%L, %L) $$, tests.id('d1005'), tests.id('boulder')),
  'RB011', 'You can move cylinders only between locations you work at.',
  'S5/A3: through the API the same refusal comes with our code and a sentence');
select is(array[public.has_permission('transfers.create'), public.has_permission('leaks.report'), public.has_permission('units.edit'),
                public.has_permission('units.decommission'), public.has_permission('billing.view'), public.can_access_admin()],
  array[true, true, true, false, false, false],
  'S5: a technician records transfers, reports leaks, updates equipment; cannot decommission units, has no billing and no Admin menu');

-- "Move cylinders between locations": a member who works at several (Rob, the
-- roving supervisor: Denver, Boulder, Fort Collins) moves one between them.
select tests.act_as('rob@polarpeak.demo');
select lives_ok(format($$ select public.move_cylinder(%L, %L) $$, tests.id('d1005'), tests.id('boulder')),
  'S5/T2: the roving supervisor moves a cylinder from Denver to Boulder, both his locations');
select tests.clear_authentication();
select is((select org_id from public.cylinders where id = tests.id('d1005')), tests.id('boulder'), 'S5: the cylinder is at Boulder now');
select tests.act_as('tom@polarpeak.demo');
select throws_ok(format($$ select public.move_cylinder(%L, %L) $$, tests.id('d1005'), tests.id('denver')), 'RB004', null,
  'S5/A3: Tom (Denver) no longer reaches it to move it back');

-- ------------------------------------------------------------ organization settings
-- "ORG_ADMIN: manage organization settings (name, EIN, brand, EPA config)";
-- TECHNICIAN and SALES "cannot access organization settings".
select tests.act_as('oscar@polarpeak.demo');
select is((select array_agg(business_name order by business_name) from public.org_settings), array['Polar Peak Denver'],
  'S5: the Denver ORG_ADMIN sees his location''s settings only');
select lives_ok(format($$ select public.update_org_settings(%L, p_ein => '84-9999999', p_epa_certification => 'EPA 608 Universal, PPR-0102') $$,
  tests.id('denver')), 'S5: and changes its EIN and EPA certification');
select throws_ok(format($$ select public.update_org_settings(%L, p_ein => '84-1111111') $$, tests.id('boulder')), 'RB004', null,
  'S5/A3: not Boulder''s');
select throws_ok(format($$ select public.update_org_settings(%L, p_ein => '849999999') $$, tests.id('denver')), 'RB005',
  'An EIN is two digits, a dash and seven digits (12-3456789).', 'S5: a malformed EIN gets a sentence');
select tests.act_as('tom@polarpeak.demo');
select is_empty('select 1 from public.org_settings', 'S5: a technician sees no organization settings');
select throws_ok(format($$ select public.update_org_settings(%L, p_ein => '84-1111111') $$, tests.id('denver')), 'RB004', null,
  'S5: nor changes them');
select tests.clear_authentication();
select is((select ein from public.org_settings where org_id = tests.id('denver')), '84-9999999', 'S5: Denver keeps Oscar''s EIN');
select is((select array[a.actor_name, a.before ->> 'ein', a.after ->> 'ein'] from rbac.audit_log a
            where a.tenant_id = tests.id('t') and a.action = 'org_settings.update' order by a.seq desc limit 1),
  array['Oscar Ortega', '84-2345678', '84-9999999'], 'S5/L1: the change is audited: who, before, after');

-- ------------------------------------------------------------ MANAGER
select tests.act_as('mia@polarpeak.demo');
select is((select count(*)::int from public.service_jobs), 7, 'S5/P3: MANAGER oversees every job of the branch');
select lives_ok(format($$ insert into public.service_jobs (tenant_id, org_id, customer, technician_member_id) values (%L, %L, 'RiNo Taproom', %L) $$,
                       tests.id('t'), tests.id('denver'), tests.id('tom')),
  'S5: MANAGER creates a work order and assigns a technician');
select is_empty(format('delete from public.service_jobs where id = %L returning id', tests.id('larimer')),
  'S5: MANAGER cannot delete critical records: jobs');
select is_empty(format('delete from public.cylinders where id = %L returning id', tests.id('d1005')),
  'S5: MANAGER cannot delete critical records: cylinders');
select is(array[public.has_permission('transfers.approve'), public.has_permission('tech_tools.use'),
                public.has_permission('reports.run'), public.has_permission('org_settings.view'), public.has_permission('units.delete')],
  array[true, true, true, false, false],
  'S5: MANAGER approves transfers, uses tech tools, runs reports; cannot manage organization settings or delete units');

-- ------------------------------------------------------------ SALES (V6)
select tests.act_as('sam@polarpeak.demo');
select results_eq('select serial_number from public.cylinders order by serial_number', array['D-1002', 'D-1003'],
  'S5/V6: SALES sees only cylinders FOR_SALE in their territory (Front Range North), in their location');
select is_empty(format('select * from public.cylinders where id = %L', tests.id('d1004')),
  'S5/V6: a cylinder for sale in another territory stays hidden by id');
select is_empty('select * from public.service_jobs', 'S5: SALES sees no jobs');
select is_empty(format($$ update public.cylinders set status = 'IN_USE' where serial_number = 'D-1002' returning id $$),
  'S5/V2: SALES cannot modify equipment it sees');
select is(array[public.has_permission('dashboards.sales'), public.has_permission('leads.manage'), public.has_permission('customers.view'),
                public.has_permission('transfers.create'), public.has_permission('org_settings.view')],
  array[true, true, true, false, false],
  'S5: SALES has the sales dashboard, leads and customer information; no transfers, no settings');
select throws_ok(format($$ select public.set_member_territories(%L, array[%L, %L]::uuid[]) $$, tests.id('sam'), tests.id('north'), tests.id('south')),
  'RB003', null, 'S5/V6: a salesperson cannot widen their own territories');
select throws_ok(format($$ insert into rbac.member_territories (tenant_id, member_id, territory_id) values (%L, %L, %L) $$,
                        tests.id('t'), tests.id('sam'), tests.id('south')),
  '42501', null, 'S5/V6: nor by writing the territory table directly');

select tests.act_as('sofia@polarpeak.demo');
select results_eq('select serial_number from public.cylinders order by serial_number', array['B-2001', 'B-2002', 'B-2006'],
  'S5/V6: a Boulder salesperson sees Boulder''s cylinders for sale in her two territories');

select tests.act_as('oscar@polarpeak.demo');
select throws_ok(format($$ select public.create_territory(%L, 'Western Slope') $$, tests.id('t')),
  'RB003', null, 'S5/V6: sales territories are the parent organization''s: an ORG_ADMIN cannot create one');
select throws_ok(format($$ select public.set_member_territories(%L, array[%L, %L]::uuid[]) $$, tests.id('sam'), tests.id('north'), tests.id('south')),
  'RB003', null, 'S5/V6: nor assign them, not even to his own location''s salesperson ("PARENT_ORG_ADMIN assigns")');

select tests.act_as('paula@polarpeak.demo');
select public.set_member_territories(tests.id('sam'), array[tests.id('north'), tests.id('south')]);
select tests.act_as('sam@polarpeak.demo');
select results_eq('select serial_number from public.cylinders order by serial_number', array['D-1002', 'D-1003', 'D-1004'],
  'S5/V6: the parent admin assigns Sam a second territory; its cylinders for sale show on his next query');

-- ------------------------------------------------------------ "Can users have access to multiple organizations?"
select tests.act_as('rob@polarpeak.demo');
select is((select count(*)::int from public.cylinders), 19,
  'S5/T2: the roving supervisor sees cylinders of his home location and his two accessible organizations');
select is(array(select o.name from rbac.member_orgs mo join rbac.orgs o on o.id = mo.org_id
                 where mo.member_id = tests.id('rob') order by o.name),
  array['Boulder Branch', 'Fort Collins Branch'], 'S5/T2: the org switcher lists the organizations he may switch to');
select throws_ok(format($$ select public.update_member(%L, p_accessible_org_ids => array[%L]::uuid[]) $$, tests.id('rob'), tests.id('t')),
  'RB003', null, 'S5/T2: he cannot grant himself another organization');

select tests.act_as('oscar@polarpeak.demo');
select throws_ok(format($$ select public.update_member(%L, p_accessible_org_ids => array[%L]::uuid[]) $$, tests.id('mia'), tests.id('boulder')),
  'RB011', null, 'S5/T2: an ORG_ADMIN cannot give access to an organization outside their own');
select tests.act_as('paula@polarpeak.demo');
select lives_ok(format($$ select public.update_member(%L, p_accessible_org_ids => array[%L]::uuid[]) $$, tests.id('mia'), tests.id('boulder')),
  'S5/T2: PARENT_ORG_ADMIN grants multi-org access (accessibleOrgIds) when editing a user');
select tests.act_as('mia@polarpeak.demo');
select is((select count(*)::int from public.cylinders), 14, 'S5/T2: Mia works in Boulder too on her very next query');

-- ------------------------------------------------------------ "Role changes take effect immediately"
select tests.act_as('oscar@polarpeak.demo');
select public.set_member_roles(tests.id('tom'), array[tests.id('manager')]);
select tests.act_as('tom@polarpeak.demo');
select is((select count(*)::int from public.service_jobs), 8,
  'S5/R4: Tom, promoted to MANAGER, oversees every Denver job on his very next query (the document needs a refresh or a new login)');

-- ------------------------------------------------------------ removing access; "What happens if I delete a user?"
select tests.act_as('paula@polarpeak.demo');
select throws_ok(format($$ select public.deactivate_member(%L) $$, tests.id('finn')),
  'RB040', null, 'S5/U6: a technician with open jobs is deactivated only with someone to take them over');
select is(public.deactivate_member(tests.id('finn'), tests.id('rob'), 'Left the company'), 1::bigint,
  'S5/U6: "remove access for former employees immediately": Finn is out, his open job goes to Rob');
select tests.act_as('finn@polarpeak.demo');
select is_empty('select * from public.cylinders', 'S5/U6: Finn sees nothing from his very next query');
select tests.act_as('oscar@polarpeak.demo');
select throws_ok(format($$ select public.delete_member(%L) $$, tests.id('sam')),
  'RB041', null, 'S5/U7: an active user must be deactivated before deletion');
select tests.clear_authentication();
select is((select (after ->> 'reassigned_items')::int from rbac.audit_log
            where tenant_id = tests.id('t') and action = 'member.deactivate' and target_id = tests.id('dale')::text), 1,
  'S5/U6: when Dale left, his open job was handed to Tom in the same step');
select is((select status::text from rbac.members where id = tests.id('dale')), 'deleted',
  'S5/U7: Dale was deleted, not merely deactivated as in the document');
select is((select count(*)::int from auth.users where email = 'dale@polarpeak.demo'), 0,
  'S5/U7: and his login is gone: he can never sign in again');
select tests.act_as('paula@polarpeak.demo');
select is(array(select j.customer || ': ' || m.display_name from public.service_jobs j
                  join rbac.members m on m.id = j.technician_member_id
                 where j.technician_member_id = tests.id('dale') order by j.customer),
  array['Mile High Diner: Dale Dunn', 'Union Station Market: Dale Dunn'],
  'S5/U7: his historical jobs remain intact with his name attached');

-- ------------------------------------------------------------ "Regular Role Reviews"
select is(array(select display_name from public.admin_holders(tests.id('t')) where 'billing.manage' = any (admin_permissions)
                 order by display_name),
  array['Paula Park', 'Rita Rhodes'], 'S5/L2: "Audit who has ADMIN-level access": billing is in the hands of the owner and the parent admin');
select is(array(select distinct display_name from public.who_can(tests.id('t'), 'cylinders.delete') where effective order by 1),
  array['Olga Berg', 'Oscar Ortega', 'Paula Park', 'Rita Rhodes'],
  'S5/L2: who can delete cylinders: the owner, the parent admin and the two ORG_ADMINs; no manager, technician or salesperson');
select lives_ok(format($$ select public.sign_off_access_review(%L, 'Q1 role review') $$, tests.id('t')),
  'S5/L2: the parent admin signs the quarterly review off');
select tests.act_as('oscar@polarpeak.demo');
select throws_ok(format($$ select public.sign_off_access_review(%L) $$, tests.id('t')),
  'RB003', null, 'S5/L2: an ORG_ADMIN cannot sign off the company''s review');

-- ------------------------------------------------------------ a second company; the org switcher across companies
select tests.clear_authentication();
select tests.remember('t2', public.load_preset('refritrak', 'Polar Peak Refrigeration (copy)'));
select tests.act_as('sam@polarpeak.demo');
select is((select count(*)::int from public.cylinders where tenant_id = tests.id('t2')), 2,
  'S5/T3: in the second company Sam keeps only the territory given there: his new one in the first does not leak');
select is(public.current_tenant_id(), null::uuid, 'S5/T2: with two companies and none chosen, no company is current');
select set_config('request.jwt.claims', jsonb_build_object('sub', tests.id('sam_user'), 'role', 'authenticated',
                                                           'tenant_id', tests.id('t2'))::text, true);
select is(public.current_tenant_id(), tests.id('t2'), 'S5/T2: the org switcher''s choice makes the second company current');
select tests.clear_authentication();
select tests.remember('outside', tests.new_tenant('Other Refrigeration Co', 'owner@other.test'));
select tests.authenticate_as('sam@polarpeak.demo');
select set_config('request.jwt.claims', jsonb_build_object('sub', tests.id('sam_user'), 'role', 'authenticated',
                                                           'tenant_id', tests.id('outside'))::text, true);
select is(public.current_tenant_id(), null::uuid, 'S5/T2/T3: a forged switch to a company he does not belong to is ignored');
select tests.clear_authentication();

select is_empty(format('select * from rbac_private.audit_chain_break(%L)', tests.id('t')),
  'S5/L1: every step above is in an intact audit chain');

select * from finish();
rollback;
