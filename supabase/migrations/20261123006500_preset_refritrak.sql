-- =============================================================================
-- Preset S5 "refritrak" (seed 004): a RefriTrak-style field-service company
-- (refrigerant cylinders, equipment, jobs) with a parent organization and
-- branch sub-organizations. Five fixed roles (PARENT_ORG_ADMIN, ORG_ADMIN,
-- MANAGER, TECHNICIAN, SALES) with the capabilities and limits the document
-- lists, assignable-role tiers (PARENT_ORG_ADMIN assigns all but itself,
-- ORG_ADMIN assigns MANAGER, TECHNICIAN and SALES, MANAGER assigns TECHNICIAN
-- only), a roving supervisor with extra accessible orgs (accessibleOrgIds),
-- sales territories with the FOR_SALE filter (V6), and a technician who left:
-- open jobs reassigned, then deleted with his history kept (U6, U7).
--
-- Everyone is placed and given a role through the public API by the person
-- the document says does it: the account owner sets up the roles and tiers,
-- the PARENT_ORG_ADMIN creates the branches and territories, each ORG_ADMIN
-- staffs their branch, a MANAGER adds a technician.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Helpers
-- -----------------------------------------------------------------------------

-- The field-service catalog: cylinders from the demo catalog (V6:
-- view_for_sale), and the areas the five roles are described by. Actions are
-- the document's verbs: technicians report leaks and record transfers,
-- managers approve transfers and assign technicians, only some may
-- decommission or delete. jobs.view is scoped (own: "assigned appointments").
-- Organization settings and billing are admin-type (P5).
create function rbac_private.preset_refritrak_catalog(p_tenant_id uuid) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform rbac_private.define_field_service_catalog(p_tenant_id);
  perform rbac_private.define_module(p_tenant_id, 'customers', 'Customers', '[
    {"action": "view", "name": "View customers"},
    {"action": "create", "name": "Add customers", "implies": ["view"]},
    {"action": "edit", "name": "Edit customers", "implies": ["view"]},
    {"action": "delete", "name": "Delete customers", "implies": ["view"]}
  ]'::jsonb, p_position => 41, p_description => 'The company''s customers and their sites.');
  -- As conversations (seed 002): the other actions do not imply the scoped
  -- view, which would widen an own view to every job; they reach only jobs
  -- the member sees anyway.
  perform rbac_private.define_module(p_tenant_id, 'jobs', 'Jobs and Appointments', '[
    {"action": "view", "name": "View jobs and appointments", "scoped": true},
    {"action": "create", "name": "Create work orders"},
    {"action": "edit", "name": "Update and complete jobs, add job notes"},
    {"action": "assign", "name": "Assign technicians and schedule jobs"},
    {"action": "delete", "name": "Delete jobs"}
  ]'::jsonb, p_position => 42, p_description => 'Service jobs and appointments, each assigned to a technician.');
  perform rbac_private.define_module(p_tenant_id, 'units', 'Units (Equipment)', '[
    {"action": "view", "name": "View units"},
    {"action": "create", "name": "Add units", "implies": ["view"]},
    {"action": "edit", "name": "Update equipment information", "implies": ["view"]},
    {"action": "decommission", "name": "Decommission units", "implies": ["view"]},
    {"action": "delete", "name": "Delete units", "implies": ["view"]}
  ]'::jsonb, p_position => 43, p_description => 'Refrigeration and HVAC equipment at customer sites.');
  perform rbac_private.define_module(p_tenant_id, 'transfers', 'Refrigerant Transfers', '[
    {"action": "view", "name": "View refrigerant transfers"},
    {"action": "create", "name": "Record transfers in the field", "implies": ["view"]},
    {"action": "approve", "name": "Review and approve transfers", "implies": ["view"]}
  ]'::jsonb, p_position => 44, p_description => 'Refrigerant added to or recovered from equipment (EPA records).');
  perform rbac_private.define_module(p_tenant_id, 'leaks', 'Leaks and Issues', '[
    {"action": "view", "name": "View leak reports"},
    {"action": "report", "name": "Report leaks and equipment issues", "implies": ["view"]}
  ]'::jsonb, p_position => 45, p_description => 'Leak reports and equipment issues found on site.');
  perform rbac_private.define_module(p_tenant_id, 'projects', 'Projects', '[
    {"action": "view", "name": "View projects"},
    {"action": "manage", "name": "Manage projects", "implies": ["view"]}
  ]'::jsonb, p_position => 46);
  perform rbac_private.define_module(p_tenant_id, 'tech_tools', 'Tech Tools', '[
    {"action": "use", "name": "Use the technician interface"}
  ]'::jsonb, p_position => 47, p_description => 'The mobile field view: appointments, quick access to units and cylinders.');
  perform rbac_private.define_module(p_tenant_id, 'leads', 'Leads and Opportunities', '[
    {"action": "view", "name": "View leads"},
    {"action": "manage", "name": "Track leads and opportunities", "implies": ["view"]}
  ]'::jsonb, p_position => 48);
  perform rbac_private.define_module(p_tenant_id, 'dashboards', 'Dashboards', '[
    {"action": "org", "name": "Organization dashboard and analytics"},
    {"action": "multi_org", "name": "Parent org dashboard across sub-organizations", "implies": ["org"]},
    {"action": "sales", "name": "Sales dashboard: inventory for sale"}
  ]'::jsonb, p_position => 49);
  perform rbac_private.define_module(p_tenant_id, 'reports', 'Reports', '[
    {"action": "view", "name": "View reports"},
    {"action": "run", "name": "Run operational reports", "implies": ["view"]},
    {"action": "export", "name": "Export reports", "implies": ["view"]}
  ]'::jsonb, p_position => 50);
  perform rbac_private.define_module(p_tenant_id, 'compliance', 'Compliance Reporting', '[
    {"action": "view", "name": "View compliance reports"},
    {"action": "export", "name": "Export compliance reports", "implies": ["view"]}
  ]'::jsonb, p_position => 51, p_description => 'EPA refrigerant compliance reporting.');
  perform rbac_private.define_module(p_tenant_id, 'org_settings', 'Organization Settings', '[
    {"action": "view", "name": "View organization settings"},
    {"action": "edit", "name": "Edit name, EIN, brand and EPA configuration", "implies": ["view"]}
  ]'::jsonb, p_is_admin => true, p_position => 900);
  perform rbac_private.define_module(p_tenant_id, 'billing', 'Billing', '[
    {"action": "view", "name": "View the billing page"},
    {"action": "manage", "name": "Manage billing and subscription", "implies": ["view"]}
  ]'::jsonb, p_is_admin => true, p_position => 901);
