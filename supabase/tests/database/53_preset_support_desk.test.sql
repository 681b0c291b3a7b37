-- S3 acceptance (seed 002, "Custom Roles"): replays the document on the
-- support_desk preset, as the owner, the reviewing administrator, the Sales
-- Supervisor, the Technical Lead, the Financial Analyst, the Read-Only Agent
-- and plain Agents would, and tries the abuses each role's ❌ lines imply.
-- Where the document settles for less (changes on the next login, a role
-- approval that outlives an edit), the description says what we do instead.
begin;
\ir ../helpers/test_helpers.sql
select plan(112);

select tests.remember('t', public.load_preset('support_desk', 'Brightdesk Support'));
select tests.remember('sales', (select id from rbac.orgs where tenant_id = tests.id('t') and name = 'Sales'));
select tests.remember('support', (select id from rbac.orgs where tenant_id = tests.id('t') and name = 'Support'));
select tests.remember('olivia', tests.member_id(tests.id('t'), 'owner@brightdesk.demo'));
select tests.remember('rowan', tests.member_id(tests.id('t'), 'reviewer@brightdesk.demo'));
select tests.remember('sofia', tests.member_id(tests.id('t'), 'sofia@brightdesk.demo'));
select tests.remember('theo', tests.member_id(tests.id('t'), 'theo@brightdesk.demo'));
select tests.remember('fatima', tests.member_id(tests.id('t'), 'fatima@brightdesk.demo'));
select tests.remember('rory', tests.member_id(tests.id('t'), 'rory@brightdesk.demo'));
select tests.remember('alex', tests.member_id(tests.id('t'), 'alex@brightdesk.demo'));
select tests.remember('sam', tests.member_id(tests.id('t'), 'sam@brightdesk.demo'));
select tests.remember('fiona', tests.member_id(tests.id('t'), 'fiona@brightdesk.demo'));
select tests.remember('agent', tests.role_id(tests.id('t'), 'Agent'));
select tests.remember('supervisor', tests.role_id(tests.id('t'), 'Sales Supervisor'));
select tests.remember('lead', tests.role_id(tests.id('t'), 'Technical Lead'));
select tests.remember('analyst', tests.role_id(tests.id('t'), 'Financial Analyst'));
select tests.remember('tier1', (select id from rbac.groups where tenant_id = tests.id('t') and name = 'Tier 1 Support'));
select tests.remember('tier2', (select id from rbac.groups where tenant_id = tests.id('t') and name = 'Tier 2 Support'));
select tests.remember('webhook', (select id from public.conversations where tenant_id = tests.id('t') and subject = 'Webhook retries failing'));
select tests.remember('login', (select id from public.conversations where tenant_id = tests.id('t') and subject = 'Cannot log in after password reset'));
select tests.remember('invoice', (select id from public.conversations where tenant_id = tests.id('t') and subject = 'Invoice PDF is blank'));
select tests.remember('widget', (select id from public.conversations where tenant_id = tests.id('t') and subject = 'Widget not loading on Safari'));
select tests.remember('demo', (select id from public.conversations where tenant_id = tests.id('t') and subject = 'Demo request from Northwind'));
select tests.remember('trial', (select id from public.conversations where tenant_id = tests.id('t') and subject = 'Trial extension for Fabrikam'));
select tests.remember('pricing', (select id from public.conversations where tenant_id = tests.id('t') and subject = 'Pricing for 50 seats'));

-- ------------------------------------------------------------ Default roles
select is(array(select name from rbac.roles where tenant_id = tests.id('t') and system_key is not null order by name),
  array['Administrator', 'Agent'], 'S3/R1: the default roles are Administrator (full access) and Agent (basic access)');

select tests.authenticate_as('owner@brightdesk.demo');
select ok((select bool_and(public.has_permission(p.key, tests.id('t'))) from rbac.permissions p where p.tenant_id = tests.id('t')),
  'S3/R1: the Administrator holds every permission of the tree');
select set_config('tests.token', (select token from public.invite_member(tests.id('support'), 'nadia@brightdesk.demo', 'Nadia New')), true);
select tests.clear_authentication();
select tests.create_user('nadia@brightdesk.demo');
select tests.authenticate_as('nadia@brightdesk.demo');
select tests.remember('nadia', public.accept_invitation(current_setting('tests.token')));
select tests.clear_authentication();
select is(array(select r.name from rbac.member_roles mr join rbac.roles r on r.id = mr.role_id where mr.member_id = tests.id('nadia')),
  array['Agent'], 'S3/R1/U1: a new member invited without a role gets Agent, the default basic role');

