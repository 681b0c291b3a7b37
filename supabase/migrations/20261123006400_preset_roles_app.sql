-- =============================================================================
-- Preset S4 "roles_app" (seed 003): the Roles app of an equipment-service
-- platform. An account (the tenant) with a distributor and its customer
-- sites; apps with Create/Read/Update/Delete and the extended sub-sections
-- (Manuals › DynamicManuals autoSelect, Manuals › ManualsTrash restore,
-- Walkthrough › WalkthroughTemplate, Audits › AuditTemplate); a hidden Super
-- Administrator above the Administrator; the document's example roles
-- (distributor, customer, reader, several "orgadministrator" rows, one per
-- organization, each configured differently); a role that was deleted
-- (disabled) while someone still held it; an app whose trial ended
-- (uninstalled, still configured in a role); and a few dozen manuals across
-- the sites, some in the trash.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Helpers
-- -----------------------------------------------------------------------------

-- An app with the document's four standard permissions. Read is our "view";
-- Create, Update and Delete each imply Read (P4), as the matrix shows.
create function rbac_private.preset_roles_app_crud_module(
  p_tenant_id uuid, p_key text, p_name text, p_noun text, p_position integer, p_description text
) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform rbac_private.define_module(p_tenant_id, p_key, p_name, jsonb_build_array(
    jsonb_build_object('action', 'view', 'name', 'Read ' || p_noun),
    jsonb_build_object('action', 'create', 'name', 'Create ' || p_noun, 'implies', jsonb_build_array('view')),
    jsonb_build_object('action', 'edit', 'name', 'Update ' || p_noun, 'implies', jsonb_build_array('view')),
    jsonb_build_object('action', 'delete', 'name', 'Delete ' || p_noun, 'implies', jsonb_build_array('view'))
  ), p_position => p_position, p_description => p_description);
end;
$$;
comment on function rbac_private.preset_roles_app_crud_module(uuid, text, text, text, integer, text) is
  'Definer: writes the catalog tables (preset S4 only).';

-- The apps installed in the account. Template management is a sub-section
-- with its own four permissions, separate from running walkthroughs and
-- audits (seed 003, "Extended permissions"); neither side implies the other.
create function rbac_private.preset_roles_app_catalog(p_tenant_id uuid) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform rbac_private.preset_roles_app_crud_module(p_tenant_id, 'assets', 'Assets', 'assets', 10,
    'Refrigeration equipment installed at each site.');
  -- Manuals with ManualsTrash (restore) from the shared demo catalog.
  perform rbac_private.define_manuals_catalog(p_tenant_id);
  perform rbac_private.define_module(p_tenant_id, 'manuals.dynamic', 'DynamicManuals', '[
    {"action": "autoSelect", "name": "Automatically associate manuals with assets", "implies": ["manuals.view"]}
  ]'::jsonb, p_position => 32, p_description => 'Manuals picked for an asset by its model, without a manual link.');
  perform rbac_private.preset_roles_app_crud_module(p_tenant_id, 'walkthrough', 'Walkthrough', 'walkthroughs', 40,
    'Guided inspections run on site.');
  perform rbac_private.preset_roles_app_crud_module(p_tenant_id, 'walkthrough.template', 'WalkthroughTemplate',
    'walkthrough templates', 41, 'The step lists walkthroughs are run from.');
  perform rbac_private.preset_roles_app_crud_module(p_tenant_id, 'audits', 'Audits', 'audits', 50,
    'Compliance audits of a site (a sensitive app).');
  perform rbac_private.preset_roles_app_crud_module(p_tenant_id, 'audits.template', 'AuditTemplate',
    'audit templates', 51, 'The question sets audits are run from.');
  perform rbac_private.preset_roles_app_crud_module(p_tenant_id, 'cases', 'Cases', 'cases', 60,
    'Service cases opened by customers and distributors.');
  perform rbac_private.preset_roles_app_crud_module(p_tenant_id, 'docgpt', 'DocGPT', 'DocGPT documents', 70,
    'Questions answered from the account''s documents.');
  -- P2: trialled, then uninstalled by the preset (a role still lists it).
  perform rbac_private.preset_roles_app_crud_module(p_tenant_id, 'telemetry', 'IoT Telemetry', 'telemetry', 80,
    'Live temperatures from connected equipment.');

  -- "orgadministrator" is made once per organization (seed 003: several rows
  -- of that name, one per organization): offered as a starter role.
  insert into rbac.role_templates (tenant_id, key, name, description, permissions) values
    (p_tenant_id, 'orgadministrator', 'orgadministrator',
     'Administers the users and records of one organization.',
     '["users.view", "users.invite", "users.edit", "users.assign_roles", "users.deactivate", "assets.create", "assets.edit",
       "manuals.create", "manuals.edit", "walkthrough.create", "walkthrough.edit", "cases.create", "cases.edit", "docgpt.view"]');
