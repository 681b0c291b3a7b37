-- =============================================================================
-- Preset S3 "support_desk" (seed 002): custom roles of a customer support
-- desk. The two default roles (Administrator; Agent, the basic role every
-- new member gets), the document's permission tree (Conversations with own /
-- team / all scopes, Contacts, Reports, Settings) and its four example roles
-- with exactly their listed rights, offered as starter templates too. Teams
-- are groups and the unit of the "team" scope; departments are orgs, so a
-- supervisor's "all" is all of their department. Compliance as the document
-- asks: a second administrator approves every role (who approved each role),
-- role changes are in the audit log with before and after, one
-- separation-of-duties rule, and a former agent disabled at once with her
-- open conversations handed on.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Helpers
-- -----------------------------------------------------------------------------

-- The "Available Permissions" tree of seed 002, on top of the demo support
-- catalog (conversations with a scoped view). Notes on the mapping:
--   * "View own / team / all conversations" (and reports) is one scoped action (P3).
--   * Every action that changes a conversation implies conversations.edit,
--     which the update policy asks for; the guard on public.conversations
--     then asks for the action of each change (20261123006290_…).
--   * Scoped views are never implied: an implied action is held for all
--     records and would widen an own or team view.
--   * "Escalate complex issues" (Technical Lead) is not in the tree; it
--     bundles the tree's own actions: raise the priority and hand it on.
--   * "View financial reports" (Sales Supervisor form) is an action of its own;
--     "Access audit logs" implies the product's audit log right.
--   * Settings are admin-type (P5). "Manage agents" implies user management,
--     "Manage teams" group management, so they work through the product's own
--     functions; the knowledge base is the Read-Only Agent's.
create function rbac_private.preset_support_desk_catalog(p_tenant_id uuid) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform rbac_private.define_support_catalog(p_tenant_id);
  perform rbac_private.define_module(p_tenant_id, 'conversations', 'Conversations', '[
    {"action": "view", "name": "View own, team or all conversations", "scoped": true},
    {"action": "respond", "name": "Respond to conversations"},
    {"action": "assign", "name": "Assign conversations", "implies": ["edit"]},
    {"action": "reassign", "name": "Reassign conversations", "implies": ["edit"]},
    {"action": "change_status", "name": "Change status", "implies": ["edit"]},
    {"action": "change_priority", "name": "Change priority", "implies": ["edit"]},
    {"action": "apply_labels", "name": "Apply labels", "implies": ["edit"]},
    {"action": "close", "name": "Close conversations", "implies": ["edit"]},
    {"action": "delete", "name": "Delete conversations"},
    {"action": "escalate", "name": "Escalate complex issues", "implies": ["change_priority", "reassign"]},
    {"action": "create", "name": "Start conversations"},
    {"action": "edit", "name": "Update conversations (every change above needs it)"}
  ]'::jsonb, p_position => 20, p_description => 'Customer conversations, each assigned to an agent and a team.');
  perform rbac_private.define_module(p_tenant_id, 'contacts', 'Contacts', '[
    {"action": "view", "name": "View contacts"},
    {"action": "create", "name": "Create contacts", "implies": ["view"]},
    {"action": "edit", "name": "Edit contacts", "implies": ["view"]},
    {"action": "delete", "name": "Delete contacts", "implies": ["view"]},
    {"action": "export", "name": "Export contacts", "implies": ["view"]},
    {"action": "import", "name": "Import contacts", "implies": ["create"]},
    {"action": "merge", "name": "Merge contacts", "implies": ["edit", "delete"]}
  ]'::jsonb, p_position => 21, p_description => 'The customers the desk talks to.');
  perform rbac_private.define_module(p_tenant_id, 'reports', 'Reports', '[
    {"action": "view", "name": "View own, team or all reports", "scoped": true},
    {"action": "export", "name": "Export reports (CSV/PDF)"},
    {"action": "view_financial", "name": "View financial reports"},
    {"action": "audit_logs", "name": "Access audit logs (read-only)", "implies": ["audit.view"]}
  ]'::jsonb, p_position => 22, p_description => 'Agent, team, SLA and financial reports.');
  perform rbac_private.define_module(p_tenant_id, 'knowledge_base', 'Knowledge Base', '[
    {"action": "view", "name": "View the knowledge base"},
    {"action": "edit", "name": "Write and publish articles", "implies": ["view"]}
  ]'::jsonb, p_position => 23, p_description => 'Answers agents look up.');
  perform rbac_private.define_module(p_tenant_id, 'settings', 'Settings', '[
    {"action": "manage_inboxes", "name": "Manage inboxes"},
    {"action": "manage_agents", "name": "Manage agents (add and remove)",
     "implies": ["users.invite", "users.edit", "users.deactivate", "users.assign_roles"]},
    {"action": "configure_integrations", "name": "Configure integrations"},
    {"action": "configure_automations", "name": "Configure bots and automations"},
    {"action": "configure_sla", "name": "Configure SLA"},
    {"action": "manage_labels", "name": "Manage labels"},
    {"action": "manage_teams", "name": "Manage teams", "implies": ["groups.manage"]},
    {"action": "system_settings", "name": "System settings (billing included)"}
  ]'::jsonb, p_is_admin => true, p_position => 900, p_description => 'Inboxes, agents, integrations, automations, SLA, labels, teams.');

  -- R1: the document's "Role Examples", offered to create on demand. Each
  -- holds exactly its ✅ lines and none of its ❌ lines (least privilege).
  insert into rbac.role_templates (tenant_id, key, name, description, permissions) values
    (p_tenant_id, 'sales_supervisor', 'Sales Supervisor', 'Sales team supervisor with reports access',
     '[{"permission": "conversations.view", "scope": "all"}, "conversations.assign", "conversations.reassign",
       "conversations.close", "conversations.apply_labels", "contacts.view", "contacts.create", "contacts.edit",
       {"permission": "reports.view", "scope": "team"}, "reports.export"]'),
    (p_tenant_id, 'technical_lead', 'Technical Lead', 'Support technical team',
     '[{"permission": "conversations.view", "scope": "all"}, "conversations.escalate", "settings.configure_integrations",
       "settings.configure_automations", {"permission": "reports.view", "scope": "team"}, "settings.manage_teams"]'),
    (p_tenant_id, 'financial_analyst', 'Financial Analyst', 'Access only reports and metrics',
     '[{"permission": "reports.view", "scope": "all"}, "reports.view_financial", "reports.export", "reports.audit_logs",
       {"permission": "conversations.view", "scope": "all"}]'),
    (p_tenant_id, 'read_only_agent', 'Read-Only Agent', 'View-only access for training',
     '[{"permission": "conversations.view", "scope": "team"}, "contacts.view", "knowledge_base.view"]');