-- ------------------------------------------------------------ Available permissions
select is(array(select key from rbac.modules where tenant_id = tests.id('t') and not is_core order by position),
  array['conversations', 'contacts', 'reports', 'knowledge_base', 'settings'],
  'S3/P1: the permission groups are Conversations, Contacts, Reports and Settings (and the trainee''s knowledge base)');
select results_eq(
  format($$ select m.key, array_agg(p.action order by p.position) from rbac.modules m join rbac.permissions p on p.module_id = m.id
             where m.tenant_id = %L and m.key in ('conversations', 'contacts', 'reports', 'settings') group by m.key, m.position
             order by m.position $$, tests.id('t')),
  $$ values ('conversations', array['view', 'respond', 'assign', 'reassign', 'change_status', 'change_priority', 'apply_labels',
                                    'close', 'delete', 'escalate', 'create', 'edit']),
            ('contacts', array['view', 'create', 'edit', 'delete', 'export', 'import', 'merge']),
            ('reports', array['view', 'export', 'view_financial', 'audit_logs']),
            ('settings', array['manage_inboxes', 'manage_agents', 'configure_integrations', 'configure_automations',
                               'configure_sla', 'manage_labels', 'manage_teams', 'system_settings']) $$,
  'S3/P1: each group has the document''s actions, in its order (plus escalate, start and the update every change needs)');
select is(array(select key from rbac.permissions where tenant_id = tests.id('t') and scoped order by key),
  array['conversations.view', 'reports.view'],
  'S3/P3: viewing conversations and reports is granted for own, team or all; nothing else has a scope');
select is(array(select q.key from rbac.permission_implications i join rbac.permissions p on p.id = i.permission_id
                  join rbac.permissions q on q.id = i.implied_id
                 where p.tenant_id = tests.id('t') and p.key = 'conversations.escalate' order by q.key),
  array['conversations.change_priority', 'conversations.reassign'],
  'S3/P4: escalating a complex issue implies changing its priority and reassigning it');
select is(array(select q.key from rbac.permission_closure c join rbac.permissions p on p.id = c.permission_id
                  join rbac.permissions q on q.id = c.implied_id
                 where p.tenant_id = tests.id('t') and p.key in ('reports.audit_logs', 'settings.manage_teams') and q.id <> p.id
                 order by q.key),
  array['audit.view', 'groups.manage', 'groups.view'],
  'S3/P4: Access audit logs implies the audit log right, Manage teams the group rights');
select is((select is_admin from rbac.modules where tenant_id = tests.id('t') and key = 'settings'), true,
  'S3/P5: Settings is an admin area');

-- ------------------------------------------------------------ The example roles, exactly
select set_eq(format('select tests.grants_of(%L)', tests.id('alex')),
  array['conversations.view:own', 'conversations.create:all', 'conversations.respond:all', 'conversations.change_status:all',
        'conversations.apply_labels:all', 'conversations.close:all', 'conversations.edit:all', 'contacts.view:all',
        'contacts.create:all', 'contacts.edit:all', 'knowledge_base.view:all', 'reports.view:own'],
  'S3/R1: Agent: own conversations, respond, status, labels, close; contacts without delete or export; own reports');
select set_eq(format('select tests.grants_of(%L)', tests.id('sofia')),
  array['conversations.view:all', 'conversations.assign:all', 'conversations.reassign:all', 'conversations.close:all',
        'conversations.apply_labels:all', 'conversations.edit:all', 'contacts.view:all', 'contacts.create:all',
        'contacts.edit:all', 'reports.view:team', 'reports.export:all'],
  'S3/R2: Sales Supervisor holds exactly its ✅ lines: all conversations, assign, reassign, close, labels, contacts view/create/edit, team reports, export reports');
select set_eq(format('select tests.grants_of(%L)', tests.id('theo')),
  array['conversations.view:all', 'conversations.escalate:all', 'conversations.change_priority:all', 'conversations.reassign:all',
        'conversations.edit:all', 'settings.configure_integrations:all', 'settings.configure_automations:all',
        'settings.manage_teams:all', 'groups.manage:all', 'groups.view:all', 'reports.view:team'],
  'S3/R2: Technical Lead holds exactly: all conversations, escalate, integrations, bots and automations, SLA (team reports), teams');
