-- V5, P3: conversations.view granted for own, team or all conversations.
-- own = assigned to me; team = assigned to me or to one of my teams; all =
-- every conversation in my org scope. Teams are groups (A1).
begin;
\ir ../helpers/test_helpers.sql
\ir ../helpers/visibility_helpers.sql
select plan(13);

-- ---------------------------------------------------------------------------
-- Setup (superuser)
-- ---------------------------------------------------------------------------
select tests.remember('a', tests.new_tenant('Support A', 'owner@a.test'));
select rbac_private.define_demo_catalog(tests.id('a'));
select tests.remember('east', tests.make_org(tests.id('a'), tests.id('a'), 'East'));
select tests.remember('west', tests.make_org(tests.id('a'), tests.id('a'), 'West'));
insert into rbac.groups (tenant_id, org_id, name) values (tests.id('a'), tests.id('a'), 'Red'), (tests.id('a'), tests.id('a'), 'Blue');
select tests.remember('red', (select id from rbac.groups where tenant_id = tests.id('a') and name = 'Red'));
select tests.remember('blue', (select id from rbac.groups where tenant_id = tests.id('a') and name = 'Blue'));

select tests.remember('own_role', tests.make_role(tests.id('a'), 'Agent (own)', array['conversations.view:own']));
select tests.remember('team_role', tests.make_role(tests.id('a'), 'Agent (team)', array['conversations.view:team', 'conversations.edit']));
select tests.remember('all_role', tests.make_role(tests.id('a'), 'Supervisor', array['conversations.view:all']));

select tests.remember('own_agent', tests.add_member(tests.id('a'), 'own@a.test', 'power_user', tests.id('east'), array[tests.id('own_role')]));
select tests.remember('team_agent', tests.add_member(tests.id('a'), 'team@a.test', 'power_user', tests.id('east'), array[tests.id('team_role')]));
select tests.remember('loner', tests.add_member(tests.id('a'), 'loner@a.test', 'power_user', tests.id('east'), array[tests.id('team_role')]));
select tests.remember('sup', tests.add_member(tests.id('a'), 'sup@a.test', 'power_user', tests.id('east'), array[tests.id('all_role')]));
select tests.remember('priv', tests.add_member(tests.id('a'), 'priv@a.test', 'private_user', tests.id('east'), array[tests.id('team_role')]));
insert into rbac.group_members (tenant_id, group_id, member_id) values
  (tests.id('a'), tests.id('red'), tests.id('own_agent')),
  (tests.id('a'), tests.id('red'), tests.id('team_agent')),
  (tests.id('a'), tests.id('red'), tests.id('priv'));

insert into public.conversations (tenant_id, org_id, subject, assignee_member_id, team_id) values
  (tests.id('a'), tests.id('east'), 'C1 own agent''s (Blue)', tests.id('own_agent'), tests.id('blue')),
  (tests.id('a'), tests.id('east'), 'C2 Red, unassigned', null, tests.id('red')),
  (tests.id('a'), tests.id('east'), 'C3 Blue, supervisor''s', tests.id('sup'), tests.id('blue')),
  (tests.id('a'), tests.id('east'), 'C4 team agent''s (Blue)', tests.id('team_agent'), tests.id('blue')),
  (tests.id('a'), tests.id('east'), 'C5 no team', null, null),
  (tests.id('a'), tests.id('west'), 'C6 Red in West', null, tests.id('red'));
select tests.remember('c3', (select id from public.conversations where subject like 'C3%'));

-- ---------------------------------------------------------------------------
-- Reading
-- ---------------------------------------------------------------------------
select tests.act_as('own@a.test');
select results_eq('select subject from public.conversations order by subject', array['C1 own agent''s (Blue)'],
  'P3/V5: own scope shows only the conversations assigned to me, not my team''s');

select tests.act_as('team@a.test');
select results_eq('select subject from public.conversations order by subject',
  array['C2 Red, unassigned', 'C4 team agent''s (Blue)'],
  'V5: team scope shows my team''s conversations and those assigned to me');
select is_empty(format('select * from public.conversations where id = %L', tests.id('c3')),
  'V5: another team''s conversation stays hidden when asked for by id');
select is_empty('select * from public.conversations where subject like ''C6%''',
  'V5/A3: my team''s conversation in an org outside my scope stays hidden');

select tests.act_as('loner@a.test');
select is_empty('select * from public.conversations',
  'V5: team scope without a team shows only my own (none)');

select tests.act_as('sup@a.test');
select results_eq('select subject from public.conversations order by subject',
  array['C1 own agent''s (Blue)', 'C2 Red, unassigned', 'C3 Blue, supervisor''s', 'C4 team agent''s (Blue)', 'C5 no team'],
  'P3: all scope shows every conversation of my org scope');

select tests.act_as('priv@a.test');
select is_empty('select * from public.conversations',
  'V4/V5: a private user in a team still sees only their own conversations');

-- Joining a team shows its conversations on the next statement.
select tests.clear_authentication();
insert into rbac.group_members (tenant_id, group_id, member_id) values (tests.id('a'), tests.id('blue'), tests.id('team_agent'));
select tests.act_as('team@a.test');
select isnt_empty(format('select * from public.conversations where id = %L', tests.id('c3')),
  'V5: after joining Blue, Blue''s conversations show on the next statement');
select tests.clear_authentication();
delete from rbac.group_members where group_id = tests.id('blue') and member_id = tests.id('team_agent');
select tests.act_as('team@a.test');
select is_empty(format('select * from public.conversations where id = %L', tests.id('c3')),
  'V5: after leaving Blue, they are hidden again');

-- ---------------------------------------------------------------------------
-- Writing: an unscoped edit right reaches only what the scoped view shows.
-- ---------------------------------------------------------------------------
select is_empty(format('update public.conversations set status = ''closed'' where id = %L returning id', tests.id('c3')),
  'V5: a team agent cannot close another team''s conversation by id');
update public.conversations set status = 'closed';
select tests.clear_authentication();
select results_eq('select subject from public.conversations where status = ''closed'' order by subject',
  array['C2 Red, unassigned', 'C4 team agent''s (Blue)'],
  'V5: an update without a where clause closes only the conversations of the agent''s scope');

select tests.act_as('own@a.test');
select throws_ok(
  format('insert into public.conversations (tenant_id, org_id, subject) values (%L, %L, ''New'')', tests.id('a'), tests.id('east')),
  '42501', null,
  'V2: starting a conversation needs conversations.create');
select is_empty(format('update public.conversations set subject = ''x'' where id = %L returning id', tests.id('c3')),
  'V2: without conversations.edit nothing changes');

select * from finish();
rollback;