end;
$$;
comment on function rbac_private.preset_roles_app_catalog(uuid) is 'Definer: writes the catalog and template tables (preset S4 only).';

-- A demo person placed in the account with no role yet; the acting
-- administrator then gives roles through the public API (checked, audited).
create function rbac_private.preset_roles_app_person(
  p_tenant_id uuid, p_email text, p_name text, p_description text, p_home_org_id uuid, p_user_type rbac.user_type
) returns uuid
language sql
security definer
set search_path = pg_catalog, pg_temp
as $$
  select rbac_private.insert_member(p_tenant_id, rbac_private.demo_user(p_email, p_name, p_description),
                                    p_name, lower(p_email), p_home_org_id, p_user_type, '{}')
$$;
comment on function rbac_private.preset_roles_app_person(uuid, text, text, text, uuid, rbac.user_type) is
  'Definer: creates demo logins and members (preset S4 only).';

-- Twenty-eight manuals: six at headquarters, six at the distributor and
-- eight per customer site, each written by someone working there or (Summit
-- Foods, which has no administrator of its own yet) by the distributor.
create function rbac_private.preset_roles_app_manuals(p_tenant_id uuid) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  insert into public.manuals (tenant_id, org_id, title, body, created_by)
  select p_tenant_id, o.id, d.title, d.body, m.id
    from (values
      (null, 'ada.admin@frostline.demo', 'FX-200 Walk-in Freezer: Installation', 'Site survey, anchoring, first start-up.'),
      (null, 'ada.admin@frostline.demo', 'FX-200 Walk-in Freezer: Defrost Troubleshooting', 'Heater, termination sensor, drain line.'),
      (null, 'ada.admin@frostline.demo', 'RC-40 Reach-in Cooler: User Guide', 'Controls, loading, cleaning.'),
      (null, 'tina.templates@frostline.demo', 'RC-40 Reach-in Cooler: Gasket Replacement', 'Remove, fit, check the seal.'),
      (null, 'tina.templates@frostline.demo', 'CU-9 Condensing Unit: Service Manual', 'Pressures, charge, fan motors.'),
      (null, 'alex.auditor@frostline.demo', 'Refrigerant Handling Safety (R-448A)', 'Protective equipment and recovery.'),
      ('Polar Distribution', 'otto.polar@frostline.demo', 'Polar: Preventive Maintenance Checklist', 'Quarterly visit steps.'),
      ('Polar Distribution', 'otto.polar@frostline.demo', 'Polar: Warranty Claim Procedure', 'Photos, serials, parts return.'),
      ('Polar Distribution', 'dave.distributor@frostline.demo', 'Polar: Truck Stock Parts List', 'What every van carries.'),
      ('Polar Distribution', 'dave.distributor@frostline.demo', 'Polar: Commissioning Report', 'Readings to record at hand-over.'),
      ('Polar Distribution', 'dave.distributor@frostline.demo', 'Polar: Leak Check Procedure', 'Electronic detector and bubble test.'),
      ('Polar Distribution', 'otto.polar@frostline.demo', 'Polar: 2019 Price List', 'Superseded.'),
      ('Coastal Dairy', 'olivia.coastal@frostline.demo', 'Coastal Dairy: MC-12 Milk Cooler Operating Guide', 'Daily checks.'),
      ('Coastal Dairy', 'olivia.coastal@frostline.demo', 'Coastal Dairy: Bulk Tank Cleaning (CIP)', 'Wash cycle and records.'),
      ('Coastal Dairy', 'cora.customer@frostline.demo', 'Coastal Dairy: Cold Room Temperature Log', 'Twice a day.'),
      ('Coastal Dairy', 'olivia.coastal@frostline.demo', 'Coastal Dairy: Compressor Alarm Response', 'Who to call, what to check.'),
      ('Coastal Dairy', 'cora.customer@frostline.demo', 'Coastal Dairy: Night Shift Shutdown', 'Doors, lights, alarms.'),
      ('Coastal Dairy', 'olivia.coastal@frostline.demo', 'Coastal Dairy: Ammonia Detector Test', 'Monthly bump test.'),
      ('Coastal Dairy', 'olivia.coastal@frostline.demo', 'Coastal Dairy: Old MC-8 Cooler Guide', 'Equipment removed.'),
      ('Coastal Dairy', 'cora.customer@frostline.demo', 'Coastal Dairy: Draft Cleaning Notes', 'Replaced by the CIP manual.'),
      ('Summit Foods', 'otto.polar@frostline.demo', 'Summit Foods: BC-5 Blast Chiller Guide', 'Cycles and probes.'),
      ('Summit Foods', 'otto.polar@frostline.demo', 'Summit Foods: Freezer Door Heater Check', 'Frame heater test.'),
      ('Summit Foods', 'otto.polar@frostline.demo', 'Summit Foods: Display Case Cleaning', 'Weekly deep clean.'),
      ('Summit Foods', 'otto.polar@frostline.demo', 'Summit Foods: HACCP Cold Chain Log', 'Critical limits.'),
      ('Summit Foods', 'otto.polar@frostline.demo', 'Summit Foods: Ice Machine Descaling', 'Chemicals and rinse.'),
      ('Summit Foods', 'otto.polar@frostline.demo', 'Summit Foods: Power Outage Plan', 'Keep doors shut, log temperatures.'),
      ('Summit Foods', 'otto.polar@frostline.demo', 'Summit Foods: Retired Display Case Manual', 'Equipment removed.'),
      ('Summit Foods', 'otto.polar@frostline.demo', 'Summit Foods: Ice Machine Guide (duplicate)', 'Uploaded twice.')
    ) d(org, author, title, body)
    join rbac.orgs o on o.tenant_id = p_tenant_id and (o.name = d.org or (d.org is null and o.id = p_tenant_id))
    join rbac.members m on m.tenant_id = p_tenant_id and m.email = d.author;
