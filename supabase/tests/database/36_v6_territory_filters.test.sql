-- V6: attribute and territory filters. RefriTrak's SALES role sees only the
-- cylinders FOR_SALE in the territories the member covers; a technician sees
-- every cylinder of their org; holding both roles gives the union.
begin;
\ir ../helpers/test_helpers.sql
\ir ../helpers/visibility_helpers.sql
select plan(17);

-- ---------------------------------------------------------------------------
-- Setup (superuser)
-- ---------------------------------------------------------------------------
select tests.remember('a', tests.new_tenant('RefriTrak A', 'owner@a.test'));
select rbac_private.define_demo_catalog(tests.id('a'));
select tests.remember('east', tests.make_org(tests.id('a'), tests.id('a'), 'East'));
select tests.remember('west', tests.make_org(tests.id('a'), tests.id('a'), 'West'));
insert into rbac.territories (tenant_id, name) values (tests.id('a'), 'North'), (tests.id('a'), 'South');
select tests.remember('north', (select id from rbac.territories where tenant_id = tests.id('a') and name = 'North'));
select tests.remember('south', (select id from rbac.territories where tenant_id = tests.id('a') and name = 'South'));
select tests.remember('sales_role', tests.make_role(tests.id('a'), 'SALES', array['cylinders.view_for_sale']));
select tests.remember('tech_role', tests.make_role(tests.id('a'), 'TECHNICIAN', array['cylinders.view', 'cylinders.edit']));

select tests.remember('sales', tests.add_member(tests.id('a'), 'sales@a.test', 'power_user', tests.id('east'), array[tests.id('sales_role')]));
insert into rbac.member_territories (tenant_id, member_id, territory_id) values (tests.id('a'), tests.id('sales'), tests.id('north'));
select tests.add_member(tests.id('a'), 'tech@a.test', 'power_user', tests.id('east'), array[tests.id('tech_role')]);
select tests.remember('both', tests.add_member(tests.id('a'), 'both@a.test', 'power_user', tests.id('east'),
                                               array[tests.id('sales_role'), tests.id('tech_role')]));
insert into rbac.member_territories (tenant_id, member_id, territory_id) values (tests.id('a'), tests.id('both'), tests.id('north'));

insert into public.cylinders (tenant_id, org_id, serial_number, status, territory_id) values
  (tests.id('a'), tests.id('east'), 'C1 for sale north', 'FOR_SALE', tests.id('north')),
  (tests.id('a'), tests.id('east'), 'C2 for sale south', 'FOR_SALE', tests.id('south')),
  (tests.id('a'), tests.id('east'), 'C3 in stock north', 'IN_STOCK', tests.id('north')),
  (tests.id('a'), tests.id('east'), 'C4 for sale, no territory', 'FOR_SALE', null),
  (tests.id('a'), tests.id('west'), 'C5 for sale north, West', 'FOR_SALE', tests.id('north'));
select tests.remember('c1', (select id from public.cylinders where serial_number like 'C1%'));
select tests.remember('c2', (select id from public.cylinders where serial_number like 'C2%'));
select tests.remember('c3', (select id from public.cylinders where serial_number like 'C3%'));

-- ---------------------------------------------------------------------------
-- Reading
-- ---------------------------------------------------------------------------
select tests.act_as('sales@a.test');
select results_eq('select serial_number from public.cylinders order by serial_number', array['C1 for sale north'],
  'V6: a salesperson sees only cylinders FOR_SALE in their territories');
select is_empty(format('select * from public.cylinders where id = %L', tests.id('c3')),
  'V6: a cylinder in their territory that is not for sale stays hidden by id');
select is_empty(format('select * from public.cylinders where id = %L', tests.id('c2')),
  'V6: a cylinder for sale in another territory stays hidden by id');
select is_empty('select * from public.cylinders where serial_number like ''C5%''',
  'V6/A3: a cylinder for sale in their territory but outside their org scope stays hidden');

select tests.act_as('tech@a.test');
select results_eq('select serial_number from public.cylinders order by serial_number',
  array['C1 for sale north', 'C2 for sale south', 'C3 in stock north', 'C4 for sale, no territory'],
  'V6: a technician sees every cylinder of their org, whatever its status or territory');

select tests.act_as('both@a.test');
select results_eq('select count(*)::integer from public.cylinders', array[4],
  'V6/A1: holding SALES and TECHNICIAN gives the union');

