-- =============================================================================
-- Preset S2 "company_hierarchy" (seed 001): security roles of a platform for
-- assureds, licensees and partner companies. User types by scope (company
-- administrator, administrator, power user, private user) with the company
-- types that allow each, employee and company role types, company roles that
-- cap their employees, and roles created at headquarters and shared down.
-- =============================================================================

create function rbac_private.preset_company_hierarchy(p_tenant_name text) returns uuid
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_hq_admin uuid := rbac_private.demo_user('hq.admin@cargo.demo', 'Hana Quist',
                       'S2 Global Cargo HQ: company administrator, holds every right');
  v_tenant uuid;
  v_licensee uuid;
  v_assured uuid;
  v_assured_sub uuid;
  v_partner uuid;
  v_broker uuid;
  v_partner_pool uuid;
  v_licensee_pool uuid;
  v_partner_group_role uuid;
  v_licensee_group_role uuid;
  v_admin_role uuid;
  v_company_assured uuid;
  v_company_broker uuid;
  v_licensee_admin uuid;
  v_billing uuid;
  v_premium uuid;
  v_no_premium uuid;
  v_partner_clerk uuid;
begin
  perform rbac_private.act_as(v_hq_admin);
  v_tenant := public.create_organization(p_tenant_name, 'Hana Quist');

  -- Security rights, grouped by area (seed 001: "Assured - billing rights", "shipment rights with/without premium").
  perform rbac_private.define_module(v_tenant, 'shipments', 'Shipments', '[
    {"action": "view", "name": "View shipments"},
    {"action": "create", "name": "Declare shipments", "implies": ["view"]},
    {"action": "edit", "name": "Edit shipments", "implies": ["view"]},
    {"action": "delete", "name": "Delete shipments", "implies": ["view"]},
    {"action": "view_premium", "name": "See premium amounts", "implies": ["view"]}]'::jsonb, p_position => 1);
  perform rbac_private.define_module(v_tenant, 'certificates', 'Certificates', '[
    {"action": "view", "name": "View certificates"},
    {"action": "issue", "name": "Issue certificates", "implies": ["view"]},
    {"action": "void", "name": "Void certificates", "implies": ["view"]}]'::jsonb, p_position => 2);
  perform rbac_private.define_module(v_tenant, 'policies', 'Policies', '[
    {"action": "view", "name": "View policies"},
    {"action": "create", "name": "Set up policies", "implies": ["view"]},
    {"action": "edit", "name": "Edit policies", "implies": ["view"]}]'::jsonb, p_position => 3);
  perform rbac_private.define_module(v_tenant, 'billing', 'Billing', '[
    {"action": "view", "name": "View invoices"},
    {"action": "pay", "name": "Pay invoices", "implies": ["view"]},
    {"action": "export", "name": "Export billing data", "implies": ["view"]}]'::jsonb, p_position => 4);
  perform rbac_private.define_module(v_tenant, 'claims', 'Claims', '[
    {"action": "view", "name": "View claims"},
    {"action": "file", "name": "File claims", "implies": ["view"]},
    {"action": "settle", "name": "Settle claims", "implies": ["view"]}]'::jsonb, p_position => 5);
  perform rbac_private.define_module(v_tenant, 'reports', 'Reports', '[
    {"action": "view", "name": "View reports"},
    {"action": "export", "name": "Export reports", "implies": ["view"]}]'::jsonb, p_position => 6);

  -- Company types and the user types each allows (seed 001's "Available To"
  -- column). Companies associated to policy groups are types of their own,
  -- so roles can be limited to them ("Employee - … Policy Group"), while the
  -- plain licensee and partner roles list both types ("accessible to all
  -- employees of a Licensee company").
  perform public.create_company_type(v_tenant, 'licensee', 'Licensee',
            array['company_admin', 'administrator', 'power_user']::rbac.user_type[]);
  perform public.create_company_type(v_tenant, 'licensee_policy_group', 'Licensee in a policy group',
            array['company_admin', 'administrator', 'power_user']::rbac.user_type[]);
  perform public.create_company_type(v_tenant, 'assured', 'Assured',
            array['company_admin', 'administrator', 'power_user', 'private_user']::rbac.user_type[]);
  perform public.create_company_type(v_tenant, 'partner', 'Partner Company (proprietary)',
            array['power_user']::rbac.user_type[]);
  perform public.create_company_type(v_tenant, 'partner_policy_group', 'Partner Company in a policy group',
            array['power_user']::rbac.user_type[]);
  perform public.update_org(v_tenant, p_company_type_key => 'licensee');

  v_licensee := public.create_org(v_tenant, 'Cargo Licensee East', 'licensee');
  v_assured := public.create_org(v_tenant, 'Acme Exporters', 'assured');
  v_assured_sub := public.create_org(v_assured, 'Acme Exporters Hamburg', 'assured');
  v_partner := public.create_org(v_tenant, 'Swift Logistics', 'partner');
  -- An insurer/broker is a proprietary company too (seed 001: the
  -- Insurer/Broker company role is "accessible to all proprietary companies").
  v_broker := public.create_org(v_tenant, 'Harbor Brokers', 'partner');
  v_partner_pool := public.create_org(v_tenant, 'Nordic Freight Pool', 'partner_policy_group');
  v_licensee_pool := public.create_org(v_tenant, 'Cargo Licensee Pool', 'licensee_policy_group');

  -- Roles are created at headquarters and shared down (best practice 1).
  v_licensee_admin := public.create_role(v_tenant, 'Licensee Administrator', 'Manages employees and roles of a licensee',
    '["users.view", "users.invite", "users.edit", "users.assign_roles", "users.deactivate", "roles.view", "roles.create",
      "roles.edit", "shipments.edit", "shipments.view_premium", "certificates.issue", "policies.view", "billing.view",
      "claims.view", "reports.view"]'::jsonb, 'employee', array['licensee', 'licensee_policy_group']);
  v_billing := public.create_role(v_tenant, 'Assured - billing rights', 'Invoices and payments of an assured',
    '["billing.pay", "billing.export"]'::jsonb, 'employee', array['assured']);
  v_premium := public.create_role(v_tenant, 'Assured - shipment rights with premium', 'Declare shipments and see premiums',
    '["shipments.create", "shipments.edit", "shipments.view_premium", "certificates.issue"]'::jsonb, 'employee', array['assured']);
  v_no_premium := public.create_role(v_tenant, 'Assured - shipment rights without premium', 'Declare shipments; premiums hidden',
    '["shipments.create", "shipments.edit", "certificates.issue"]'::jsonb, 'employee', array['assured']);
  v_partner_clerk := public.create_role(v_tenant, 'Partner - shipment clerk', 'Partner employees declaring shipments',
    '["shipments.create", "certificates.view"]'::jsonb, 'employee', array['partner', 'partner_policy_group']);
  v_partner_group_role := public.create_role(v_tenant, 'Partner policy group - certificates',
    'Employees of proprietary companies in a policy group issue its certificates',
    '["certificates.issue", "policies.view"]'::jsonb, 'employee', array['partner_policy_group']);
  v_licensee_group_role := public.create_role(v_tenant, 'Licensee policy group - claims',
    'Employees of licensees in a policy group file and settle its claims',
    '["claims.file", "claims.settle", "policies.view"]'::jsonb, 'employee', array['licensee_policy_group']);

  -- Company roles: a company's rights cap its employees' (seed 001: "a company role always supersedes an employee role").
  v_company_assured := public.create_role(v_tenant, 'Company - Assured Company', 'Everything an assured company may do',
    '["users.view", "users.invite", "users.edit", "users.assign_roles", "users.deactivate", "roles.view",
      "shipments.create", "shipments.edit", "shipments.view_premium", "certificates.issue", "billing.pay", "billing.export",
      "claims.file", "reports.view", "policies.view"]'::jsonb, 'company', array['assured']);
  v_company_broker := public.create_role(v_tenant, 'Company - Insurer/Broker', 'What a broker company may do',
    '["shipments.view", "certificates.view", "policies.view", "claims.view", "reports.export"]'::jsonb,
    'company', array['partner', 'partner_policy_group']);
  perform public.assign_company_role(v_assured, v_company_assured);
  perform public.assign_company_role(v_broker, v_company_broker);

  -- People: one per user type, placed as seed 001 describes, each invited by
  -- the HQ administrator and accepting (so A3/A4, user types per company
  -- type and the audit apply to them as to anyone).
  perform rbac_private.preset_invite(v_hq_admin, v_licensee, 'licensee.admin@cargo.demo', 'Lena Licht',
            'S2 Cargo Licensee East: administrator (own company and subsidiaries)', array[v_licensee_admin], 'administrator');
  perform rbac_private.preset_invite(v_hq_admin, v_assured, 'assured.admin@cargo.demo', 'Arno Acme',
            'S2 Acme Exporters: administrator capped by the assured company role',
            array[(select id from rbac.roles where tenant_id = v_tenant and system_key = 'administrator')], 'administrator');
  perform rbac_private.preset_invite(v_hq_admin, v_assured_sub, 'assured.clerk@cargo.demo', 'Clara Clerk',
            'S2 Acme Exporters Hamburg: power user, shipments without premium', array[v_no_premium], 'power_user');
  perform rbac_private.preset_invite(v_hq_admin, v_assured, 'assured.private@cargo.demo', 'Pia Private',
            'S2 Acme Exporters: private user (own activity only), billing rights', array[v_billing], 'private_user');
  perform rbac_private.preset_invite(v_hq_admin, v_partner, 'partner.clerk@cargo.demo', 'Paul Partner',
            'S2 Swift Logistics: partner employee, power user only', array[v_partner_clerk], 'power_user');
  perform rbac_private.preset_invite(v_hq_admin, v_partner_pool, 'pool.clerk@cargo.demo', 'Nils Pool',
            'S2 Nordic Freight Pool: partner company in a policy group, power user with the policy-group role',
            array[v_partner_clerk, v_partner_group_role], 'power_user');
  perform rbac_private.preset_invite(v_hq_admin, v_licensee_pool, 'pool.admin@cargo.demo', 'Lisa Pool',
            'S2 Cargo Licensee Pool: licensee in a policy group, administrator with the policy-group claims role',
            array[v_licensee_admin, v_licensee_group_role], 'administrator');
  perform rbac_private.preset_invite(v_hq_admin, v_broker, 'broker@cargo.demo', 'Bea Broker',
            'S2 Harbor Brokers: power user capped by the insurer/broker company role',
            array[(select id from rbac.roles where tenant_id = v_tenant and system_key = 'user')], 'power_user');
  return v_tenant;
end;
$$;
comment on function rbac_private.preset_company_hierarchy(text) is 'Definer: builds a preset tenant as its demo administrator.';

insert into rbac.presets (name, title, description, requirement) values
  ('company_hierarchy', 'Global Cargo Insurance',
   'Seed 001: user types by scope across HQ and subsidiaries, employee and company role types, company ceilings, delegation by subset.',
   'S2');
