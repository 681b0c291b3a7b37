-- T1–T3: the org tree and its closure table, company types per tenant,
-- people in several tenants, and isolation: a member of tenant A (its company
-- administrator, the strongest insider) reads nothing of tenant B through any
-- rbac table and changes nothing of it through any public function; forged
-- JWTs and anon see and do nothing; nobody writes rbac tables directly.
begin;
\ir ../helpers/test_helpers.sql
select plan(106);

-- -----------------------------------------------------------------------------
-- Helpers of this file
-- -----------------------------------------------------------------------------

-- Tables of schema rbac holding tenant rows, with the column naming the tenant.
create function pg_temp.tenant_tables() returns table (tbl name, tenant_column text)
language sql stable
as $$
  select c.relname, case when c.relname = 'tenants' then 'id' else 'tenant_id' end
    from pg_class c
   where c.relnamespace = 'rbac'::regnamespace and c.relkind in ('r', 'p')
     and (c.relname = 'tenants'
          or exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped))
$$;

-- The rbac tables in which the acting role sees at least one row of a tenant
-- (p_tenant_id null: of any tenant). Runs as the caller, so RLS applies.
create function pg_temp.tables_with_rows_of(p_tenant_id uuid) returns setof name
language plpgsql
as $$
declare
  t record;
  v_found boolean;
begin
  for t in select * from pg_temp.tenant_tables() loop
    execute format('select exists (select 1 from rbac.%I where $1 is null or %I = $1)', t.tbl, t.tenant_column)
      into v_found using p_tenant_id;
    if v_found then
      return next t.tbl;
    end if;
  end loop;
end;
$$;

-- The rbac tables the acting role could insert into, update or delete from
-- (each attempt rolled back); every one should refuse with 42501.
create function pg_temp.tables_writable_directly() returns setof text
language plpgsql
as $$
declare
  t record;
  v_sql text;
begin
  -- Updates name a plain column: identity columns refuse updates before privileges are checked.
  for t in select c.relname,
                  (select a.attname from pg_attribute a
                    where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attidentity = '' and a.attgenerated = ''
                    order by a.attnum limit 1) as col
             from pg_class c where c.relnamespace = 'rbac'::regnamespace and c.relkind in ('r', 'p') loop
    foreach v_sql in array array[format('insert into rbac.%I default values', t.relname),
                                 format('update rbac.%I set %I = %I', t.relname, t.col, t.col),
                                 format('delete from rbac.%I', t.relname)] loop
      begin
        execute v_sql;
        return next v_sql || ' (succeeded)';
      exception
        when insufficient_privilege then null;
        when others then return next v_sql || ' (' || sqlstate || ')';
      end;
    end loop;
  end loop;
end;
$$;

-- Everything of tenant B, as one hash: equal before and after the attacks
-- means nothing of B changed. Read as the superuser.
create function pg_temp.tenant_fingerprint(p_tenant_id uuid) returns text
language plpgsql
as $$
declare
  t record;
  v_rows text;
  v_all text := '';