end;
$$;
comment on function rbac_private.preset_refritrak_catalog(uuid) is 'Definer: writes the catalog tables (preset S5 only).';

-- Demo records: 21 cylinders across the parent's warehouse and three
-- branches, in three sales territories; 13 jobs; each location's settings. Dale's two completed jobs
-- are his history (U7); his scheduled one is open work (U6).
create function rbac_private.preset_refritrak_records(p_tenant_id uuid, p_denver uuid, p_boulder uuid, p_fort_collins uuid,
                                                      p_north uuid, p_south uuid, p_mountain uuid,
                                                      p_dale uuid, p_tom uuid, p_tara uuid, p_finn uuid) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  insert into public.cylinders (tenant_id, org_id, serial_number, gas, status, territory_id)
  select p_tenant_id, c.org_id, c.serial, c.gas, c.status, c.territory
    from (values
      (p_tenant_id, 'P-0001', 'R-410A', 'IN_STOCK', null::uuid),
      (p_tenant_id, 'P-0002', 'R-32', 'FOR_SALE', p_north),
      (p_denver, 'D-1001', 'R-410A', 'IN_USE', p_north),
      (p_denver, 'D-1002', 'R-410A', 'FOR_SALE', p_north),
      (p_denver, 'D-1003', 'R-134a', 'FOR_SALE', p_north),
      (p_denver, 'D-1004', 'R-404A', 'FOR_SALE', p_south),
      (p_denver, 'D-1005', 'R-22', 'IN_STOCK', p_north),
      (p_denver, 'D-1006', 'R-22', 'RETIRED', null),
      (p_denver, 'D-1007', 'R-32', 'FOR_SALE', null),
      (p_denver, 'D-1008', 'R-410A', 'IN_USE', p_south),
      (p_boulder, 'B-2001', 'R-410A', 'FOR_SALE', p_south),
      (p_boulder, 'B-2002', 'R-134a', 'FOR_SALE', p_mountain),
      (p_boulder, 'B-2003', 'R-404A', 'FOR_SALE', p_north),
      (p_boulder, 'B-2004', 'R-410A', 'IN_STOCK', p_south),
      (p_boulder, 'B-2005', 'R-22', 'IN_USE', p_mountain),
      (p_boulder, 'B-2006', 'R-32', 'FOR_SALE', p_mountain),
      (p_fort_collins, 'F-3001', 'R-410A', 'FOR_SALE', p_north),
      (p_fort_collins, 'F-3002', 'R-134a', 'IN_STOCK', p_north),
      (p_fort_collins, 'F-3003', 'R-404A', 'IN_USE', p_north),
      (p_fort_collins, 'F-3004', 'R-410A', 'FOR_SALE', p_mountain),
      (p_fort_collins, 'F-3005', 'R-22', 'RETIRED', null)
    ) c(org_id, serial, gas, status, territory);

  insert into public.service_jobs (tenant_id, org_id, customer, summary, status, technician_member_id, scheduled_for)
  values
    (p_tenant_id, p_denver, 'Mile High Diner', 'Walk-in cooler leak check', 'COMPLETED', p_dale, date '2026-01-12'),
    (p_tenant_id, p_denver, 'Union Station Market', 'Rooftop unit recharge, 4 lb R-410A', 'COMPLETED', p_dale, date '2026-01-20'),
    (p_tenant_id, p_denver, 'Cherry Creek Dental', 'Quarterly AC maintenance', 'SCHEDULED', p_dale, date '2026-02-10'),
    (p_tenant_id, p_denver, 'Larimer Brewing', 'Glycol chiller service', 'IN_PROGRESS', p_tom, date '2026-02-03'),
    (p_tenant_id, p_denver, 'Five Points Bakery', 'Reach-in freezer compressor', 'SCHEDULED', p_tom, date '2026-02-12'),
    (p_tenant_id, p_denver, 'Capitol Hill Apartments', 'Heat pump install quote visit', 'SCHEDULED', null, date '2026-02-16'),
    (p_tenant_id, p_denver, 'Sloan Lake Clinic', 'Ice machine repair', 'COMPLETED', p_tom, date '2026-01-28'),
    (p_tenant_id, p_boulder, 'Pearl Street Grocers', 'Display case leak repair', 'SCHEDULED', p_tara, date '2026-02-11'),
    (p_tenant_id, p_boulder, 'Flatirons Ice Rink', 'Chiller refrigerant recovery', 'IN_PROGRESS', p_tara, date '2026-02-04'),
    (p_tenant_id, p_boulder, 'Chautauqua Lodge', 'Kitchen walk-in startup', 'COMPLETED', p_tara, date '2026-01-15'),
    (p_tenant_id, p_boulder, 'Boulder Creek Offices', 'Split system diagnosis', 'SCHEDULED', null, date '2026-02-18'),
    (p_tenant_id, p_fort_collins, 'Old Town Creamery', 'Blast freezer PM', 'SCHEDULED', p_finn, date '2026-02-09'),
    (p_tenant_id, p_fort_collins, 'CSU Research Lab', 'Ultra-low freezer recharge', 'COMPLETED', p_finn, date '2026-01-22');

  -- Each location's settings ("name, EIN, brand, EPA config"), edited by its ORG_ADMIN.
  insert into public.org_settings (tenant_id, org_id, business_name, ein, brand_color, epa_certification)
  values
    (p_tenant_id, p_tenant_id, 'Polar Peak Refrigeration', '84-1234567', '#0b5fff', 'EPA 608 Universal, PPR-0001'),
    (p_tenant_id, p_denver, 'Polar Peak Denver', '84-2345678', '#0b5fff', 'EPA 608 Universal, PPR-0101'),
    (p_tenant_id, p_boulder, 'Polar Peak Boulder', '84-3456789', '#0b5fff', 'EPA 608 Type II, PPR-0201'),
    (p_tenant_id, p_fort_collins, 'Polar Peak Fort Collins', '84-4567890', '#0b5fff', 'EPA 608 Type II, PPR-0301');
