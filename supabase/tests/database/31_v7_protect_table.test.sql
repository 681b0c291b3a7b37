-- V7: one call protects any tenant table, a customer's own included: RLS on,
-- the four standard policies (inspectable in pg_policies and in the
-- public.protected_tables view), indexes on the filtered columns, and the
-- same rules as the product's own tables. Bad registrations are refused
-- with a sentence; members cannot call it.
begin;
\ir ../helpers/test_helpers.sql
\ir ../helpers/visibility_helpers.sql
select plan(34);

-- ---------------------------------------------------------------------------
-- A customer's tables, created here (superuser)
-- ---------------------------------------------------------------------------
create table public.test_widgets (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null,
  org_id uuid not null,
  owner_id uuid,
  label text not null,
  unique (id, tenant_id),
  foreign key (org_id, tenant_id) references rbac.orgs (id, tenant_id)
);
create table public.test_widget_parts (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null,
  widget_id uuid not null,
  label text not null,
  foreign key (widget_id, tenant_id) references public.test_widgets (id, tenant_id)
);
-- Tables the call must refuse.
create table public.test_no_tenant (id uuid primary key, org_id uuid);
create table public.test_no_fk (id uuid primary key, tenant_id uuid not null, org_id uuid not null);
create table public.test_open (id uuid primary key, tenant_id uuid not null, org_id uuid not null,
                               foreign key (org_id, tenant_id) references rbac.orgs (id, tenant_id));
alter table public.test_open enable row level security;
create policy "Anyone can read" on public.test_open for select to authenticated using (true);
create table public.test_orphan_parts (id uuid primary key, tenant_id uuid not null, widget_id uuid not null);
create table public.test_cascading (id uuid primary key, tenant_id uuid not null, org_id uuid not null,
                                    foreign key (org_id, tenant_id) references rbac.orgs (id, tenant_id) on delete cascade);

select tests.remember('a', tests.new_tenant('Widgets A', 'owner@a.test'));
select rbac_private.define_module(tests.id('a'), 'widgets', 'Widgets',
  '[{"action": "view"}, {"action": "create", "implies": ["view"]}, {"action": "edit", "implies": ["view"]}, {"action": "delete", "implies": ["view"]}]');
select tests.remember('east', tests.make_org(tests.id('a'), tests.id('a'), 'East'));
select tests.remember('west', tests.make_org(tests.id('a'), tests.id('a'), 'West'));
select tests.remember('viewer', tests.make_role(tests.id('a'), 'Widget viewer', array['widgets.view']));
select tests.remember('maker', tests.make_role(tests.id('a'), 'Widget maker', array['widgets.view', 'widgets.create']));
select tests.remember('viewer_m', tests.add_member(tests.id('a'), 'viewer@a.test', 'power_user', tests.id('east'), array[tests.id('viewer')]));
select tests.remember('maker_m', tests.add_member(tests.id('a'), 'maker@a.test', 'power_user', tests.id('east'), array[tests.id('maker')]));
select tests.remember('priv_m', tests.add_member(tests.id('a'), 'priv@a.test', 'private_user', tests.id('east'), array[tests.id('viewer')]));
select tests.add_member(tests.id('a'), 'nobody@a.test', 'power_user', tests.id('east'));

insert into public.test_widgets (tenant_id, org_id, owner_id, label) values
  (tests.id('a'), tests.id('east'), tests.id('priv_m'), 'W1 east, private user''s'),
  (tests.id('a'), tests.id('east'), null, 'W2 east'),
  (tests.id('a'), tests.id('west'), null, 'W3 west');
insert into public.test_widget_parts (tenant_id, widget_id, label)
select tenant_id, id, label || ' / part' from public.test_widgets;

-- ---------------------------------------------------------------------------
-- Members cannot call it
-- ---------------------------------------------------------------------------
select tests.act_as('owner@a.test');
select throws_ok($$ select public.protect_table('public.test_widgets', 'widgets') $$, '42501', null,
  'V7: a member, even a company administrator, cannot protect or re-protect tables');