select set_eq(format('select tests.grants_of(%L)', tests.id('fatima')),
  array['reports.view:all', 'reports.view_financial:all', 'reports.export:all', 'reports.audit_logs:all', 'audit.view:all',
        'conversations.view:all'],
  'S3/R2: Financial Analyst holds exactly: all reports, financial ones, export, the audit log (read-only), conversation history');
select set_eq(format('select tests.grants_of(%L)', tests.id('rory')),
  array['conversations.view:team', 'contacts.view:all', 'knowledge_base.view:all'],
  'S3/R2: Read-Only Agent holds exactly: conversations, contacts and the knowledge base, to read');
select is(array(select name from rbac.role_templates where tenant_id = tests.id('t') order by name),
  array['Financial Analyst', 'Read-Only Agent', 'Sales Supervisor', 'Technical Lead'],
  'S3/R1: the four role examples are offered as starter templates');

-- ------------------------------------------------------------ Agent: own conversations
select tests.authenticate_as('alex@brightdesk.demo');
select results_eq($$ select subject from public.conversations order by subject $$,
  array['Cannot log in after password reset', 'Feature request: dark mode', 'How do I add a teammate?', 'Invoice PDF is blank'],
  'S3/P3: an Agent sees only the conversations assigned to him (Fiona''s open one came to him when she left)');
select is_empty(format('select * from public.conversations where id = %L', tests.id('widget')),
  'S3/V5: an Agent with the own scope does not see his team''s unassigned conversation, even by id');
select lives_ok(format($$ insert into public.conversation_messages (tenant_id, conversation_id, author_member_id, body)
                          values (%L, %L, %L, 'Could you try an incognito window?') $$, tests.id('t'), tests.id('login'), tests.id('sam')),
  'S3/P1: ✅ Respond to conversations: an Agent replies in his own');
select is((select author_member_id from public.conversation_messages where body = 'Could you try an incognito window?'), tests.id('alex'),
  'S3/L1: the reply is signed by the Agent who wrote it, not by the colleague he named');
select throws_ok(format($$ insert into public.conversation_messages (tenant_id, conversation_id, body) values (%L, %L, 'Hi') $$,
                        tests.id('t'), tests.id('webhook')),
  '42501', null, 'S3/V3: an Agent cannot reply in a conversation he cannot see');
select isnt_empty(format($$ update public.conversations set status = 'closed', labels = array['login', 'solved'] where id = %L returning id $$,
                         tests.id('login')),
  'S3/P1: ✅ Close conversations, ✅ Apply labels: an Agent on his own conversation');
select throws_ok(format($$ update public.conversations set assignee_member_id = %L where id = %L $$, tests.id('rory'), tests.id('invoice')),
  'RB003', null, 'S3/V2: an Agent sees his conversation but cannot hand it to someone else (Reassign conversations is not his)');
select throws_ok(format($$ update public.conversations set priority = 'urgent' where id = %L $$, tests.id('invoice')),
  'RB003', null, 'S3/V2: nor change its priority (not in his role)');
select is_empty(format('delete from public.conversations where id = %L returning id', tests.id('invoice')),
  'S3/V2: nor delete it');
select throws_ok(format($$ insert into public.conversations (tenant_id, org_id, subject, assignee_member_id) values (%L, %L, 'For Rory', %L) $$,
                        tests.id('t'), tests.id('support'), tests.id('rory')),
  'RB003', null, 'S3/V2: an Agent cannot start a conversation already assigned to a colleague (that is assigning)');
select results_eq($$ select title from public.support_reports $$, array['Alex Agent: October performance'],
  'S3/P3: an Agent sees his own report only');
select is(public.can_access_admin(tests.id('t')), false, 'S3/P5: an Agent has no Admin menu');
select tests.clear_authentication();

-- ------------------------------------------------------------ Read-Only Agent: training
select tests.authenticate_as('rory@brightdesk.demo');
select results_eq($$ select subject from public.conversations order by subject $$,
  array['Cannot log in after password reset', 'Feature request: dark mode', 'How do I add a teammate?', 'Invoice PDF is blank',
        'Refund for a duplicate charge', 'Widget not loading on Safari'],
  'S3/P3/V5: the Read-Only Agent sees his team''s (Tier 1) conversations');