end;
$$;
comment on function rbac_private.preset_refritrak_records(uuid, uuid, uuid, uuid, uuid, uuid, uuid, uuid, uuid, uuid, uuid) is
  'Definer: writes demo business rows of a preset tenant (preset S5 only).';

-- -----------------------------------------------------------------------------
-- The preset
-- -----------------------------------------------------------------------------

create function rbac_private.preset_refritrak(p_tenant_name text) returns uuid
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_owner uuid := rbac_private.demo_user('rita@polarpeak.demo', 'Rita Rhodes',
                    'S5 account owner: first to sign up (U3), system Administrator; set up the five fixed roles and their '
                    || 'assignable tiers, and the only one who may make another PARENT_ORG_ADMIN');
  v_tenant uuid;
  v_denver uuid;
  v_boulder uuid;
  v_fort_collins uuid;
  v_north uuid;
  v_south uuid;
  v_mountain uuid;
  -- Role permissions, each tier a superset of the roles it may assign (A4).
  v_technician_rights jsonb := '["customers.view", {"permission": "jobs.view", "scope": "own"}, "jobs.edit",
    "units.create", "units.edit", "cylinders.edit", "transfers.create", "leaks.report", "tech_tools.use"]';
  v_manager_rights jsonb := v_technician_rights || '[{"permission": "jobs.view", "scope": "all"}, "jobs.create", "jobs.assign",
    "customers.create", "customers.edit", "units.decommission", "cylinders.create", "transfers.approve",
    "reports.run", "projects.manage", "dashboards.org", "users.invite", "users.assign_roles"]';
  v_sales_rights jsonb := '["cylinders.view_for_sale", "customers.view", "dashboards.sales", "leads.manage"]';
  v_org_admin_rights jsonb := v_manager_rights || v_sales_rights || '["customers.delete", "jobs.delete", "units.delete",
    "cylinders.delete", "reports.export", "compliance.export", "org_settings.edit", "users.edit", "users.deactivate",
    "users.delete", "roles.view"]';
  v_parent_rights jsonb := v_org_admin_rights || '["organizations.manage", "billing.manage", "dashboards.multi_org",
    "audit.export", "access_review.sign_off", "join_requests.approve", "groups.manage", "territories.assign"]';
  v_parent_admin uuid;
  v_org_admin uuid;
  v_manager uuid;
  v_technician uuid;
  v_sales uuid;
  v_paula uuid;
  v_oscar uuid;
  v_olga uuid;
  v_mia uuid;
  v_rob uuid;
  v_tom uuid;
  v_tara uuid;
  v_finn uuid;
  v_sam uuid;
  v_sofia uuid;
  v_dale uuid;