select tests.clear_authentication();
select ok(not has_function_privilege('anon', 'public.protect_table(regclass, text, text, text, text, text, regclass, text, jsonb, text, jsonb, boolean)', 'execute')
          and has_function_privilege('service_role', 'public.protect_table(regclass, text, text, text, text, text, regclass, text, jsonb, text, jsonb, boolean)', 'execute'),
  'V7: protect_table is for service_role and the migrations, not anon');

-- ---------------------------------------------------------------------------
-- One call
-- ---------------------------------------------------------------------------
select lives_ok($$ select public.protect_table('public.test_widgets', 'widgets', p_owner_column => 'owner_id') $$,
  'V7: one call protects a customer''s own table');
select lives_ok($$ select public.protect_table('public.test_widget_parts', 'widgets', p_org_column => null,
                                               p_parent_table => 'public.test_widgets', p_parent_column => 'widget_id') $$,
  'V7/V3: one call protects its child table');

select ok((select relrowsecurity from pg_class where oid = 'public.test_widgets'::regclass), 'V7: row level security is on');
select results_eq(
  $$ select (cmd::text || ': ' || policyname::text) collate "default" from pg_policies
      where schemaname = 'public' and tablename = 'test_widgets' and permissive = 'PERMISSIVE' order by 1 $$,
  array['DELETE: Members can delete rows their access allows', 'INSERT: Members can add rows their access allows',
        'SELECT: Members can view rows their access allows', 'UPDATE: Members can edit rows their access allows'],
  'V7: exactly the four standard policies, one per command, named as sentences'
);
select policy_roles_are('public', 'test_widgets', 'Members can add rows their access allows', array['authenticated'],
  'V7: the write policies apply to signed-in members');
select ok(
  (select qual from pg_policies where tablename = 'test_widgets' and cmd = 'SELECT' and permissive = 'PERMISSIVE')
    ~ 'rls_orgs\(''widgets\.view''::text, ''orgs''' ,
  'V7: the view policy needs the module''s view action in the member''s org scope');
select is(
  (select (length(q) - length(replace(q, 'rbac_private.', ''))) / length('rbac_private.')
     - (length(q) - length(replace(q, 'SELECT rbac_private.', ''))) / length('SELECT rbac_private.')
     from pg_policies cross join lateral (select tests.runtime_policy(qual) as q) r
    where tablename = 'test_widgets' and cmd = 'SELECT' and permissive = 'PERMISSIVE'),
  0,
  'V7: every helper in the generated policy is wrapped in (select …), evaluated once per statement');
select isnt_empty(
  $$ select 1 from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
      where i.indrelid = 'public.test_widgets'::regclass and a.attname = 'owner_id' $$,
  'V7: a missing index on a filtered column (the owner) is created');
select isnt_empty(
  $$ select 1 from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
      where i.indrelid = 'public.test_widget_parts'::regclass and a.attname = 'widget_id' $$,
  'V7: …and on the child''s parent column');
select is(
  (select jsonb_array_length(policies) from public.protected_tables where table_name = 'test_widgets'),
  (select count(*)::integer from pg_policies where tablename = 'test_widgets'),
  'V7: public.protected_tables lists the table with the policies Postgres holds for it');
select lives_ok($$ select public.protect_table('public.test_widgets', 'widgets', p_owner_column => 'owner_id') $$,
  'V7: protecting again replaces the standard policies…');
select is((select count(*)::integer from pg_policies where tablename = 'test_widgets' and permissive = 'PERMISSIVE'), 4,
  'V7: …without adding any');

-- ---------------------------------------------------------------------------
-- The protected table behaves like the product's own
-- ---------------------------------------------------------------------------
select tests.act_as('viewer@a.test');
select results_eq('select label from public.test_widgets order by label', array['W1 east, private user''s', 'W2 east'],
  'V7/A3: a member with widgets.view sees the widgets of their org');
select results_eq('select label from public.test_widget_parts order by label', array['W1 east, private user''s / part', 'W2 east / part'],
  'V7/V3: and the parts of those widgets');
select throws_ok(
  format('insert into public.test_widgets (tenant_id, org_id, label) values (%L, %L, ''W4'')', tests.id('a'), tests.id('east')),
  '42501', null, 'V7/V2: without widgets.create nobody adds a widget');