end;
$$;
comment on function rbac_private.preset_support_desk_catalog(uuid) is 'Definer: writes the catalog and template tables (preset S3 only).';

-- A few dozen records per department: conversations (assigned to an agent,
-- a team, both or neither), replies, contacts, reports about agents, teams
-- and money, and knowledge base articles. People and teams by email and name.
create function rbac_private.preset_support_desk_records(p_tenant_id uuid) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  with c (org, subject, status, priority, labels, agent, team) as (values
    ('Support', 'Cannot log in after password reset', 'open', 'high', '{login}', 'alex', 'Tier 1 Support'),
    ('Support', 'Invoice PDF is blank', 'pending', 'normal', '{billing}', 'alex', 'Tier 1 Support'),
    ('Support', 'Feature request: dark mode', 'closed', 'low', '{feedback}', 'alex', 'Tier 1 Support'),
    ('Support', 'How do I add a teammate?', 'open', 'normal', '{onboarding}', 'fiona', 'Tier 1 Support'),
    ('Support', 'Refund for a duplicate charge', 'closed', 'normal', '{billing}', 'fiona', 'Tier 1 Support'),
    ('Support', 'Widget not loading on Safari', 'open', 'normal', '{}', null, 'Tier 1 Support'),
    ('Support', 'Webhook retries failing', 'open', 'urgent', '{api}', 'theo', 'Tier 2 Support'),
    ('Support', 'SSO setup with Okta', 'pending', 'high', '{sso}', 'theo', 'Tier 2 Support'),
    ('Support', 'Data export stuck at 90%', 'open', 'high', '{}', null, 'Tier 2 Support'),
    ('Support', 'API rate limit question', 'open', 'normal', '{api}', null, null),
    ('Sales', 'Pricing for 50 seats', 'open', 'normal', '{pricing}', 'sam', 'Inbound Sales'),
    ('Sales', 'Demo request from Northwind', 'pending', 'high', '{demo}', 'sam', 'Inbound Sales'),
    ('Sales', 'Annual plan discount', 'closed', 'normal', '{pricing}', 'sam', 'Inbound Sales'),
    ('Sales', 'Trial extension for Fabrikam', 'open', 'low', '{}', null, 'Inbound Sales'),
    ('Sales', 'Renewal for Contoso', 'open', 'high', '{renewal}', 'sofia', 'Key Accounts'),
    ('Sales', 'Upgrade to Enterprise for Litware', 'open', 'normal', '{}', null, 'Key Accounts')
  )
  insert into public.conversations (tenant_id, org_id, subject, status, priority, labels, assignee_member_id, team_id)
  select p_tenant_id, o.id, c.subject, c.status, c.priority, c.labels::text[], m.id, g.id
    from c
    join rbac.orgs o on o.tenant_id = p_tenant_id and o.name = c.org
    left join rbac.members m on m.tenant_id = p_tenant_id and m.email = c.agent || '@brightdesk.demo'
    left join rbac.groups g on g.tenant_id = p_tenant_id and g.name = c.team;

  insert into public.conversation_messages (tenant_id, conversation_id, author_member_id, body, created_at)
  select p_tenant_id, cv.id, m.id, x.body, now() - x.age
    from (values
      ('Cannot log in after password reset', null, 'The reset link says it expired.', interval '3 hours'),
      ('Cannot log in after password reset', 'alex', 'Sent a new link valid for 24 hours.', interval '2 hours'),
      ('Invoice PDF is blank', null, 'The October invoice opens as an empty page.', interval '2 days'),
      ('Invoice PDF is blank', 'alex', 'Regenerating it; waiting for billing to confirm.', interval '1 day'),
      ('Feature request: dark mode', 'alex', 'Logged it with the product team, thanks!', interval '5 days'),
      ('How do I add a teammate?', null, 'Where do I invite a colleague?', interval '6 hours'),
      ('Refund for a duplicate charge', 'fiona', 'Refund issued, 5 to 7 business days.', interval '9 days'),
      ('Webhook retries failing', null, 'Our endpoint gets no retries after a 500.', interval '4 hours'),
      ('Webhook retries failing', 'theo', 'Reproduced; the retry queue is paused for your account.', interval '1 hour'),
      ('SSO setup with Okta', 'theo', 'Please send the metadata URL of your Okta app.', interval '1 day'),
      ('Pricing for 50 seats', null, 'What does the Team plan cost for 50 seats?', interval '1 day'),
      ('Pricing for 50 seats', 'sam', 'Quote attached: volume pricing from 25 seats.', interval '20 hours'),
      ('Demo request from Northwind', 'sam', 'Proposed Thursday 10:00 for the demo.', interval '2 days'),
      ('Renewal for Contoso', 'sofia', 'Renewal call booked with their CFO.', interval '3 days')
    ) x(subject, author, body, age)
    join public.conversations cv on cv.tenant_id = p_tenant_id and cv.subject = x.subject
    left join rbac.members m on m.tenant_id = p_tenant_id and m.email = x.author || '@brightdesk.demo';

  insert into public.contacts (tenant_id, org_id, name, email, company)
  select p_tenant_id, o.id, x.name, x.email, x.company
    from (values
      ('Support', 'Maria Lopez', 'maria@tailspin.example', 'Tailspin Toys'),
      ('Support', 'Kenji Sato', 'kenji@wingtip.example', 'Wingtip Labs'),
      ('Support', 'Priya Nair', 'priya@adatum.example', 'Adatum'),
      ('Support', 'Tom Becker', 'tom@proseware.example', 'Proseware'),
      ('Support', 'Ana Costa', 'ana@alpine.example', 'Alpine Ski House'),
      ('Sales', 'Olga Ivanova', 'olga@northwind.example', 'Northwind Traders'),
      ('Sales', 'David Kim', 'david@contoso.example', 'Contoso'),
      ('Sales', 'Lena Fischer', 'lena@fabrikam.example', 'Fabrikam'),
      ('Sales', 'Omar Haddad', 'omar@litware.example', 'Litware'),
      ('Sales', 'Grace Obi', 'grace@woodgrove.example', 'Woodgrove Bank')
    ) x(org, name, email, company)
    join rbac.orgs o on o.tenant_id = p_tenant_id and o.name = x.org;

  insert into public.support_reports (tenant_id, org_id, title, kind, agent_member_id, team_id, period_start)
  select p_tenant_id, o.id, x.title, x.kind, m.id, g.id, date '2026-10-01'
    from (values
      ('Support', 'Alex Agent: October performance', 'performance', 'alex', 'Tier 1 Support'),
      ('Support', 'Fiona Former: October performance', 'performance', 'fiona', 'Tier 1 Support'),
      ('Support', 'Theo Lead: October performance', 'performance', 'theo', 'Tier 2 Support'),
      ('Support', 'Tier 1 Support: SLA October', 'sla', null, 'Tier 1 Support'),
      ('Support', 'Tier 2 Support: SLA October', 'sla', null, 'Tier 2 Support'),
      ('Sales', 'Sam Seller: October performance', 'performance', 'sam', 'Inbound Sales'),
      ('Sales', 'Inbound Sales: team performance October', 'performance', null, 'Inbound Sales'),
      ('Sales', 'Key Accounts: pipeline October', 'performance', null, 'Key Accounts'),
      ('Sales', 'Inbound Sales: commissions October', 'financial', null, 'Inbound Sales'),
      ('Finance', 'Revenue by plan, October', 'financial', null, null),
      ('Finance', 'Refunds and credits, October', 'financial', null, null),
      ('Finance', 'Support cost per conversation, October', 'financial', null, null)
    ) x(org, title, kind, agent, team)
    join rbac.orgs o on o.tenant_id = p_tenant_id and o.name = x.org
    left join rbac.members m on m.tenant_id = p_tenant_id and m.email = x.agent || '@brightdesk.demo'
    left join rbac.groups g on g.tenant_id = p_tenant_id and g.name = x.team;

  insert into public.knowledge_articles (tenant_id, org_id, title, body)
  select p_tenant_id, o.id, x.title, x.body
    from (values
      ('Support', 'Resetting a password', 'Send a new reset link from the user''s profile; links last 24 hours.'),
      ('Support', 'Setting up SSO', 'Collect the identity provider''s metadata URL, then follow the SSO wizard.'),
      ('Support', 'Webhook retries', 'Failed deliveries are retried 5 times with exponential backoff.'),
      ('Support', 'Tone of voice', 'Greet by name, answer the question first, then add context.'),
      ('Sales', 'Volume pricing', 'Discounts start at 25 seats; annual plans save two months.'),
      ('Sales', 'Booking a demo', 'Offer two slots within three working days.')
    ) x(org, title, body)
    join rbac.orgs o on o.tenant_id = p_tenant_id and o.name = x.org;