select is((select count(*)::int from public.conversation_messages), 8,
  'S3/V3: and their history, replies included (not Tier 2''s)');
select throws_ok(format($$ insert into public.conversation_messages (tenant_id, conversation_id, body) values (%L, %L, 'Hello!') $$,
                        tests.id('t'), tests.id('widget')),
  '42501', null, 'S3/V2: ❌ Respond to conversations: a trainee''s reply is refused');
select is_empty(format($$ update public.conversations set status = 'pending' where id = %L returning id $$, tests.id('widget')),
  'S3/V2: ❌ Edit anything: a trainee''s status change touches nothing');
-- The same through the API the conversation page uses.
select throws_ok(format($$ select public.reply_to_conversation(%L, 'Hello!') $$, tests.id('widget')), 'RB003', null,
  'S3/V2: ❌ Respond: the page''s reply is refused with our code');
select throws_ok(format($$ select public.close_conversation(%L) $$, tests.id('widget')), 'RB004', null,
  'S3/V2: ❌ Close: nor can he close one');
select tests.clear_authentication();
select tests.authenticate_as('alex@brightdesk.demo');
select isnt(public.reply_to_conversation(tests.id('invoice'), 'Billing confirmed; the new PDF is attached.'), null,
  'S3/P1: ✅ Respond: an Agent replies through the API');
select throws_ok($$ update public.conversation_messages set body = 'I withdraw my complaint.' $$, '42501', null,
  'S3/L1: a sent reply is history: nobody rewrites, backdates or moves one, a colleague''s or the customer''s');
select lives_ok(format($$ select public.close_conversation(%L) $$, tests.id('invoice')), 'S3/P1: ✅ Close conversations: and closes it');
select throws_ok(format($$ select public.close_conversation(%L) $$, tests.id('widget')), 'RB004', null,
  'S3/P3: not a team conversation his own scope does not show him');
select tests.clear_authentication();
select tests.authenticate_as('rory@brightdesk.demo');
select is((select count(*)::int from public.contacts), 5, 'S3/A3: ✅ View contacts (read-only), of his department');
select throws_ok(format($$ insert into public.contacts (tenant_id, org_id, name) values (%L, %L, 'Eve') $$, tests.id('t'), tests.id('support')),
  '42501', null, 'S3/V2: ❌ Edit anything: a trainee cannot add a contact');
select is_empty($$ update public.contacts set email = 'eve@evil.example' returning id $$, 'S3/V2: ❌ Edit anything: nor change one');
select is((select count(*)::int from public.knowledge_articles), 4, 'S3/P1: ✅ View knowledge base');
select ok(not public.has_permission('contacts.export', tests.id('t')) and not public.can_access_admin(tests.id('t')),
  'S3/P5: ❌ Export data, ❌ Access settings');
select tests.clear_authentication();

-- ------------------------------------------------------------ Sales Supervisor
select tests.authenticate_as('sofia@brightdesk.demo');
select results_eq($$ select subject from public.conversations order by subject $$,
  array['Annual plan discount', 'Demo request from Northwind', 'Pricing for 50 seats', 'Renewal for Contoso', 'Trial extension for Fabrikam',
        'Upgrade to Enterprise for Litware'],
  'S3/A3: ✅ View all sales team conversations: all of Sales, none of Support');
select isnt_empty(format($$ update public.conversations set assignee_member_id = %L where id = %L returning id $$, tests.id('sam'), tests.id('trial')),
  'S3/P1: ✅ Assign conversations: the supervisor gives an unassigned conversation to Sam');
select isnt_empty(format($$ update public.conversations set assignee_member_id = %L where id = %L returning id $$, tests.id('sofia'), tests.id('demo')),
  'S3/P1: ✅ Reassign conversations: she takes over Sam''s demo request');
select isnt_empty(format($$ update public.conversations set status = 'closed', labels = array['pricing', 'won'] where id = %L returning id $$,
                         tests.id('pricing')),
  'S3/P1: ✅ Close conversations, ✅ Apply labels and tags');
select throws_ok(format($$ update public.conversations set status = 'pending' where id = %L $$, tests.id('trial')),
  'RB003', null, 'S3/V2: she cannot change a status other than closing (Change status is not in her role)');