select tests.act_as('maker@a.test');
select lives_ok(
  format('insert into public.test_widgets (tenant_id, org_id, label) values (%L, %L, ''W4'')', tests.id('a'), tests.id('east')),
  'V7: with widgets.create a member adds a widget in their org');
select throws_ok(
  format('insert into public.test_widgets (tenant_id, org_id, label) values (%L, %L, ''W5'')', tests.id('a'), tests.id('west')),
  '42501', null, 'V7/A3: …but not in an org outside their scope');
select tests.act_as('priv@a.test');
select results_eq('select label from public.test_widgets', array['W1 east, private user''s'],
  'V7/V4: a private user sees only the widgets they own');
select tests.act_as('nobody@a.test');
select is_empty('select * from public.test_widgets', 'V7: without widgets.view a member sees no widget');
select tests.clear_authentication();

-- ---------------------------------------------------------------------------
-- Refusals (RB005, with a sentence), nothing changed
-- ---------------------------------------------------------------------------
select throws_ok($$ select public.protect_table('public.test_no_tenant', 'widgets') $$, 'RB005',
  'Table public.test_no_tenant has no column tenant_id (its tenant).', 'V7: a table without tenant_id is refused');
select throws_ok($$ select public.protect_table('public.test_no_fk', 'widgets') $$, 'RB005', null,
  'T3/V7: a table whose org is not tied to its tenant by a foreign key is refused');
select throws_ok($$ select public.protect_table('public.test_open', 'widgets') $$, 'RB005', null,
  'V7: a table with another permissive policy (which would widen the standard ones) is refused');
select throws_ok($$ select public.protect_table('public.test_orphan_parts', 'widgets', p_org_column => null,
                                                p_parent_table => 'public.test_widgets', p_parent_column => 'widget_id') $$,
  'RB005', null, 'V3/V7: a child table without a foreign key to its parent is refused');
select throws_ok($$ select public.protect_table('public.test_orphan_parts', 'widgets', p_org_column => null,
                                                p_parent_table => 'public.test_no_fk', p_parent_column => 'widget_id') $$,
  'RB005', 'Protect the parent table public.test_no_fk first.', 'V3/V7: a parent that is not protected is refused');
select throws_ok($$ select public.protect_table('public.test_widgets', 'Widgets!') $$, 'RB005', null,
  'V7: a malformed module key is refused');
select throws_ok($$ select public.protect_table('public.test_widgets', 'widgets', p_owner_column => 'label') $$, 'RB005', null,
  'V7: an owner column that does not hold member ids is refused');
select throws_ok($$ select public.protect_table('public.test_widgets', 'widgets', p_filters => '[{"permission": "view", "conditions": []}]') $$,
  'RB005', null, 'V6/V7: a filter without conditions is refused');
select throws_ok($$ select public.protect_table('public.test_widgets', 'widgets',
                      p_filters => '[{"permission": "view", "conditions": [{"column": "label", "like": "%"}]}]') $$,
  'RB005', null, 'V6/V7: an unknown kind of filter condition is refused');
select tests.remember('b', tests.new_tenant('Widgets B', 'owner@b.test'));
select throws_ok(format($$ update public.test_widgets set tenant_id = %L, org_id = %L $$, tests.id('b'), tests.id('b')), 'RB005',
  'A record cannot move to another tenant.',
  'T3/V7: no row of a protected table moves to another tenant, whoever asks (the update policy checks only the new tenant)');
select throws_ok($$ select public.protect_table('public.test_cascading', 'widgets') $$, 'RB005', null,
  'T1/V7: a table whose rows would go with their org (ON DELETE CASCADE) is refused: deleting an org must not take records along unseen');
select throws_ok($$ select public.protect_table('rbac.members', 'widgets') $$, 'RB005', null,
  'V7: the product''s own tables cannot be re-protected this way');
select is((select count(*)::integer from rbac.protected_tables where table_name::text like '%test_%'), 2,
  'V7: refused calls registered nothing');

select * from finish();
rollback;