begin
  -- U3: the owner signs up; the company is the parent organization.
  perform rbac_private.act_as(v_owner);
  v_tenant := public.create_organization(p_tenant_name, 'Rita Rhodes');
  perform rbac_private.preset_refritrak_catalog(v_tenant);
  perform public.create_company_type(v_tenant, 'parent_org', 'Parent organization',
            array['company_admin', 'administrator', 'power_user']::rbac.user_type[]);
  perform public.create_company_type(v_tenant, 'sub_org', 'Sub-organization (location)',
            array['administrator', 'power_user']::rbac.user_type[]);
  perform public.update_org(v_tenant, p_company_type_key => 'parent_org');

  -- The five roles, defined at the parent so every sub-organization has them (R2).
  v_technician := public.create_role(v_tenant, 'TECHNICIAN',
    'Field technicians: assigned appointments, transfers, leaks, equipment updates, moving cylinders. Cannot delete, '
    || 'decommission, manage users or settings.', v_technician_rights);
  v_manager := public.create_role(v_tenant, 'MANAGER',
    'Field supervisors: jobs and schedules, work orders, transfer approval, reports, projects, tech tools. Cannot delete '
    || 'critical records or manage organization settings.', v_manager_rights);
  v_sales := public.create_role(v_tenant, 'SALES',
    'Sales representatives: cylinders FOR_SALE in their territories, sales dashboard, leads, customers. Cannot modify '
    || 'equipment or perform transfers.', v_sales_rights);
  v_org_admin := public.create_role(v_tenant, 'ORG_ADMIN',
    'Site administrators: one organization''s settings, users, customers, equipment, jobs and reports. No billing, no '
    || 'sub-organizations, no other organizations.', v_org_admin_rights);
  v_parent_admin := public.create_role(v_tenant, 'PARENT_ORG_ADMIN',
    'Owners and executives: the parent organization and every sub-organization, billing, sales territories, '
    || 'multi-org dashboard.', v_parent_rights, 'employee', array['parent_org']);

  -- "Who Can Change Roles?" (A4 assignable tiers).
  perform public.set_assignable_roles(v_parent_admin, array[v_org_admin, v_manager, v_technician, v_sales]);
  perform public.set_assignable_roles(v_org_admin, array[v_manager, v_technician, v_sales]);
  perform public.set_assignable_roles(v_manager, array[v_technician]);

  v_paula := rbac_private.preset_invite(v_owner, v_tenant, 'paula@polarpeak.demo', 'Paula Park',
    'S5 PARENT_ORG_ADMIN (executive): every sub-organization, billing, sub-org creation, sales territories, multi-org dashboard',
    array[v_parent_admin], 'company_admin');

  -- The parent admin creates the locations and the sales territories.
  perform rbac_private.act_as((select user_id from rbac.members where id = v_paula));
  v_denver := public.create_org(v_tenant, 'Denver Branch', 'sub_org');
  v_boulder := public.create_org(v_tenant, 'Boulder Branch', 'sub_org');
  v_fort_collins := public.create_org(v_tenant, 'Fort Collins Branch', 'sub_org');
  v_north := public.create_territory(v_tenant, 'Front Range North');
  v_south := public.create_territory(v_tenant, 'Front Range South');
  v_mountain := public.create_territory(v_tenant, 'Mountain Resorts');

  -- Multi-location enterprise: one ORG_ADMIN per location, a roving supervisor.
  v_oscar := rbac_private.preset_invite((select user_id from rbac.members where id = v_paula), v_denver,
    'oscar@polarpeak.demo', 'Oscar Ortega', 'S5 ORG_ADMIN of Denver Branch: limited to Denver''s data; no billing, no sub-orgs',
    array[v_org_admin], 'administrator');
  v_olga := rbac_private.preset_invite((select user_id from rbac.members where id = v_paula), v_boulder,
    'olga@polarpeak.demo', 'Olga Berg', 'S5 ORG_ADMIN of Boulder Branch', array[v_org_admin], 'administrator');
  v_rob := rbac_private.preset_invite((select user_id from rbac.members where id = v_paula), v_denver,
    'rob@polarpeak.demo', 'Rob Rivera',
    'S5 MANAGER, roving supervisor: home Denver, accessible orgs Boulder and Fort Collins (accessibleOrgIds, T2)', array[v_manager]);
  perform public.update_member(v_rob, p_accessible_org_ids => array[v_boulder, v_fort_collins]);
  v_sofia := rbac_private.preset_invite((select user_id from rbac.members where id = v_paula), v_boulder,
    'sofia@polarpeak.demo', 'Sofia Stone', 'S5 SALES at Boulder: territories Front Range South and Mountain Resorts (V6)', array[v_sales]);
  v_finn := rbac_private.preset_invite((select user_id from rbac.members where id = v_paula), v_fort_collins,
    'finn@polarpeak.demo', 'Finn Foster', 'S5 TECHNICIAN at Fort Collins Branch (a location without its own ORG_ADMIN)',
    array[v_technician]);

  -- Each ORG_ADMIN staffs their branch: MANAGER, TECHNICIAN and SALES only.
  v_mia := rbac_private.preset_invite((select user_id from rbac.members where id = v_oscar), v_denver,
    'mia@polarpeak.demo', 'Mia Moreno', 'S5 MANAGER at Denver: jobs, schedules, transfer approval; assigns TECHNICIAN only',
    array[v_manager]);
  v_sam := rbac_private.preset_invite((select user_id from rbac.members where id = v_oscar), v_denver,
    'sam@polarpeak.demo', 'Sam Salas', 'S5 SALES at Denver: territory Front Range North; sees only cylinders FOR_SALE there (V6)',
    array[v_sales]);
  v_dale := rbac_private.preset_invite((select user_id from rbac.members where id = v_oscar), v_denver,
    'dale@polarpeak.demo', 'Dale Dunn', 'S5 former TECHNICIAN: left, open job reassigned to Tom (U6), deleted; his jobs keep his name (U7)',
    array[v_technician]);
  v_tara := rbac_private.preset_invite((select user_id from rbac.members where id = v_olga), v_boulder,
    'tara@polarpeak.demo', 'Tara Tso', 'S5 TECHNICIAN at Boulder', array[v_technician]);
  -- "MANAGER can assign TECHNICIAN roles only."
  v_tom := rbac_private.preset_invite((select user_id from rbac.members where id = v_mia), v_denver,
    'tom@polarpeak.demo', 'Tom Tran', 'S5 TECHNICIAN at Denver, added by his MANAGER: his assigned jobs only; cannot delete anything',
    array[v_technician]);

  -- "Manage assigned sales territories (PARENT_ORG_ADMIN assigns)."
  perform rbac_private.act_as((select user_id from rbac.members where id = v_paula));
  perform public.set_member_territories(v_sam, array[v_north]);
  perform public.set_member_territories(v_sofia, array[v_south, v_mountain]);

  perform rbac_private.preset_refritrak_records(v_tenant, v_denver, v_boulder, v_fort_collins, v_north, v_south, v_mountain,
                                                v_dale, v_tom, v_tara, v_finn);

  -- Dale left: his ORG_ADMIN deactivates him, his open job goes to Tom (U6),
  -- then deletes him; his completed jobs keep his name (U7).
  perform rbac_private.act_as((select user_id from rbac.members where id = v_oscar));
  perform public.deactivate_member(v_dale, v_tom, 'Left the company; open job handed to Tom.');
  perform public.delete_member(v_dale, 'Former employee; history stays.');
  return v_tenant;
end;
$$;
comment on function rbac_private.preset_refritrak(text) is 'Definer: builds a preset tenant as its demo owner, administrators and managers.';

insert into rbac.presets (name, title, description, requirement) values
  ('refritrak', 'Polar Peak Refrigeration',
   'Seed 004: field service with five fixed roles, parent and sub-organizations, assignable-role tiers, a roving supervisor '
   || 'with extra accessible orgs, sales territories and the FOR_SALE filter, deactivation and deletion keeping history.',
   'S5');