select is_empty(format('delete from public.conversations where id = %L returning id', tests.id('trial')),
  'S3/V2: ❌ Delete conversations');
select lives_ok(format($$ insert into public.contacts (tenant_id, org_id, name, company) values (%L, %L, 'Iris Wong', 'Trey Research') $$,
                       tests.id('t'), tests.id('sales')),
  'S3/P1: ✅ Create contacts');
select isnt_empty($$ update public.contacts set company = 'Northwind Traders Ltd' where name = 'Olga Ivanova' returning id $$,
  'S3/P1: ✅ Edit contacts');
select is_empty($$ delete from public.contacts where name = 'David Kim' returning id $$, 'S3/V2: ❌ Delete contacts (❌ Delete data)');
select ok(not public.has_permission('contacts.export', tests.id('t')), 'S3/P1: ❌ Export contacts (❌ Export customer data)');
select results_eq($$ select title from public.support_reports order by title $$,
  array['Inbound Sales: team performance October', 'Key Accounts: pipeline October', 'Sam Seller: October performance'],
  'S3/P3/V5: ✅ View team and individual reports of her teams');
select is_empty($$ select * from public.support_reports where kind = 'financial' $$,
  'S3/V6: ❌ View financial reports: her own team''s commissions report stays hidden');
select throws_ok(format($$ select * from public.audit_log(%L) $$, tests.id('t')), 'RB003', null,
  'S3/L1: ❌ Access audit logs (the audit log function refuses)');
select is_empty($$ select * from rbac.audit_log $$, 'S3/L1: ❌ Access audit logs (no audit row is readable)');
select ok(not (select bool_or(public.has_permission(p.key, tests.id('t'))) from rbac.permissions p
                where p.tenant_id = tests.id('t') and p.key like 'settings.%') and not public.can_access_admin(tests.id('t')),
  'S3/P5: ❌ Modify inboxes, add/remove agents, change integrations (no Settings right, no Admin menu)');
select throws_ok(format($$ select * from public.invite_member(%L, 'friend@brightdesk.demo', 'Friend') $$, tests.id('sales')),
  'RB003', null, 'S3/U1: ❌ Add/remove agents: she cannot invite one');
select throws_ok(format($$ select public.create_role(%L, 'Supervisor Plus', '', '["contacts.export"]'::jsonb) $$, tests.id('sales')),
  'RB003', null, 'S3/A4: she cannot make herself a wider role');
select tests.clear_authentication();

-- ------------------------------------------------------------ Technical Lead
select tests.authenticate_as('theo@brightdesk.demo');
select is((select count(*)::int from public.conversations where org_id = tests.id('support')), 10,
  'S3/A3: ✅ View all support conversations');
select is_empty(format('select * from public.conversations where org_id = %L', tests.id('sales')),
  'S3/A3: and none of Sales');
select isnt_empty(format($$ update public.conversations set priority = 'urgent', team_id = %L where id = %L returning id $$,
                         tests.id('tier2'), tests.id('widget')),
  'S3/P4: ✅ Escalate complex issues: raise the priority and move it to Tier 2');
select throws_ok(format($$ update public.conversations set status = 'closed' where id = %L $$, tests.id('webhook')),
  'RB003', null, 'S3/V2: closing is not part of his role');
select results_eq($$ select title from public.support_reports order by title $$,
  array['Theo Lead: October performance', 'Tier 2 Support: SLA October'],
  'S3/P3: ✅ View SLA metrics of his team');
select ok(not public.has_permission('reports.view_financial', tests.id('t'))
          and not exists (select 1 from public.support_reports where kind = 'financial'),
  'S3/V6: ❌ Access financial reports');
select ok(public.has_permission('settings.configure_integrations', tests.id('t'))
          and public.has_permission('settings.configure_automations', tests.id('t'))
          and not public.has_permission('settings.system_settings', tests.id('t')),
  'S3/P1: ✅ Access technical integrations, ✅ Configure bots and automations, ❌ Modify billing settings');
select lives_ok(format('select public.add_group_member(%L, %L)', tests.id('tier2'), tests.id('alex')),
  'S3/A1: "Manage users (except team)": he adds an agent to Tier 2');
select throws_ok(format('select public.add_group_member(%L, %L)', tests.id('tier2'), tests.id('sam')),
  'RB011', null, 'S3/A3: but not a Sales agent, outside his department');