-- Changes to territories and statuses apply on the next statement.
select tests.clear_authentication();
insert into rbac.member_territories (tenant_id, member_id, territory_id) values (tests.id('a'), tests.id('sales'), tests.id('south'));
select tests.act_as('sales@a.test');
select results_eq('select serial_number from public.cylinders order by serial_number', array['C1 for sale north', 'C2 for sale south'],
  'V6: a territory added to the salesperson shows its cylinders on the next statement');
select tests.clear_authentication();
update public.cylinders set status = 'FOR_SALE' where id = tests.id('c3');
select tests.act_as('sales@a.test');
select isnt_empty(format('select * from public.cylinders where id = %L', tests.id('c3')),
  'V6: a cylinder put up for sale shows on the next statement');

-- ---------------------------------------------------------------------------
-- Writing: the filter grants viewing only.
-- ---------------------------------------------------------------------------
select is_empty(format('update public.cylinders set status = ''IN_USE'' where id = %L returning id', tests.id('c1')),
  'V6/V2: a salesperson cannot change a cylinder they see');
select throws_ok(
  format('insert into public.cylinders (tenant_id, org_id, serial_number, status, territory_id) values (%L, %L, ''Fake'', ''FOR_SALE'', %L)',
         tests.id('a'), tests.id('east'), tests.id('north')),
  '42501', null,
  'V6/V2: a salesperson cannot add cylinders');

select tests.act_as('tech@a.test');
select isnt_empty(format('update public.cylinders set status = ''IN_USE'' where id = %L returning id', tests.id('c2')),
  'V6: a technician with cylinders.edit changes a cylinder''s status');
select tests.act_as('sales@a.test');
select is_empty(format('select * from public.cylinders where id = %L', tests.id('c2')),
  'V6: a cylinder no longer for sale disappears from the salesperson''s view');

-- ---------------------------------------------------------------------------
-- Giving territories (A4): nobody opens records they do not see themselves.
-- ---------------------------------------------------------------------------
select tests.clear_authentication();
insert into rbac.territories (tenant_id, name) values (tests.id('a'), 'West Slope');
select tests.remember('slope', (select id from rbac.territories where tenant_id = tests.id('a') and name = 'West Slope'));
-- A sales lead: assigns territories, sees cylinders only through the SALES filter, covers North.
select tests.remember('lead_role', tests.make_role(tests.id('a'), 'Sales lead', array['territories.assign', 'cylinders.view_for_sale']));
select tests.remember('lead', tests.add_member(tests.id('a'), 'lead@a.test', 'company_admin', null, array[tests.id('lead_role')]));
insert into rbac.member_territories (tenant_id, member_id, territory_id) values (tests.id('a'), tests.id('lead'), tests.id('north'));
select tests.remember('rep', tests.add_member(tests.id('a'), 'rep@a.test', 'power_user', tests.id('east'), array[tests.id('sales_role')]));
select tests.act_as('lead@a.test');
select lives_ok(format($$ select public.set_member_territories(%L, array[%L]::uuid[]) $$, tests.id('rep'), tests.id('north')),
  'V6/A4: a sales lead gives a territory they cover');
select throws_ok(format($$ select public.set_member_territories(%L, array[%L, %L]::uuid[]) $$, tests.id('rep'), tests.id('north'), tests.id('slope')), 'RB010',
  'You cannot give a territory you do not cover yourself: it opens records of cylinders.view, which you do not see in full.',
  'V6/A4: but not one they do not cover (it would open cylinders they cannot see)');
select results_eq(format($$ select territory_id from rbac.member_territories where member_id = %L $$, tests.id('rep')), array[tests.id('north')],
  'V6/A4: the refused change left the territories as they were');
select tests.act_as('owner@a.test');
select lives_ok(format($$ select public.set_member_territories(%L, array[%L, %L]::uuid[]) $$, tests.id('rep'), tests.id('north'), tests.id('slope')),
  'V6/A4: an administrator who sees every cylinder gives any territory');

select tests.clear_authentication();
update rbac.members set status = 'deactivated' where id = tests.id('sales');
select tests.act_as('sales@a.test');
select is_empty('select * from public.cylinders', 'U6: a deactivated salesperson sees no cylinder');

select * from finish();
rollback;