end;
$$;
comment on function rbac_private.preset_roles_app_manuals(uuid) is 'Definer: writes demo business rows of a preset tenant (preset S4 only).';

-- -----------------------------------------------------------------------------
-- The preset
-- -----------------------------------------------------------------------------

create function rbac_private.preset_roles_app(p_tenant_name text) returns uuid
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_ada uuid := rbac_private.demo_user('ada.admin@frostline.demo', 'Ada Admin',
                  'S4 Administrator: first to sign up; sees every role except the Super Administrator');
  v_tenant uuid;
  v_polar uuid;
  v_coastal uuid;
  v_summit uuid;
  v_super uuid;
  v_user_role uuid;
  v_distributor uuid;
  v_customer uuid;
  v_reader uuid;
  v_auditor uuid;
  v_designer uuid;
  v_seasonal uuid;
  v_orgadmin_polar uuid;
  v_orgadmin_coastal uuid;
  v_orgadmin_summit uuid;
  v_sam uuid;
  v_otto uuid;
  v_olivia uuid;
  v_dave uuid;
  v_cora uuid;
  v_rita uuid;
  v_alex uuid;
  v_tina uuid;
  v_lars uuid;
begin
  -- U3: the customer's administrator signs the account up.
  perform rbac_private.act_as(v_ada);
  v_tenant := public.create_organization(p_tenant_name, 'Ada Admin');
  perform rbac_private.preset_roles_app_catalog(v_tenant);

  -- R1: the platform vendor's own role, above the Administrator and hidden
  -- from everyone who does not hold it, set up by the vendor's tooling
  -- (public.grant_super_administrator); no member API creates it.
  v_sam := public.grant_super_administrator(v_tenant, rbac_private.demo_user('sam.super@frostline.demo', 'Sam Super',
             'S4 Super Administrator (vendor support): sees every role of the account, the Super Administrator too'));
  v_super := (select id from rbac.roles where tenant_id = v_tenant and system_key = 'super_administrator');
  v_user_role := (select id from rbac.roles where tenant_id = v_tenant and system_key = 'user');

  -- The account: a distributor and the customer sites it serves.
  perform public.create_company_type(v_tenant, 'distributor', 'Distributor',
            array['administrator', 'power_user']::rbac.user_type[]);
  perform public.create_company_type(v_tenant, 'customer', 'Customer',
            array['administrator', 'power_user', 'private_user']::rbac.user_type[]);
  v_polar := public.create_org(v_tenant, 'Polar Distribution', 'distributor');
  v_coastal := public.create_org(v_polar, 'Coastal Dairy', 'customer');
  v_summit := public.create_org(v_polar, 'Summit Foods', 'customer');

  -- Workflow 1: roles named by user type, each with a plain description.
  v_distributor := public.create_role(v_tenant, 'distributor',
    'Distributor staff: install and service equipment, keep manuals and walkthroughs, work cases.',
    '["assets.create", "assets.edit", "manuals.create", "manuals.edit", "manuals.delete", "manuals.dynamic.autoSelect",
      "walkthrough.create", "walkthrough.edit", "walkthrough.template.view", "cases.create", "cases.edit", "docgpt.view",
      "telemetry.view"]'::jsonb, 'employee', array['distributor']);
  v_customer := public.create_role(v_tenant, 'customer',
    'Customer site staff: read their equipment and manuals, run walkthroughs, open cases.',
    '["assets.view", "manuals.view", "walkthrough.create", "cases.create", "docgpt.view"]'::jsonb, 'employee', array['customer']);
  v_reader := public.create_role(v_tenant, 'reader', 'Read-only access to equipment, manuals, walkthroughs and cases.',
    '["assets.view", "manuals.view", "walkthrough.view", "cases.view", "docgpt.view"]'::jsonb);
  v_auditor := public.create_role(v_tenant, 'auditor', 'Runs compliance audits; reads the audit templates but does not change them.',
    '["audits.create", "audits.edit", "audits.delete", "audits.template.view", "assets.view"]'::jsonb);
  v_designer := public.create_role(v_tenant, 'template designer',
    'Maintains walkthrough and audit templates; does not run walkthroughs or audits.',
    '["walkthrough.template.create", "walkthrough.template.edit", "walkthrough.template.delete",
      "audits.template.create", "audits.template.edit", "audits.template.delete"]'::jsonb);
  v_seasonal := public.create_role(v_tenant, 'seasonal', 'Summer peak technicians: walkthroughs on assets.',
    '["assets.view", "walkthrough.create", "walkthrough.edit"]'::jsonb);

  -- One "orgadministrator" per organization, from the starter role; each
  -- description names its organization, and each is configured differently.
  v_orgadmin_polar := public.create_role_from_template(v_polar, 'orgadministrator');
  perform public.update_role(v_orgadmin_polar, p_description => 'orgadministrator for Polar Distribution: its users, '
    || 'manuals (with trash restore) and the customer sites it serves.',
    p_permissions => (select t.permissions || '["manuals.delete", "manuals.trash.restore", "manuals.dynamic.autoSelect"]'::jsonb
                        from rbac.role_templates t where t.tenant_id = v_tenant and t.key = 'orgadministrator'));
  v_orgadmin_coastal := public.create_role_from_template(v_coastal, 'orgadministrator');
  perform public.update_role(v_orgadmin_coastal, p_description => 'orgadministrator for Coastal Dairy: its users and records.');
  v_orgadmin_summit := public.create_role_from_template(v_summit, 'orgadministrator');
  perform public.update_role(v_orgadmin_summit, p_description => 'orgadministrator for Summit Foods: its users and records, '
    || 'and its own food-safety audits.',
    p_permissions => (select t.permissions || '["audits.create", "audits.edit"]'::jsonb
                        from rbac.role_templates t where t.tenant_id = v_tenant and t.key = 'orgadministrator'));

  -- People: one per role and situation the document describes.
  v_otto := rbac_private.preset_roles_app_person(v_tenant, 'otto.polar@frostline.demo', 'Otto Polar',
    'S4 orgadministrator of Polar Distribution (administrator: Polar and its customer sites); assigns the roles offered to him, no Roles app',
    v_polar, 'administrator');
  v_olivia := rbac_private.preset_roles_app_person(v_tenant, 'olivia.coastal@frostline.demo', 'Olivia Coastal',
    'S4 orgadministrator of Coastal Dairy (its own instance of that role name); assigns roles at Coastal Dairy only',
    v_coastal, 'administrator');
  v_dave := rbac_private.preset_roles_app_person(v_tenant, 'dave.distributor@frostline.demo', 'Dave Distributor',
    'S4 distributor: deletes manuals but cannot restore them from ManualsTrash (the document''s warning); DynamicManuals autoSelect',
    v_polar, 'power_user');
  v_cora := rbac_private.preset_roles_app_person(v_tenant, 'cora.customer@frostline.demo', 'Cora Customer',
    'S4 customer at Coastal Dairy: reads its manuals, no access to the Roles app', v_coastal, 'power_user');
  v_rita := rbac_private.preset_roles_app_person(v_tenant, 'rita.reader@frostline.demo', 'Rita Reader',
    'S4 reader at Summit Foods: read-only apps; sees role changes on her next request, no re-login', v_summit, 'power_user');
  v_alex := rbac_private.preset_roles_app_person(v_tenant, 'alex.auditor@frostline.demo', 'Alex Auditor',
    'S4 auditor: write access to the sensitive Audits app, read-only AuditTemplate', v_tenant, 'power_user');
  v_tina := rbac_private.preset_roles_app_person(v_tenant, 'tina.templates@frostline.demo', 'Tina Templates',
    'S4 template designer: WalkthroughTemplate and AuditTemplate CRUD without running walkthroughs or audits', v_tenant, 'power_user');
  v_lars := rbac_private.preset_roles_app_person(v_tenant, 'lars.seasonal@frostline.demo', 'Lars Seasonal',
    'S4 held the role "seasonal" when it was deleted (disabled): lost its rights at once, keeps User', v_tenant, 'power_user');

  perform public.assign_role(v_otto, v_orgadmin_polar);
  perform public.assign_role(v_olivia, v_orgadmin_coastal);
  perform public.assign_role(v_dave, v_distributor);
  perform public.assign_role(v_rita, v_reader);
  perform public.assign_role(v_alex, v_auditor);
  perform public.assign_role(v_tina, v_designer);
  perform public.set_member_roles(v_lars, array[v_user_role, v_seasonal]);
  -- A4: Coastal Dairy's own administrator gives the customer role at her site.
  perform rbac_private.act_as((select user_id from rbac.members where id = v_olivia));
  perform public.assign_role(v_cora, v_customer);
  perform rbac_private.act_as(v_ada);

  -- R5: the season ended; the role is deleted (disabled, restorable).
  perform public.disable_role(v_seasonal, 'Summer peak is over.');
  -- P2: the telemetry trial ended; the distributor role still lists it.
  perform public.set_module_installed(v_tenant, 'telemetry', false);

  -- Records: the manuals, five of them moved to the trash by Polar's administrator.
  perform rbac_private.preset_roles_app_manuals(v_tenant);
  perform rbac_private.act_as((select user_id from rbac.members where id = v_otto));
  update public.manuals set deleted_at = now()
   where tenant_id = v_tenant
     and title in ('Polar: 2019 Price List', 'Coastal Dairy: Old MC-8 Cooler Guide', 'Coastal Dairy: Draft Cleaning Notes',
                   'Summit Foods: Retired Display Case Manual', 'Summit Foods: Ice Machine Guide (duplicate)');
  return v_tenant;
end;
$$;
comment on function rbac_private.preset_roles_app(text) is 'Definer: builds a preset tenant as its demo administrators.';

insert into rbac.presets (name, title, description, requirement) values
  ('roles_app', 'Frostline Equipment',
   'Seed 003: Roles app with a hidden Super Administrator, CRUD matrix per app with extended sub-sections '
   || '(DynamicManuals, ManualsTrash, WalkthroughTemplate, AuditTemplate), one orgadministrator per organization, '
   || 'a disabled role, an uninstalled app, manuals with a trash.',
   'S4');