select throws_ok(format($$ select * from public.invite_member(%L, 'buddy@brightdesk.demo', 'Buddy') $$, tests.id('support')),
  'RB003', null, 'S3/U1: ❌ Manage users: he cannot invite');
select throws_ok(format('select public.deactivate_member(%L)', tests.id('alex')),
  'RB003', null, 'S3/U6: ❌ Manage users: he cannot disable an agent');
select is(public.can_access_admin(tests.id('t')), true, 'S3/P5: Settings rights show him the Admin menu');
select tests.clear_authentication();

-- ------------------------------------------------------------ Financial Analyst
select tests.authenticate_as('fatima@brightdesk.demo');
select is((select count(*)::int from public.support_reports), 12, 'S3/T2: ✅ View all reports, every department''s, financial ones too');
select is((select count(*)::int from public.conversation_messages), 16, 'S3/V3: ✅ View conversation history of every department (Alex''s reply above included)');
select throws_ok(format($$ insert into public.conversation_messages (tenant_id, conversation_id, body) values (%L, %L, 'Hi') $$,
                        tests.id('t'), tests.id('webhook')),
  '42501', null, 'S3/V2: ❌ Respond to conversations');
select is_empty($$ update public.contacts set email = null returning id $$, 'S3/V2: ❌ Edit contacts (she does not even see them)');
select ok(not (select bool_or(public.has_permission(p.key, tests.id('t'))) from rbac.permissions p
                where p.tenant_id = tests.id('t') and p.key like 'settings.%'),
  'S3/P1: ❌ Change any settings, ❌ Access integrations');
select isnt_empty(format($$ select * from public.audit_log(%L, p_target_id => %L, p_action => 'role.update') $$,
                         tests.id('t'), tests.id('supervisor')),
  'S3/L1: ✅ Access audit logs: she reads the changes made to the Sales Supervisor role');
select throws_ok($$ update rbac.audit_log set actor_name = 'Someone else' $$, '42501', null,
  'S3/L1: read-only: she cannot rewrite the audit log');
select throws_ok($$ delete from rbac.audit_log $$, '42501', null, 'S3/L1: nor delete from it');
select tests.clear_authentication();

-- ------------------------------------------------------------ Audit trail of role changes
select is((select jsonb_build_array(a.actor_name, a.before -> 'permissions' ? 'conversations.apply_labels',
                                    a.after -> 'permissions' ? 'conversations.apply_labels')
             from rbac.audit_log a where a.tenant_id = tests.id('t') and a.action = 'role.update' and a.target_id = tests.id('supervisor')::text),
  '["Olivia Owner", false, true]'::jsonb,
  'S3/L1: "changes to roles logged": who changed the Sales Supervisor role, and its permissions before and after');

-- "Start restrictive, add permissions as needed": the owner lets supervisors export contacts.
select tests.authenticate_as('owner@brightdesk.demo');
select public.update_role(tests.id('supervisor'), p_permissions =>
  '[{"permission": "conversations.view", "scope": "all"}, "conversations.assign", "conversations.reassign", "conversations.close",
    "conversations.apply_labels", "contacts.view", "contacts.edit", "contacts.create", "contacts.export",
    {"permission": "reports.view", "scope": "team"}, "reports.export"]'::jsonb);
select tests.clear_authentication();
select tests.authenticate_as('sofia@brightdesk.demo');
select is(public.has_permission('contacts.export', tests.id('t')), true,
  'S3/R4: the supervisor can export on her very next query, without logging in again');
select tests.clear_authentication();
select is((select jsonb_build_array(a.actor_name, a.before -> 'permissions' ? 'contacts.export', a.after -> 'permissions' ? 'contacts.export')
             from rbac.audit_log a where a.tenant_id = tests.id('t') and a.action = 'role.update' and a.target_id = tests.id('supervisor')::text
            order by a.seq desc limit 1),
  '["Olivia Owner", false, true]'::jsonb,
  'S3/L1: the edit is logged: who, and the permissions before and after');

-- ------------------------------------------------------------ Who approved each role
select is(array(select r.name from rbac.roles r where r.tenant_id = tests.id('t') and r.approved_by = tests.id('rowan')
                   and r.system_key is distinct from 'administrator' order by r.name),
  array['Agent', 'Financial Analyst', 'Read-Only Agent', 'Technical Lead'],
  'S3/R2: "who approved each role": Rowan approved every role the owner made; the Sales Supervisor edit above awaits approval');
