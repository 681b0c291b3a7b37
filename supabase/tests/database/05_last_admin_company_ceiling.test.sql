-- A5 through the company ceiling (A2): removing one of several company roles
-- of an org narrows what its employees can hold, so it can strip the last
-- administrator of user or role management without touching their roles. An
-- administrator of another branch who can reach that org tries exactly that.
begin;
\ir ../helpers/test_helpers.sql
select plan(5);

-- =============================================================================
-- Setup
--
--   Ceiling Co (root)     founder (company admin, Administrator)
--   ├── Branch            fay (company admin, Administrator), capped by
--   │                     Users Cap ∪ Roles Cap ∪ Audit Cap
--   └── Other             kim (administrator, Administrator), may also work in Branch
-- =============================================================================

select tests.remember('tenant', tests.new_tenant('Ceiling Co', 'founder@ceiling.test'));
select tests.authenticate_as('founder@ceiling.test');
select tests.remember('branch', public.create_org(tests.id('tenant'), 'Branch'));
select tests.remember('other', public.create_org(tests.id('tenant'), 'Other'));
select tests.remember('users_cap', public.create_role(tests.id('tenant'), 'Users Cap', '', '[
  "users.view", "users.invite", "users.edit", "users.assign_roles", "users.deactivate", "users.delete"
]'::jsonb, 'company'));
select tests.remember('roles_cap', public.create_role(tests.id('tenant'), 'Roles Cap', '', '[
  "roles.view", "roles.create", "roles.edit", "roles.delete", "roles.approve", "organizations.manage"
]'::jsonb, 'company'));
select tests.remember('audit_cap', public.create_role(tests.id('tenant'), 'Audit Cap', '', '["audit.view"]'::jsonb, 'company'));
select public.assign_company_role(tests.id('branch'), tests.id(c)) from unnest(array['users_cap', 'roles_cap', 'audit_cap']) c;
select tests.clear_authentication();

select tests.remember('fay', tests.add_member(tests.id('tenant'), 'fay@ceiling.test', 'company_admin', tests.id('branch'),
                                              array[tests.role_id(tests.id('tenant'), 'Administrator')]));
select tests.remember('kim', tests.add_member(tests.id('tenant'), 'kim@ceiling.test', 'administrator', tests.id('other'),
                                              array[tests.role_id(tests.id('tenant'), 'Administrator')]));
insert into rbac.member_orgs (tenant_id, member_id, org_id) values (tests.id('tenant'), tests.id('kim'), tests.id('branch'));
-- The founder leaves: Fay is now the only administrator of the whole tenant.
update rbac.members set status = 'deactivated' where id = tests.member_id(tests.id('tenant'), 'founder@ceiling.test');

-- =============================================================================
-- Kim (administrator of Other, also working in Branch)
-- =============================================================================

select tests.authenticate_as('kim@ceiling.test');

select lives_ok(
  $$ select public.unassign_company_role(tests.id('branch'), tests.id('audit_cap')) $$,
  'A5: removing a company role that leaves the last administrator''s rights intact is allowed'
);

select throws_ok(
  $$ select public.unassign_company_role(tests.id('branch'), tests.id('roles_cap')) $$,
  'RB015', null,
  'A5: removing a company role whose loss would strip the last administrator of role management is refused'
);

select throws_ok(
  $$ select public.unassign_company_role(tests.id('branch'), tests.id('users_cap')) $$,
  'RB015', null,
  'A5: removing a company role whose loss would strip the last administrator of user management is refused'
);

select tests.clear_authentication();

select ok(
  rbac_private.is_full_admin(tests.id('fay')),
  'A5: after the refusals Fay still holds every users.* and roles.* permission'
);

select results_eq(
  $$ select r.name from rbac.org_company_roles c join rbac.roles r on r.id = c.role_id
      where c.org_id = tests.id('branch') order by 1 $$,
  array['Roles Cap', 'Users Cap'],
  'A5: a refused removal changes nothing: Branch keeps both company roles'
);

select * from finish();
rollback;
