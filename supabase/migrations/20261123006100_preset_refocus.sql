-- =============================================================================
-- Preset S1 "refocus" (seed 000): an independent insurance agency using a
-- ReFocus-style platform. Modules with tailored actions (remarketing runs,
-- proposals are shared, carriers configured), the Admin area (User
-- Management, Join Requests, Roles, Audit Logs), starter roles offered as
-- templates and created only when the admin asks, account visibility by AMS
-- assignees, and the agency's history told through the public API: first
-- signup (U3), RBAC turned on for the users it already had (U4) and narrowed
-- afterwards, invitations (U1), a pending join request (U2), a producer who
-- left with his accounts reassigned (U6) and one deleted for good (U7).
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Helpers
-- -----------------------------------------------------------------------------

-- The agency's own modules next to the demo insurance catalog (accounts,
-- policies, quotes: quotes.create is "Run quotes"). Actions are tailored per
-- module (seed 000: "one module may include View and Edit, while another may
-- include Run, Share, or Configure"); working on an account's proposals,
-- remarkets or renewals implies seeing the account (V3).
create function rbac_private.preset_refocus_catalog(p_tenant_id uuid) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform rbac_private.define_insurance_catalog(p_tenant_id);
  perform rbac_private.define_module(p_tenant_id, 'proposals', 'Proposals', '[
    {"action": "view", "name": "View proposals", "implies": ["accounts.view"]},
    {"action": "create", "name": "Build proposals", "implies": ["view"]},
    {"action": "share", "name": "Share proposals with the insured", "implies": ["view"]},
    {"action": "delete", "name": "Delete proposals", "implies": ["view"]}
  ]'::jsonb, p_position => 13, p_description => 'Proposals prepared for an account.');
  perform rbac_private.define_module(p_tenant_id, 'remarketing', 'Remarketing', '[
    {"action": "view", "name": "View remarkets", "implies": ["accounts.view"]},
    {"action": "run", "name": "Start a remarket", "implies": ["view"]},
    {"action": "share", "name": "Share remarket results", "implies": ["view"]},
    {"action": "configure", "name": "Configure remarketing rules", "implies": ["view"]}
  ]'::jsonb, p_position => 14, p_description => 'Shopping renewals across carriers.');
  perform rbac_private.define_module(p_tenant_id, 'renewals', 'Renewal Workflows', '[
    {"action": "view", "name": "View renewal workflows", "implies": ["accounts.view"]},
    {"action": "run", "name": "Work renewal activity", "implies": ["view"]}
  ]'::jsonb, p_position => 15, p_description => 'Renewal tasks of the accounts a user works.');
  perform rbac_private.define_module(p_tenant_id, 'carriers', 'Carriers', '[
    {"action": "view", "name": "View carriers and markets"},
    {"action": "configure", "name": "Configure carrier appointments", "implies": ["view"]}
  ]'::jsonb, p_position => 16, p_description => 'The carriers the agency places business with.');
  perform rbac_private.define_module(p_tenant_id, 'billing', 'Billing', '[
    {"action": "view", "name": "View billing"},
    {"action": "edit", "name": "Manage billing", "implies": ["view"]},
    {"action": "export", "name": "Export billing data", "implies": ["view"]}
  ]'::jsonb, p_position => 17, p_description => 'The agency''s subscription, invoices and payment method.');
  -- P5: an admin setting, so holding it shows the Admin menu.
  perform rbac_private.define_module(p_tenant_id, 'integrations', 'AMS Integration and Settings', '[
    {"action": "view", "name": "View integration settings"},
    {"action": "configure", "name": "Configure the AMS connection and agency settings", "implies": ["view"]}
  ]'::jsonb, p_is_admin => true, p_position => 900, p_description => 'Connection to the agency management system.');

  -- R1: the document's recommended starter roles, offered, not created.
  insert into rbac.role_templates (tenant_id, key, name, description, permissions) values
    (p_tenant_id, 'producer_agent', 'Producer / Agent', 'Users who manage accounts, quotes, remarkets and proposals.',
     '["accounts.create", "accounts.edit", "policies.create", "policies.edit", "quotes.create", "quotes.edit",
       "proposals.create", "proposals.share", "remarketing.run", "remarketing.share", "renewals.run", "carriers.view"]'),
    (p_tenant_id, 'csr', 'CSR', 'Users who work assigned accounts and renewal activity.',
     '["accounts.edit", "policies.edit", "quotes.view", "proposals.view", "renewals.run"]'),
    (p_tenant_id, 'remarketing_specialist', 'Remarketing Specialist', 'Remarketing and quoting workflows without admin settings.',
     '["accounts.view", "policies.view", "quotes.create", "quotes.edit", "remarketing.run", "remarketing.share",
       "proposals.create", "proposals.share", "carriers.view"]'),
    (p_tenant_id, 'billing_operations', 'Billing / Operations', 'Billing and operational settings.',
     '["billing.edit", "billing.export", "carriers.configure"]'),
    (p_tenant_id, 'read_only', 'Read Only', 'Views information without changing settings or running workflows.',
     '["accounts.view", "policies.view", "quotes.view", "proposals.view", "remarketing.view", "renewals.view", "carriers.view"]');
end;
$$;
comment on function rbac_private.preset_refocus_catalog(uuid) is 'Definer: writes the catalog and template tables (preset S1 only).';

-- A few dozen records: twelve accounts in three AMS books (Pat's, Casey's,
-- the house accounts) and one with no assignee, their policies and quotes.
-- accounts: name, status, owner, producer assignee, CSR assignee.
create function rbac_private.preset_refocus_records(p_tenant_id uuid, p_pat uuid, p_lee uuid,
                                                    p_pat_book uuid, p_casey_book uuid, p_house uuid) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  with data (name, status, owner_id, producer, csr) as (values
    ('Alder Bakery', 'active', p_pat, p_pat_book, p_casey_book),
    ('Birch Logistics', 'active', p_pat, p_pat_book, null),
    ('Cedar Dental Group', 'active', p_pat, p_pat_book, null),
    ('Dogwood Farms', 'active', null, p_house, p_casey_book),
    ('Elm Street Cafe', 'active', p_lee, p_house, null),
    ('Fir Construction', 'active', null, null, p_casey_book),
    ('Ginkgo Florist', 'active', p_lee, p_house, null),
    ('Hawthorn Veterinary', 'active', null, p_house, null),
    ('Ironwood Manufacturing', 'prospect', null, p_house, null),
    ('Juniper Property Management', 'inactive', null, p_house, null),
    ('Kestrel Auto Repair', 'prospect', p_pat, p_pat_book, null),
    ('Linden Law Office', 'active', null, null, null)
  ),
  accounts as (
    insert into public.accounts (tenant_id, org_id, name, status, owner_member_id)
    select p_tenant_id, p_tenant_id, d.name, d.status, d.owner_id from data d
    returning id, name
  )
  insert into public.account_assignees (tenant_id, account_id, org_id, assignee_id, role)
  select p_tenant_id, a.id, p_tenant_id, l.assignee_id, l.role
    from accounts a join data d on d.name = a.name
    cross join lateral (values (d.producer, 'producer'), (d.csr, 'csr')) l(assignee_id, role)
   where l.assignee_id is not null;

  insert into public.insurance_policies (tenant_id, org_id, account_id, policy_number, carrier, line_of_business, premium,
                                         effective_date, expiration_date)
  select p_tenant_id, p_tenant_id, a.id, p.number, p.carrier, p.line, p.premium, p.starts, p.starts + 365
    from (values
      ('Alder Bakery', 'BOP-10021', 'Hartwell Mutual', 'Businessowners', 2450.00, date '2026-02-01'),
      ('Alder Bakery', 'WC-10022', 'Granite State Comp', 'Workers Compensation', 3890.00, date '2026-02-01'),
      ('Birch Logistics', 'CA-20031', 'Keystone Casualty', 'Commercial Auto', 18250.00, date '2026-04-15'),
      ('Birch Logistics', 'GL-20032', 'Hartwell Mutual', 'General Liability', 4100.00, date '2026-04-15'),
      ('Cedar Dental Group', 'PL-30041', 'Beacon Specialty', 'Professional Liability', 6200.00, date '2026-01-01'),
      ('Dogwood Farms', 'FARM-40051', 'Prairie Farm Mutual', 'Farmowners', 7300.00, date '2026-03-01'),
      ('Dogwood Farms', 'UMB-40052', 'Beacon Specialty', 'Umbrella', 1500.00, date '2026-03-01'),
      ('Elm Street Cafe', 'BOP-50061', 'Hartwell Mutual', 'Businessowners', 2100.00, date '2026-05-01'),
      ('Fir Construction', 'GL-60071', 'Keystone Casualty', 'General Liability', 12800.00, date '2026-06-01'),
      ('Fir Construction', 'IM-60072', 'Keystone Casualty', 'Inland Marine', 2650.00, date '2026-06-01'),
      ('Ginkgo Florist', 'BOP-70081', 'Hartwell Mutual', 'Businessowners', 1650.00, date '2026-02-15'),
      ('Hawthorn Veterinary', 'PL-80091', 'Beacon Specialty', 'Professional Liability', 5400.00, date '2026-07-01'),
      ('Hawthorn Veterinary', 'BOP-80092', 'Hartwell Mutual', 'Businessowners', 2900.00, date '2026-07-01'),
      ('Juniper Property Management', 'PROP-90101', 'Granite State Comp', 'Commercial Property', 9800.00, date '2025-09-01'),
      ('Linden Law Office', 'PL-11111', 'Beacon Specialty', 'Professional Liability', 7700.00, date '2026-08-01')
    ) p(account, number, carrier, line, premium, starts)
    join public.accounts a on a.tenant_id = p_tenant_id and a.name = p.account;

  insert into public.quotes (tenant_id, org_id, account_id, carrier, premium, status, created_by)
  select p_tenant_id, p_tenant_id, a.id, q.carrier, q.premium, q.status, q.created_by
    from (values
      ('Alder Bakery', 'Granite State Comp', 3650.00, 'quoted', p_pat),
      ('Birch Logistics', 'Prairie Farm Mutual', 17100.00, 'quoted', p_pat),
      ('Birch Logistics', 'Keystone Casualty', 18900.00, 'declined', p_pat),
      ('Kestrel Auto Repair', 'Hartwell Mutual', 2800.00, 'draft', p_pat),
      ('Dogwood Farms', 'Prairie Farm Mutual', 7050.00, 'bound', null),
      ('Elm Street Cafe', 'Hartwell Mutual', 2050.00, 'quoted', p_lee),
      ('Ironwood Manufacturing', 'Keystone Casualty', 22400.00, 'draft', null),
      ('Hawthorn Veterinary', 'Beacon Specialty', 5300.00, 'quoted', null)
    ) q(account, carrier, premium, status, created_by)
    join public.accounts a on a.tenant_id = p_tenant_id and a.name = q.account;
end;
$$;
comment on function rbac_private.preset_refocus_records(uuid, uuid, uuid, uuid, uuid, uuid) is
  'Definer: writes demo business rows of a preset tenant (preset S1 only).';

-- -----------------------------------------------------------------------------
-- The preset
-- -----------------------------------------------------------------------------

create function rbac_private.preset_refocus(p_tenant_name text) returns uuid
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_domain constant text := 'summitridge.demo';
  v_avery uuid := rbac_private.demo_user('admin@summitridge.demo', 'Avery Admin',
                    'S1 agency owner: first to sign up (U3), company administrator with the Administrator role');
  v_pat_user uuid := rbac_private.demo_user('pat@summitridge.demo', 'Pat Producer',
                       'S1 producer: made Administrator when RBAC was turned on (U4), now Producer / Agent, Assigned Accounts Only (his AMS book)');
  v_casey_user uuid := rbac_private.demo_user('casey@summitridge.demo', 'Casey CSR',
                         'S1 CSR: Assigned Accounts Only (her AMS book); sees accounts but cannot run quotes (V2)');
  v_lee_user uuid := rbac_private.demo_user('lee@summitridge.demo', 'Lee Leaver',
                       'S1 producer who left: deactivated, his accounts reassigned to Pat (U6); can be reactivated');
  v_dana_user uuid := rbac_private.demo_user('dana@summitridge.demo', 'Dana Departed',
                        'S1 former employee: deactivated then deleted for good (U7); history keeps her name');
  v_tenant uuid;
  v_pat uuid;
  v_casey uuid;
  v_lee uuid;
  v_dana uuid;
  v_pat_book uuid;
  v_casey_book uuid;
  v_house uuid;
  v_producer uuid;
  v_csr uuid;
  v_read_only uuid;
  v_billing uuid;
  v_office uuid;
  v_member uuid;
begin
  -- U3: the first person to sign up creates the agency and is its Administrator.
  perform rbac_private.act_as(v_avery);
  v_tenant := public.create_organization(p_tenant_name, 'Avery Admin');
  perform rbac_private.preset_refocus_catalog(v_tenant);

  -- The agency used the platform before role-based access control existed:
  -- its first users joined with no roles at all.
  update rbac.tenants set rbac_enabled = false where id = v_tenant;
  v_pat := rbac_private.insert_member(v_tenant, v_pat_user, 'Pat Producer', 'pat@summitridge.demo', v_tenant, 'power_user', '{}');
  v_casey := rbac_private.insert_member(v_tenant, v_casey_user, 'Casey CSR', 'casey@summitridge.demo', v_tenant, 'power_user', '{}');
  v_lee := rbac_private.insert_member(v_tenant, v_lee_user, 'Lee Leaver', 'lee@summitridge.demo', v_tenant, 'power_user', '{}');
  v_dana := rbac_private.insert_member(v_tenant, v_dana_user, 'Dana Departed', 'dana@summitridge.demo', v_tenant, 'power_user', '{}');

  -- U4: turning RBAC on makes every current user an Administrator, so nobody loses access.
  perform public.enable_rbac(v_tenant);

  -- Step 1: roles. Four starter roles created from their templates on demand,
  -- one custom role; Remarketing Specialist stays a template for now.
  v_producer := public.create_role_from_template(v_tenant, 'producer_agent');
  v_csr := public.create_role_from_template(v_tenant, 'csr');
  v_read_only := public.create_role_from_template(v_tenant, 'read_only');
  v_billing := public.create_role_from_template(v_tenant, 'billing_operations');
  v_office := public.create_role(v_tenant, 'Office Manager',
    'Runs user management and join requests for the office; services accounts like a CSR.',
    '["users.view", "users.invite", "users.edit", "users.assign_roles", "users.deactivate", "join_requests.approve",
      "accounts.edit", "policies.edit", "quotes.view", "proposals.view", "renewals.run"]'::jsonb);

  -- Step 4: the AMS assignees (books) accounts are assigned to.
  v_pat_book := public.create_assignee(v_tenant, 'Pat Producer', 'AMS-PP', v_pat);
  v_casey_book := public.create_assignee(v_tenant, 'Casey CSR', 'AMS-CC', v_casey);
  v_house := public.create_assignee(v_tenant, 'House Accounts', 'AMS-HOUSE');
  perform rbac_private.preset_refocus_records(v_tenant, v_pat, v_lee, v_pat_book, v_casey_book, v_house);

  -- After activation the admin reviews the users and gives each the right role.
  perform public.update_member(v_pat, p_user_type => 'power_user', p_visibility => 'assigned', p_assignee_ids => array[v_pat_book]);
  perform public.set_member_roles(v_pat, array[v_producer]);
  perform public.update_member(v_casey, p_user_type => 'power_user', p_visibility => 'assigned', p_assignee_ids => array[v_casey_book]);
  perform public.set_member_roles(v_casey, array[v_csr]);
  perform public.update_member(v_lee, p_user_type => 'power_user');
  perform public.set_member_roles(v_lee, array[v_producer]);

  -- Step 2: new users are invited with their role and account visibility.
  perform rbac_private.preset_invite(v_avery, v_tenant, 'morgan@summitridge.demo', 'Morgan Manager',
    'S1 sales manager: Producer / Agent, Assigned Accounts Only with two AMS assignees (Pat''s and Casey''s books: V1 union)',
    array[v_producer], p_visibility => 'assigned', p_assignee_ids => array[v_pat_book, v_casey_book]);
  perform rbac_private.preset_invite(v_avery, v_tenant, 'robin@summitridge.demo', 'Robin Reader',
    'S1 Read Only, All Accounts: the FAQ''s user who sees too many accounts', array[v_read_only]);
  perform rbac_private.preset_invite(v_avery, v_tenant, 'blake@summitridge.demo', 'Blake Billing',
    'S1 Billing / Operations: billing and carrier settings, no accounts', array[v_billing]);
  perform rbac_private.preset_invite(v_avery, v_tenant, 'riley@summitridge.demo', 'Riley Remarketer',
    'S1 remarketing specialist on the default User role until that role is created (R1 template)', null);
  perform rbac_private.preset_invite(v_avery, v_tenant, 'olive@summitridge.demo', 'Olive Office',
    'S1 Office Manager: User Management and Join Requests without role management; sees the Admin menu (P5)',
    array[v_office]);
  -- An invitation not yet accepted (shown as pending in User Management).
  perform public.invite_member(v_tenant, 'ivy@summitridge.demo', 'Ivy Invitee', array[v_csr], 'power_user',
                               'assigned', array[v_house]);

  -- U6: Lee left the agency; the accounts he owned go to Pat, his history stays.
  perform public.deactivate_member(v_lee, v_pat, 'Left the agency; accounts handed to Pat.');
  -- U7: Dana will never come back: deactivated first, then deleted.
  perform public.deactivate_member(v_dana, null, 'No longer works at the agency.');
  perform public.delete_member(v_dana, 'Will never need access again.');

  -- U2: people who sign up with the agency's email domain wait as join
  -- requests. The domain can belong to one agency only: a second copy of the
  -- preset goes without it.
  if not exists (select 1 from rbac.org_email_domains where domain = v_domain) then
    perform public.add_email_domain(v_tenant, v_domain);
    perform rbac_private.act_as(rbac_private.demo_user('jordan@summitridge.demo', 'Jordan Joiner',
      'S1 self-registered with the agency email domain: pending join request, no access until approved (U2)'));
    perform public.request_to_join();
  end if;
  return v_tenant;
end;
$$;
comment on function rbac_private.preset_refocus(text) is 'Definer: builds a preset tenant as its demo administrator and people.';

insert into rbac.presets (name, title, description, requirement) values
  ('refocus', 'Summit Ridge Insurance',
   'Seed 000: insurance agency with tailored module actions, starter-role templates, invitations, join requests, '
   || 'account visibility by AMS assignees, deactivation with reassignment and deletion.',
   'S1');