select is((select approved_by from rbac.roles where id = tests.id('supervisor')), null,
  'S3/R2: changing an approved role''s permissions withdraws its approval (the document keeps the old approval)');
select tests.authenticate_as('owner@brightdesk.demo');
select is(array(select role_name from public.lint_roles(tests.id('t')) where rule = 'unapproved'), array['Sales Supervisor'],
  'S3/R7: role lint lists the role awaiting approval, and only it');
select is(public.role_approval_refusal(tests.id('supervisor')), 'You created or last changed this role; another administrator must approve it.',
  'S3/R2: the role page is told why she may not approve it (and offers no Approve button)');
-- A colleague's later edit of the description does not make her change
-- approvable by her (found by the third attack review).
select tests.clear_authentication();
select tests.authenticate_as('reviewer@brightdesk.demo');
select public.update_role(tests.id('supervisor'), p_description => 'Supervises the sales desk.');
select tests.clear_authentication();
select tests.authenticate_as('owner@brightdesk.demo');
select throws_ok(format('select public.approve_role(%L)', tests.id('supervisor')), 'RB012', null,
  'S3/R2: after a colleague edits only its description, the author of the permissions still cannot approve them');
select throws_ok(format('select public.approve_role(%L)', tests.id('supervisor')), 'RB012', null,
  'S3/R2: the owner who made and changed the role cannot approve it herself');
select tests.clear_authentication();
select tests.authenticate_as('sofia@brightdesk.demo');
select throws_ok(format('select public.approve_role(%L)', tests.id('supervisor')), 'RB003', null,
  'S3/R2: nor can the supervisor approve her own role');
select tests.clear_authentication();
select tests.authenticate_as('reviewer@brightdesk.demo');
select is(public.role_approval_refusal(tests.id('supervisor')), null, 'S3/R2: the second administrator is offered Approve');
select lives_ok(format('select public.approve_role(%L)', tests.id('supervisor')), 'S3/R2: the second administrator approves it');
select is_empty(format($$ select 1 from public.lint_roles(%L) where rule = 'unapproved' $$, tests.id('t')),
  'S3/R7: and it leaves the lint');
select tests.clear_authentication();
select is((select m.display_name from rbac.roles r join rbac.members m on m.id = r.approved_by where r.id = tests.id('supervisor')),
  'Rowan Reviewer', 'S3/R2: and the role records who approved it');
-- Four eyes on every version: whoever changed a role last cannot approve that change.
select tests.authenticate_as('reviewer@brightdesk.demo');
select public.update_role(tests.id('lead'), p_permissions =>
  '[{"permission": "conversations.view", "scope": "all"}, "conversations.escalate", "settings.configure_integrations",
    "settings.configure_automations", "settings.configure_sla", {"permission": "reports.view", "scope": "team"},
    "settings.manage_teams"]'::jsonb);
select throws_ok(format('select public.approve_role(%L)', tests.id('lead')), 'RB012', null,
  'S3/R2: the administrator who changed the Technical Lead role last cannot approve his own change');
select tests.clear_authentication();
select tests.authenticate_as('owner@brightdesk.demo');
select lives_ok(format('select public.approve_role(%L)', tests.id('lead')),
  'S3/R2: another administrator (here the role''s creator) reviews and approves the change');
select tests.clear_authentication();

-- ------------------------------------------------------------ Separation of duties
select is(array(select s.name from rbac.sod_rules s where s.tenant_id = tests.id('t')),
  array['Managing agents and reviewing the audit log are separate duties'],
  'S3/A6: "no one person too much power": managing agents and reviewing the audit log are declared apart');
select tests.authenticate_as('owner@brightdesk.demo');
select tests.remember('agent_manager', public.create_role(tests.id('t'), 'Agent Manager', 'Adds and removes agents',
                                                          '["settings.manage_agents"]'::jsonb));
select throws_ok(format('select public.assign_role(%L, %L)', tests.id('fatima'), tests.id('agent_manager')), 'RB016', null,
  'S3/A6: the analyst who reviews the audit log cannot also manage agents');
select throws_ok(format($$ select public.update_role(%L, p_permissions => '["reports.audit_logs", "settings.manage_agents"]'::jsonb) $$,
                        tests.id('analyst')),
  'RB016', null, 'S3/A6: nor through an edit of her role');