begin
  for t in select * from pg_temp.tenant_tables() order by 1 loop
    execute format('select coalesce(string_agg(to_jsonb(x)::text, %L order by to_jsonb(x)::text), '''') from rbac.%I x where %I = $1',
                   '|', t.tbl, t.tenant_column)
      into v_rows using p_tenant_id;
    v_all := v_all || t.tbl || ':' || v_rows || ';';
  end loop;
  return md5(v_all);
end;
$$;

grant execute on function pg_temp.tables_with_rows_of(uuid), pg_temp.tenant_tables(), pg_temp.tables_writable_directly()
  to authenticated, anon;

-- -----------------------------------------------------------------------------
-- Setup: tenant A (Acme) with a tree, tenant B (Beta) with a row in every table
-- -----------------------------------------------------------------------------

select tests.remember('acme', tests.new_tenant('Acme', 'admin@acme.test'));
select tests.remember('beta', tests.new_tenant('Beta', 'admin@beta.test'));
select tests.remember('acme_admin', tests.member_id(tests.id('acme'), 'admin@acme.test'));

select tests.authenticate_as('admin@acme.test');
select public.create_company_type(tests.id('acme'), 'licensee', 'Licensee');
select public.create_company_type(tests.id('acme'), 'partner', 'Partner', array['power_user']::rbac.user_type[]);
select tests.remember('east', public.create_org(tests.id('acme'), 'Acme East', 'licensee'));
select tests.remember('east_sales', public.create_org(tests.id('east'), 'Acme East Sales'));
select tests.remember('east_team', public.create_org(tests.id('east_sales'), 'Acme East Sales Team'));
select tests.remember('west', public.create_org(tests.id('acme'), 'Acme West', 'partner'));
select tests.remember('acme_reviewer', public.create_role(tests.id('acme'), 'Acme Reviewer', '', '["roles.view"]'));
select tests.remember('acme_group', public.create_group(tests.id('acme'), 'Acme Team'));
select tests.clear_authentication();

select tests.remember('consultant_a', tests.add_member(tests.id('acme'), 'consultant@both.test', 'power_user', tests.id('east'),
                                                       array[tests.role_id(tests.id('acme'), 'User')]));
select tests.remember('acme_plain', tests.add_member(tests.id('acme'), 'plain@acme.test', 'power_user', tests.id('east'),
                                                     array[tests.role_id(tests.id('acme'), 'User')]));

select tests.authenticate_as('admin@beta.test');
select public.create_company_type(tests.id('beta'), 'licensee', 'Beta Licensee');
select public.create_company_type(tests.id('beta'), 'insurer', 'Insurer');
select tests.remember('beta_sub', public.create_org(tests.id('beta'), 'Beta Sub', 'insurer'));
select tests.clear_authentication();
select tests.remember('beta_member', tests.add_member(tests.id('beta'), 'member@beta.test', 'power_user', tests.id('beta_sub')));
select tests.authenticate_as('admin@beta.test');
select tests.remember('beta_role', public.create_role(tests.id('beta'), 'Beta Reviewer', 'Reads roles', '["roles.view"]',
                                                      'employee', array['insurer']));
select tests.remember('beta_company_role', public.create_role(tests.id('beta'), 'Beta Company', '', '["roles.view", "users.view"]', 'company'));
select public.set_assignable_roles(tests.id('beta_role'), array[tests.id('beta_role')]);
select public.assign_role(tests.id('beta_member'), tests.id('beta_role'));
select tests.remember('beta_group', public.create_group(tests.id('beta_sub'), 'Beta Team'));
select public.add_group_member(tests.id('beta_group'), tests.id('beta_member'));
select public.assign_group_role(tests.id('beta_group'), tests.id('beta_role'));
select public.assign_company_role(tests.id('beta_sub'), tests.id('beta_company_role'));
select tests.remember('beta_rule', public.create_sod_rule(tests.id('beta'), 'Create or approve', 'roles.create', 'roles.approve'));
select tests.clear_authentication();

-- Rows only the superuser writes: extra accessible orgs (T2), a starter template (R1), and a
-- second tenant for the consultant (T2).
insert into rbac.member_orgs (tenant_id, member_id, org_id) values (tests.id('beta'), tests.id('beta_member'), tests.id('beta_sub'));
insert into rbac.role_templates (tenant_id, key, name, permissions) values (tests.id('beta'), 'read_only', 'Read Only', '["roles.view"]');
select tests.remember('consultant_b', rbac_private.insert_member(tests.id('beta'), tests.user_id('consultant@both.test'), 'consultant',
                                                                 'consultant@both.test', tests.id('beta_sub'), 'power_user',
                                                                 array[tests.id('beta_role')]));
select tests.remember('beta_user_role', tests.role_id(tests.id('beta'), 'User'));
select tests.remember('consultant_user', tests.user_id('consultant@both.test'));
select tests.remember('plain_user', tests.user_id('plain@acme.test'));
select set_config('tests.beta_before', pg_temp.tenant_fingerprint(tests.id('beta')), true);

select is_empty(
  $$ select tbl from pg_temp.tenant_tables()
      where tbl in ('tenants', 'company_types', 'orgs', 'org_closure', 'members', 'member_orgs', 'modules', 'permissions',
                    'permission_implications', 'permission_closure', 'roles', 'role_permissions', 'role_company_types',
                    'role_assignable_roles', 'member_roles', 'groups', 'group_members', 'group_roles', 'org_company_roles',
                    'sod_rules', 'role_templates', 'audit_log', 'audit_heads')
        and tbl not in (select pg_temp.tables_with_rows_of(tests.id('beta'))) $$,
  'T3: setup: tenant B has rows in every core rbac table (the isolation checks below are not vacuous)'
);

-- -----------------------------------------------------------------------------
-- T1: the org tree and its closure table
-- -----------------------------------------------------------------------------

create temporary view acme_closure_from_parents as
  with recursive tree (ancestor_id, descendant_id, depth) as (
    select id, id, 0 from rbac.orgs where tenant_id = current_setting('tests.id_acme')::uuid
    union all
    select t.ancestor_id, o.id, t.depth + 1 from tree t join rbac.orgs o on o.parent_id = t.descendant_id
  )
  select * from tree;

select results_eq(
  $$ select o.name, c.depth from rbac.org_closure c join rbac.orgs o on o.id = c.ancestor_id
      where c.descendant_id = tests.id('east_team') order by c.depth desc $$,
  $$ values ('Acme'::text, 3), ('Acme East', 2), ('Acme East Sales', 1), ('Acme East Sales Team', 0) $$,
  'T1: an org three levels down has every ancestor in the closure table with its depth'
);

select set_eq(
  $$ select ancestor_id, descendant_id, depth from rbac.org_closure where tenant_id = tests.id('acme') $$,
  $$ select ancestor_id, descendant_id, depth from acme_closure_from_parents $$,
  'T1: after inserts the closure table is exactly the tree the parent links describe'
);

select tests.authenticate_as('admin@acme.test');
select lives_ok(
  $$ do $do$
     declare
       v_parent uuid := tests.id('east_team');
     begin
       for i in 4..12 loop
         v_parent := public.create_org(v_parent, 'Acme Level ' || i);
       end loop;
       perform tests.remember('deepest', v_parent);
     end $do$ $$,
  'T1: an org tree can be twelve levels deep'
);
select is((select max(depth) from rbac.org_closure where descendant_id = tests.id('deepest')), 12,
          'T1: the twelfth level sees the root at depth 12 (read as the tenant''s administrator)');

select lives_ok($$ select public.update_org(tests.id('east_sales'), p_parent_id => tests.id('west')) $$,
                'T1: an org moves to another parent with update_org(p_parent_id)');
select results_eq(
  $$ select o.name, c.depth from rbac.org_closure c join rbac.orgs o on o.id = c.ancestor_id
      where c.descendant_id = tests.id('east_team') order by c.depth desc $$,
  $$ values ('Acme'::text, 3), ('Acme West', 2), ('Acme East Sales', 1), ('Acme East Sales Team', 0) $$,
  'T1: a move carries the subtree: the moved org''s child now has the new parent as ancestor'
);
select is_empty(
  $$ select 1 from rbac.org_closure where ancestor_id = tests.id('east') and descendant_id <> tests.id('east') $$,
  'T1: after the move the old parent is no longer an ancestor of anything it lost'
);
select is((select depth from rbac.org_closure where ancestor_id = tests.id('acme') and descendant_id = tests.id('deepest')), 12,
          'T1: depths deep below a moved org stay right');

select throws_ok($$ select public.update_org(tests.id('west'), p_parent_id => tests.id('east_team')) $$, 'RB005', null,
                 'T1: moving an org under its own descendant is refused');
select throws_ok($$ select public.update_org(tests.id('west'), p_parent_id => tests.id('west')) $$, 'RB005', null,
                 'T1: moving an org under itself is refused');
select throws_ok($$ select public.update_org(tests.id('acme'), p_parent_id => tests.id('west')) $$, 'RB005', null,
                 'T1: the root org cannot be moved');
select throws_ok($$ select public.update_org(tests.id('east'), p_parent_id => tests.id('beta_sub')) $$, 'RB004', null,
                 'T3: an org cannot be moved under another tenant''s org');
select is((select parent_id from rbac.orgs where id = tests.id('west')), tests.id('acme'),
          'T1: a refused move leaves the org where it was');
select tests.clear_authentication();

select set_eq(
  $$ select ancestor_id, descendant_id, depth from rbac.org_closure where tenant_id = tests.id('acme') $$,
  $$ select ancestor_id, descendant_id, depth from acme_closure_from_parents $$,
  'T1: after moves and refused moves the closure table is still exactly the tree'
);
select is((select count(*)::int from rbac.audit_log
            where tenant_id = tests.id('acme') and action = 'org.update' and target_id = tests.id('east_sales')::text
              and after ->> 'parent_id' = tests.id('west')::text),
          1, 'T1: the move was audited with the new parent');

-- -----------------------------------------------------------------------------
-- T1: company types are the tenant's own
-- -----------------------------------------------------------------------------

select results_eq(
  $$ select key from rbac.company_types where tenant_id = tests.id('acme') order by key $$,
  $$ values ('licensee'), ('partner') $$,
  'T1: tenant A has its own list of company types'
);
select is((select ct.key from rbac.orgs o join rbac.company_types ct on ct.id = o.company_type_id where o.id = tests.id('east')),
          'licensee', 'T1: an org carries a company type from its tenant''s list');
select is((select count(*)::int from rbac.company_types where key = 'licensee'), 2,
          'T1: two tenants may use the same company type key independently');
select throws_ok(
  $$ update rbac.orgs set company_type_id = (select id from rbac.company_types where tenant_id = tests.id('beta') and key = 'insurer')
      where id = tests.id('west') $$,
  '23503', null,
  'T3: even the superuser cannot give an org a company type of another tenant (composite foreign key)');
select throws_ok(
  $$ update rbac.members set home_org_id = tests.id('beta_sub') where id = tests.id('acme_plain') $$,
  '23503', null,
  'T3: even the superuser cannot place a member in another tenant''s org (composite foreign key)');

select tests.authenticate_as('admin@acme.test');
select throws_ok($$ select public.update_org(tests.id('west'), p_company_type_key => 'insurer') $$, 'RB005', null,
                 'T3: a tenant cannot use another tenant''s company type key for its orgs');
select throws_ok($$ select public.create_company_type(tests.id('acme'), 'licensee', 'Again') $$, 'RB006', null,
                 'T1: a company type key is unique within a tenant');
select tests.clear_authentication();

-- -----------------------------------------------------------------------------
-- T2: one person, several tenants
-- -----------------------------------------------------------------------------

select tests.authenticate_as('consultant@both.test');
select set_eq($$ select id from rbac.tenants $$, array[tests.id('acme'), tests.id('beta')],
              'T2: a person who is a member of two tenants sees both tenants');
select is(public.current_tenant_id(), null::uuid,
          'T2: with two tenants and no tenant_id claim there is no implicit current tenant');
select ok(public.has_permission('roles.view', tests.id('beta')) and not public.has_permission('roles.view', tests.id('acme')),
          'T2: rights are per tenant: the consultant holds roles.view in B, not in A');
select set_eq($$ select id from rbac.members $$, array[tests.id('consultant_a'), tests.id('consultant_b')],
              'T2: the person is one member in each tenant and, without users.view, sees only those two rows');
select throws_ok($$ select * from public.list_roles(tests.id('acme')) $$, 'RB003', null,
                 'T2: being allowed in tenant B gives nothing in tenant A');

select set_config('request.jwt.claims', jsonb_build_object('sub', tests.id('consultant_user'), 'role', 'authenticated',
                  'tenant_id', tests.id('beta'))::text, true);
select is(public.current_tenant_id(), tests.id('beta'), 'T2: the org switcher''s tenant_id claim picks the current tenant');
select ok(public.has_permission('roles.view'), 'T2: has_permission without a tenant answers for the switched-to tenant');
select set_config('request.jwt.claims', jsonb_build_object('sub', tests.id('plain_user'), 'role', 'authenticated',
                  'tenant_id', tests.id('beta'))::text, true);
select is(public.current_tenant_id(), tests.id('acme'),
          'T3: a tenant_id claim naming a tenant the user is not a member of is ignored');
select is_empty($$ select * from public.my_permissions(tests.id('beta')) $$,
                'T3: my_permissions for a tenant the user is not in is empty');
select tests.clear_authentication();

-- -----------------------------------------------------------------------------
-- T3: tenant A's company administrator reads nothing of tenant B
-- -----------------------------------------------------------------------------

select tests.authenticate_as('admin@acme.test');

select is_empty($$ select 1 from rbac.tenants where id = tests.id('beta') $$, 'T3: A''s admin reads no row of B in rbac.tenants');
select is_empty($$ select 1 from rbac.company_types where tenant_id = tests.id('beta') $$, 'T3: A''s admin reads no row of B in rbac.company_types');
select is_empty($$ select 1 from rbac.orgs where tenant_id = tests.id('beta') $$, 'T3: A''s admin reads no row of B in rbac.orgs');
select is_empty($$ select 1 from rbac.org_closure where tenant_id = tests.id('beta') $$, 'T3: A''s admin reads no row of B in rbac.org_closure');
select is_empty($$ select 1 from rbac.members where tenant_id = tests.id('beta') $$, 'T3: A''s admin reads no row of B in rbac.members');
select is_empty($$ select 1 from rbac.member_orgs where tenant_id = tests.id('beta') $$, 'T3: A''s admin reads no row of B in rbac.member_orgs');
select is_empty($$ select 1 from rbac.modules where tenant_id = tests.id('beta') $$, 'T3: A''s admin reads no row of B in rbac.modules');
select is_empty($$ select 1 from rbac.permissions where tenant_id = tests.id('beta') $$, 'T3: A''s admin reads no row of B in rbac.permissions');
select is_empty($$ select 1 from rbac.permission_implications where tenant_id = tests.id('beta') $$, 'T3: A''s admin reads no row of B in rbac.permission_implications');
select is_empty($$ select 1 from rbac.permission_closure where tenant_id = tests.id('beta') $$, 'T3: A''s admin reads no row of B in rbac.permission_closure');
select is_empty($$ select 1 from rbac.roles where tenant_id = tests.id('beta') $$, 'T3: A''s admin reads no row of B in rbac.roles');
select is_empty($$ select 1 from rbac.role_permissions where tenant_id = tests.id('beta') $$, 'T3: A''s admin reads no row of B in rbac.role_permissions');
select is_empty($$ select 1 from rbac.role_company_types where tenant_id = tests.id('beta') $$, 'T3: A''s admin reads no row of B in rbac.role_company_types');
select is_empty($$ select 1 from rbac.role_assignable_roles where tenant_id = tests.id('beta') $$, 'T3: A''s admin reads no row of B in rbac.role_assignable_roles');
select is_empty($$ select 1 from rbac.member_roles where tenant_id = tests.id('beta') $$, 'T3: A''s admin reads no row of B in rbac.member_roles');
select is_empty($$ select 1 from rbac.groups where tenant_id = tests.id('beta') $$, 'T3: A''s admin reads no row of B in rbac.groups');
select is_empty($$ select 1 from rbac.group_members where tenant_id = tests.id('beta') $$, 'T3: A''s admin reads no row of B in rbac.group_members');
select is_empty($$ select 1 from rbac.group_roles where tenant_id = tests.id('beta') $$, 'T3: A''s admin reads no row of B in rbac.group_roles');
select is_empty($$ select 1 from rbac.org_company_roles where tenant_id = tests.id('beta') $$, 'T3: A''s admin reads no row of B in rbac.org_company_roles');
select is_empty($$ select 1 from rbac.sod_rules where tenant_id = tests.id('beta') $$, 'T3: A''s admin reads no row of B in rbac.sod_rules');
select is_empty($$ select 1 from rbac.role_templates where tenant_id = tests.id('beta') $$, 'T3: A''s admin reads no row of B in rbac.role_templates');
select is_empty($$ select 1 from rbac.audit_log where tenant_id = tests.id('beta') $$, 'T3: A''s admin reads no row of B in rbac.audit_log');
select is_empty($$ select 1 from rbac.audit_heads where tenant_id = tests.id('beta') $$, 'T3: A''s admin reads no row of B in rbac.audit_heads');
select is_empty($$ select pg_temp.tables_with_rows_of(tests.id('beta')) $$,
                'T3: A''s admin reads no row of B in any rbac table, including tables added after this test was written');
select is_empty(
  $$ select unnest(array['tenants', 'company_types', 'orgs', 'org_closure', 'members', 'modules', 'permissions',
                         'permission_implications', 'permission_closure', 'roles', 'role_permissions', 'member_roles',
                         'groups', 'audit_log', 'audit_heads']::name[])
     except select pg_temp.tables_with_rows_of(tests.id('acme')) $$,
  'T3: (control) the same queries return A''s own rows to A''s admin in every table A has rows in');

-- -----------------------------------------------------------------------------
-- T3: every public function refuses tenant B's ids (RB004 for a B row, RB002
-- for tenant B itself), with the same answer as for an id that does not exist
-- -----------------------------------------------------------------------------

select throws_ok($$ select public.create_role(tests.id('beta'), 'Hijack', '', '["roles.view"]') $$, 'RB004',
                 'This organization does not exist or you are not a member of it.', 'T3: create_role on B''s org is refused');
select throws_ok($$ select public.create_role(gen_random_uuid(), 'Hijack') $$, 'RB004',
                 'This organization does not exist or you are not a member of it.',
                 'T3: the refusal for B''s org is word for word the one for an org that does not exist (no existence oracle)');
select throws_ok($$ select public.assign_role(tests.id('beta_member'), tests.id('beta_user_role')) $$, 'RB004', null,
                 'T3: assign_role on B''s member is refused');
select throws_ok($$ select public.assign_role(tests.id('acme_plain'), tests.id('beta_role')) $$, 'RB004', null,
                 'T3: assign_role of B''s role to A''s own member is refused');
select throws_ok($$ select public.unassign_role(tests.id('beta_member'), tests.id('beta_role')) $$, 'RB004', null,
                 'T3: unassign_role on B''s member is refused');
select throws_ok($$ select public.set_member_roles(tests.id('beta_member'), '{}') $$, 'RB004', null,
                 'T3: set_member_roles on B''s member is refused');
select throws_ok($$ select * from public.list_roles(tests.id('beta')) $$, 'RB002', null, 'T3: list_roles(B) is refused');
select throws_ok($$ select public.create_company_type(tests.id('beta'), 'spy', 'Spy') $$, 'RB002',
                 'You are not an active member of this organization.', 'T3: a change to tenant B is refused as to any tenant one is not in');
select throws_ok($$ select public.create_company_type(gen_random_uuid(), 'spy', 'Spy') $$, 'RB002',
                 'You are not an active member of this organization.',
                 'T3: word for word as for a tenant that does not exist (no existence oracle, and no lock taken on B)');
select throws_ok($$ select * from public.role_matrix(tests.id('beta_role')) $$, 'RB004', null, 'T3: role_matrix of B''s role is refused');
select throws_ok($$ select * from public.role_holders(tests.id('beta_role')) $$, 'RB004', null, 'T3: role_holders of B''s role is refused');
select throws_ok($$ select public.explain_permission(tests.id('beta_member'), 'roles.view') $$, 'RB004', null,
                 'T3: explain_permission for B''s member is refused');
select throws_ok($$ select public.create_org(tests.id('beta_sub'), 'Implant') $$, 'RB004', null, 'T3: create_org under B''s org is refused');
select throws_ok($$ select public.update_org(tests.id('beta_sub'), 'Renamed') $$, 'RB004', null, 'T3: update_org of B''s org is refused');
select throws_ok($$ select * from public.lint_roles(tests.id('beta')) $$, 'RB002', null, 'T3: lint_roles(B) is refused');
select throws_ok($$ select public.update_role(tests.id('beta_role'), 'Renamed') $$, 'RB004', null, 'T3: update_role of B''s role is refused');
select throws_ok($$ select public.disable_role(tests.id('beta_role')) $$, 'RB004', null, 'T3: disable_role of B''s role is refused');
select throws_ok($$ select public.restore_role(tests.id('beta_role')) $$, 'RB004', null, 'T3: restore_role of B''s role is refused');
select throws_ok($$ select public.approve_role(tests.id('beta_role')) $$, 'RB004', null, 'T3: approve_role of B''s role is refused');
select throws_ok($$ select public.set_assignable_roles(tests.id('beta_role'), '{}') $$, 'RB004', null,
                 'T3: set_assignable_roles of B''s role is refused');
select throws_ok($$ select public.set_assignable_roles(tests.id('acme_reviewer'), array[tests.id('beta_role')]) $$, 'RB004', null,
                 'T3: B''s role cannot be put on an A role''s assignable list');
select throws_ok($$ select public.create_role_from_template(tests.id('beta'), 'read_only') $$, 'RB004', null,
                 'T3: create_role_from_template at B''s org is refused');
select throws_ok($$ select public.set_module_installed(tests.id('beta'), 'roles', true) $$, 'RB002', null,
                 'T3: set_module_installed in B is refused');
select throws_ok($$ select public.create_company_type(tests.id('beta'), 'implant', 'Implant') $$, 'RB002', null,
                 'T3: create_company_type in B is refused');
select throws_ok($$ select public.create_sod_rule(tests.id('beta'), 'x', 'users.view', 'roles.view') $$, 'RB002', null,
                 'T3: create_sod_rule in B is refused');
select throws_ok($$ select public.delete_sod_rule(tests.id('beta_rule')) $$, 'RB004', null, 'T3: delete_sod_rule of B''s rule is refused');
select throws_ok($$ select public.create_group(tests.id('beta'), 'Implant') $$, 'RB004', null, 'T3: create_group at B''s org is refused');
select throws_ok($$ select public.delete_group(tests.id('beta_group')) $$, 'RB004', null, 'T3: delete_group of B''s group is refused');
select throws_ok($$ select public.add_group_member(tests.id('beta_group'), tests.id('acme_plain')) $$, 'RB004', null,
                 'T3: add_group_member to B''s group is refused');
select throws_ok($$ select public.add_group_member(tests.id('acme_group'), tests.id('beta_member')) $$, 'RB004', null,
                 'T3: B''s member cannot be added to an A group');
select throws_ok($$ select public.assign_group_role(tests.id('acme_group'), tests.id('beta_role')) $$, 'RB004', null,
                 'T3: B''s role cannot be given to an A group');
select throws_ok($$ select public.assign_company_role(tests.id('beta_sub'), tests.id('beta_company_role')) $$, 'RB004', null,
                 'T3: assign_company_role at B''s org is refused');
select throws_ok($$ select public.assign_company_role(tests.id('west'), tests.id('beta_company_role')) $$, 'RB004', null,
                 'T3: B''s company role cannot cap an A org');
select ok(not public.has_permission('roles.view', tests.id('beta')) and not public.can_access_admin(tests.id('beta')),
          'T3: has_permission and can_access_admin answer false for a tenant the caller is not in');
select tests.clear_authentication();

select is(pg_temp.tenant_fingerprint(tests.id('beta')), current_setting('tests.beta_before'),
          'T3: after every attack, nothing of tenant B changed (every row of every rbac table, audit log included)');

-- -----------------------------------------------------------------------------
-- T3: forged JWTs, anon, and direct writes
-- -----------------------------------------------------------------------------

-- A token whose sub is no user at all (forged or from a deleted account).
select set_config('request.jwt.claims', jsonb_build_object('sub', gen_random_uuid(), 'role', 'authenticated',
                  'tenant_id', tests.id('acme'))::text, true);
set local role authenticated;
select is_empty($$ select pg_temp.tables_with_rows_of(null) $$,
                'T3: a JWT whose sub is a random uuid reads no tenant row in any rbac table');
select throws_ok($$ select * from public.list_roles(tests.id('acme')) $$, 'RB002', null,
                 'T3: a random-sub JWT cannot list roles');
select throws_ok($$ select public.create_role(tests.id('acme'), 'Forged') $$, 'RB004', null,
                 'T3: a random-sub JWT cannot create a role');
select throws_ok($$ select public.explain_permission(tests.id('acme_admin'), 'roles.view') $$, 'RB004', null,
                 'T3: a random-sub JWT cannot explain anyone''s rights');
select throws_ok($$ select public.create_organization('Forged Inc') $$, 'RB001', null,
                 'T3: a random-sub JWT cannot even create a new tenant');
select ok(not public.has_permission('roles.view', tests.id('acme')) and public.current_tenant_id() is null,
          'T3: a random-sub JWT holds no permission and has no current tenant, whatever its tenant_id claim says');
select tests.clear_authentication();

set local role anon;
select throws_ok($$ select 1 from rbac.tenants $$, '42501', null, 'T3: anon cannot read rbac tables at all');
select throws_ok($$ select * from public.list_roles(tests.id('acme')) $$, '42501', null, 'T3: anon cannot call the roles API');
select throws_ok($$ select public.create_organization('Anon Inc') $$, '42501', null, 'T3: anon cannot create a tenant');
select tests.clear_authentication();

select tests.authenticate_as('admin@acme.test');
select throws_ok(format($$ insert into rbac.orgs (tenant_id, parent_id, name) values (%L, %L, 'Direct') $$,
                        tests.id('acme'), tests.id('acme')), '42501', null,
                 'T3: even a company administrator cannot insert into rbac.orgs directly');
select throws_ok($$ update rbac.roles set grants_all = true where id = tests.id('acme_reviewer') $$, '42501', null,
                 'T3: even a company administrator cannot update rbac.roles directly');
select throws_ok($$ delete from rbac.member_roles $$, '42501', null,
                 'T3: even a company administrator cannot delete from rbac.member_roles directly');
select throws_ok($$ delete from rbac.audit_log $$, '42501', null,
                 'T3: even a company administrator cannot delete the audit log');
select is_empty($$ select pg_temp.tables_writable_directly() $$,
                'T3: authenticated cannot insert into, update or delete from any rbac table (each refused with 42501)');
select tests.clear_authentication();

select * from finish();
rollback;