end;
$$;
comment on function rbac_private.preset_support_desk_records(uuid) is
  'Definer: writes demo business rows of a preset tenant (preset S3 only).';

-- -----------------------------------------------------------------------------
-- The preset
-- -----------------------------------------------------------------------------

create function rbac_private.preset_support_desk(p_tenant_name text) returns uuid
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_owner uuid := rbac_private.demo_user('owner@brightdesk.demo', 'Olivia Owner',
                    'S3 account owner: first to sign up (U3), Administrator; created the custom roles');
  v_tenant uuid;
  v_sales uuid;
  v_support uuid;
  v_finance uuid;
  v_agent uuid;
  v_supervisor uuid;
  v_lead uuid;
  v_analyst uuid;
  v_read_only uuid;
  v_alex uuid;
  v_fiona uuid;
  v_member record;
begin
  -- U3: the first person to sign up creates the account and is its Administrator.
  perform rbac_private.act_as(v_owner);
  v_tenant := public.create_organization(p_tenant_name, 'Olivia Owner');
  perform rbac_private.preset_support_desk_catalog(v_tenant);

  -- Departments are orgs: a supervisor's "all conversations" is all of theirs.
  v_sales := public.create_org(v_tenant, 'Sales');
  v_support := public.create_org(v_tenant, 'Support');
  v_finance := public.create_org(v_tenant, 'Finance');

  -- A6, the document's "Separation of duties: no one person too much power",
  -- next to "Audit trail: changes to roles logged" and "Quarterly audit":
  -- whoever gives agents their access must not also be who reviews the log
  -- of those changes, or they could grant access and be the only one to see
  -- it. users.assign_roles is what Settings › Manage agents implies,
  -- audit.view what Reports › Access audit logs implies, so the rule holds
  -- whichever way either right is granted. Administrators stay exempt.
  perform public.create_sod_rule(v_tenant, 'Managing agents and reviewing the audit log are separate duties',
                                 'users.assign_roles', 'audit.view');

  -- R1: the basic role is the document's Agent: the tenant's User role,
  -- renamed, so it stays the default for every new member.
  v_agent := (select id from rbac.roles where tenant_id = v_tenant and system_key = 'user');
  perform public.update_role(v_agent, p_name => 'Agent',
    p_description => 'Basic access: works the conversations assigned to them.',
    p_permissions => '[{"permission": "conversations.view", "scope": "own"}, "conversations.create",
      "conversations.respond", "conversations.change_status", "conversations.apply_labels", "conversations.close",
      "contacts.view", "contacts.create", "contacts.edit", "knowledge_base.view",
      {"permission": "reports.view", "scope": "own"}]'::jsonb);

  -- "Settings → Custom Roles → New Role", as the document's walk-through
  -- fills the form in; "start restrictive, add permissions as needed": labels
  -- come with the second edit (the Role Examples list has them), which the
  -- audit log keeps with before and after (L1).
  v_supervisor := public.create_role(v_tenant, 'Sales Supervisor', 'Sales team supervisor with reports access',
    '[{"permission": "conversations.view", "scope": "all"}, "conversations.assign", "conversations.reassign",
      "conversations.close", "contacts.view", "contacts.edit", "contacts.create",
      {"permission": "reports.view", "scope": "team"}, "reports.export"]'::jsonb);
  perform public.update_role(v_supervisor, p_permissions =>
    '[{"permission": "conversations.view", "scope": "all"}, "conversations.assign", "conversations.reassign",
      "conversations.close", "conversations.apply_labels", "contacts.view", "contacts.edit", "contacts.create",
      {"permission": "reports.view", "scope": "team"}, "reports.export"]'::jsonb);
  -- The other examples from their starter templates.
  v_lead := public.create_role_from_template(v_tenant, 'technical_lead');
  v_analyst := public.create_role_from_template(v_tenant, 'financial_analyst');
  v_read_only := public.create_role_from_template(v_tenant, 'read_only_agent');

  -- Teams (groups): the unit of the "team" scope (P3/V5).
  perform public.create_group(v_sales, 'Inbound Sales', 'New leads and pricing questions');
  perform public.create_group(v_sales, 'Key Accounts', 'Renewals and upgrades of large customers');
  perform public.create_group(v_support, 'Tier 1 Support', 'First answers');
  perform public.create_group(v_support, 'Tier 2 Support', 'Technical escalations');

  -- People, one per role and situation; invited, they accept (U1).
  perform rbac_private.preset_invite(v_owner, v_tenant, 'reviewer@brightdesk.demo', 'Rowan Reviewer',
    'S3 second Administrator: approves every role the owner creates (who approved each role); signs off access reviews',
    array[(select id from rbac.roles where tenant_id = v_tenant and system_key = 'administrator')], 'company_admin');
  perform rbac_private.preset_invite(v_owner, v_sales, 'sofia@brightdesk.demo', 'Sofia Supervisor',
    'S3 Sales Supervisor: all Sales conversations, assigns and reassigns, team reports; no delete, export or settings',
    array[v_supervisor]);
  perform rbac_private.preset_invite(v_owner, v_support, 'theo@brightdesk.demo', 'Theo Lead',
    'S3 Technical Lead: all Support conversations, escalates, integrations and automations, manages teams but not users',
    array[v_lead]);
  perform rbac_private.preset_invite(v_owner, v_finance, 'fatima@brightdesk.demo', 'Fatima Finance',
    'S3 Financial Analyst: every report (financial too) and the audit log, read-only; Sales and Support as extra orgs (T2)',
    array[v_analyst]);
  perform rbac_private.preset_invite(v_owner, v_support, 'rory@brightdesk.demo', 'Rory Rookie',
    'S3 Read-Only Agent in training: his team''s conversations, contacts and the knowledge base, read-only',
    array[v_read_only]);
  v_alex := rbac_private.preset_invite(v_owner, v_support, 'alex@brightdesk.demo', 'Alex Agent',
    'S3 Agent (the default role): his own conversations only; responds, changes status, closes', null);
  perform rbac_private.preset_invite(v_owner, v_sales, 'sam@brightdesk.demo', 'Sam Seller',
    'S3 Agent in Sales: his own conversations only', null);
  v_fiona := rbac_private.preset_invite(v_owner, v_support, 'fiona@brightdesk.demo', 'Fiona Former',
    'S3 former agent: disabled at once when she left (U6), her open conversations handed to Alex; history keeps her name', null);

  -- The analyst reports on every department (T2: extra accessible orgs).
  perform public.update_member((select id from rbac.members where tenant_id = v_tenant and email = 'fatima@brightdesk.demo'),
                               p_accessible_org_ids => array[v_sales, v_support]);

  for v_member in
    select g.id as group_id, m.id as member_id
      from (values ('Inbound Sales', 'sofia'), ('Key Accounts', 'sofia'), ('Inbound Sales', 'sam'),
                   ('Tier 1 Support', 'alex'), ('Tier 1 Support', 'rory'), ('Tier 1 Support', 'fiona'),
                   ('Tier 2 Support', 'theo')) x(team, person)
      join rbac.groups g on g.tenant_id = v_tenant and g.name = x.team
      join rbac.members m on m.tenant_id = v_tenant and m.email = x.person || '@brightdesk.demo'
  loop
    perform public.add_group_member(v_member.group_id, v_member.member_id);
  end loop;

  perform rbac_private.preset_support_desk_records(v_tenant);

  -- "Document access: who approved each role": a second administrator
  -- approves every role the owner defined or changed (the creator cannot).
  perform rbac_private.act_as((select user_id from rbac.members where tenant_id = v_tenant and email = 'reviewer@brightdesk.demo'));
  perform public.approve_role(v_agent);
  perform public.approve_role(v_supervisor);
  perform public.approve_role(v_lead);
  perform public.approve_role(v_analyst);
  perform public.approve_role(v_read_only);

  -- "Immediate revocation: former employee → disable": Fiona left; her open
  -- conversations go to Alex in the same step, closed ones keep her name.
  perform rbac_private.act_as(v_owner);
  perform public.deactivate_member(v_fiona, v_alex, 'Left the company; open conversations handed to Alex.');
  return v_tenant;
end;
$$;
comment on function rbac_private.preset_support_desk(text) is 'Definer: builds a preset tenant as its demo administrator and people.';

insert into rbac.presets (name, title, description, requirement) values
  ('support_desk', 'Brightdesk Support',
   'Seed 002: support desk with Administrator and Agent defaults, the Conversations / Contacts / Reports / Settings '
   || 'permission tree with own, team and all scopes, the four example roles, role approval, audit trail and '
   || 'separation of duties.',
   'S3');