select lives_ok(format('select public.assign_role(%L, %L)', tests.id('sofia'), tests.id('agent_manager')),
  'S3/A6: someone without the audit log may manage agents');
select throws_ok(format($$ select public.update_role(%L, p_permissions => '["settings.manage_agents", "reports.audit_logs"]'::jsonb) $$,
                        tests.id('agent_manager')),
  'RB016', null, 'S3/A6: and that role cannot grow audit log access while she holds it');
select tests.clear_authentication();

-- ------------------------------------------------------------ Quarterly audit: who has what
select tests.authenticate_as('reviewer@brightdesk.demo');
select is(array(select distinct display_name from public.who_can(tests.id('t'), 'contacts.delete') where effective order by 1),
  array['Olivia Owner', 'Rowan Reviewer'], 'S3/L2: least privilege: only the administrators may delete customer data');
select is(array(select distinct display_name from public.who_can(tests.id('t'), 'audit.view') where effective order by 1),
  array['Fatima Finance', 'Olivia Owner', 'Rowan Reviewer'], 'S3/L2: who reads the audit log, and through which role');
select lives_ok(format($$ select public.sign_off_access_review(%L, 'Q4 review of support roles') $$, tests.id('t')),
  'S3/L2: the quarterly review is signed off');
select tests.clear_authentication();

-- ------------------------------------------------------------ Immediate revocation
select is((select status::text from rbac.members where id = tests.id('fiona')), 'deactivated',
  'S3/U6: the agent who left is disabled');
select tests.authenticate_as('fiona@brightdesk.demo');
select ok(not exists (select 1 from public.conversations) and not public.has_permission('conversations.respond', tests.id('t')),
  'S3/U6: she sees nothing and may do nothing');
select tests.clear_authentication();
select is((select array_agg(status order by status) from public.conversations where assignee_member_id = tests.id('fiona')),
  array['closed'], 'S3/U6: her open conversation went to Alex; the closed one keeps her name');

select tests.authenticate_as('owner@brightdesk.demo');
select public.deactivate_member(tests.id('rory'), null, 'Training ended.');
select tests.clear_authentication();
select tests.authenticate_as('rory@brightdesk.demo');
select is_empty($$ select * from public.conversations $$,
  'S3/U6: disabling a member ends his access on his very next query (no logout needed)');
select tests.clear_authentication();

select tests.authenticate_as('owner@brightdesk.demo');
select public.disable_role(tests.id('lead'), 'Team lead roles are being redesigned.');
select tests.clear_authentication();
select tests.authenticate_as('theo@brightdesk.demo');
select ok(not exists (select 1 from public.conversations) and not public.has_permission('settings.configure_integrations', tests.id('t')),
  'S3/R5: a disabled role stops working at once for its holders (not at their next login)');
select tests.clear_authentication();

-- ------------------------------------------------------------ Starter template, tenancy, chain
select tests.authenticate_as('owner@brightdesk.demo');
select throws_ok(format($$ select public.create_role_from_template(%L, 'sales_supervisor') $$, tests.id('t')), 'RB006', null,
  'S3/R2: "clear names": a second "Sales Supervisor" is refused');
select tests.remember('emea', public.create_role_from_template(tests.id('t'), 'sales_supervisor', 'Sales Supervisor EMEA'));
select tests.clear_authentication();
select is(array(select jsonb_array_elements_text(rbac_private.role_snapshot(tests.id('emea')) -> 'permissions') order by 1),
  array(select x from jsonb_array_elements_text(rbac_private.role_snapshot(tests.id('supervisor')) -> 'permissions') x
         where x <> 'contacts.export' order by 1),
  'S3/R1: a role made from the Sales Supervisor template holds the walk-through role''s rights');

select tests.remember('t2', public.load_preset('support_desk', 'Brightdesk Support Copy'));
select tests.authenticate_as('sofia@brightdesk.demo');
select is((select count(distinct tenant_id)::int from public.conversations), 2,
  'S3/T2: loading the preset twice makes two independent tenants; one login belongs to both');
select tests.clear_authentication();

select is_empty($$ select * from rbac_private.audit_chain_break(tests.id('t')) $$, 'S3/L1: every step above is in an intact audit chain');

select * from finish();
rollback;
