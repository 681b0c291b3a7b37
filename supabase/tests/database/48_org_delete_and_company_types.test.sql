-- T1/A3: deleting an organization nothing uses any more (S5: a parent
-- organization's administrator "can delete sub-organizations"), and editing
-- a company type's allowed user types without stranding its members.
begin;
\ir ../helpers/test_helpers.sql
\ir ../helpers/visibility_helpers.sql
select plan(16);

select tests.remember('t', tests.new_tenant('Acme', 'admin@acme.test'));
select rbac_private.define_demo_catalog(tests.id('t'));
select tests.authenticate_as('admin@acme.test');
select public.create_company_type(tests.id('t'), 'assured', 'Assured');
select tests.remember('west', public.create_org(tests.id('t'), 'West', 'assured'));
select tests.remember('west_a', public.create_org(tests.id('west'), 'West A'));
select tests.remember('empty', public.create_org(tests.id('t'), 'Created by mistake'));
select tests.remember('east', public.create_org(tests.id('t'), 'East'));
select tests.remember('east_role', public.create_role(tests.id('east'), 'East Clerk', '', '["users.view"]'::jsonb));
select tests.remember('records', public.create_org(tests.id('t'), 'Has records'));
select tests.remember('peers', public.create_org(tests.id('t'), 'Has a member'));
select tests.remember('gone', public.create_org(tests.id('t'), 'Former home'));
select tests.clear_authentication();
select tests.make_account(tests.id('t'), tests.id('records'), 'Harbor Roofing');
select tests.add_member(tests.id('t'), 'pam@acme.test', 'private_user', tests.id('peers'));
select tests.remember('walt', tests.add_member(tests.id('t'), 'walt@acme.test', 'administrator', tests.id('west'),
  array[tests.role_id(tests.id('t'), 'Administrator')]));
select tests.remember('ex', tests.add_member(tests.id('t'), 'ex@acme.test', 'power_user', tests.id('gone')));
update rbac.members set status = 'deleted' where id = tests.id('ex');
-- Someone elsewhere may also work in the org to delete.
select tests.remember('rover', tests.add_member(tests.id('t'), 'rover@acme.test', 'power_user', tests.id('east')));
insert into rbac.member_orgs (tenant_id, member_id, org_id) values (tests.id('t'), tests.id('rover'), tests.id('empty'));

-- ---------------------------------------------------------------- deleting
select tests.authenticate_as('admin@acme.test');
select lives_ok(format($$ select public.delete_org(%L, 'Typo') $$, tests.id('empty')),
  'T1: an organization nothing uses is deleted');
select throws_ok(format($$ select public.delete_org(%L) $$, tests.id('west')), 'RB047',
  'West is still in use (it has sub-organizations); move or remove that first.', 'T1: not one with sub-organizations');
select throws_ok(format($$ select public.delete_org(%L) $$, tests.id('east')), 'RB047', null,
  'T1: nor one where roles are defined (or people work)');
select throws_ok(format($$ select public.delete_org(%L) $$, tests.id('records')), 'RB047',
  'Has records is still in use (records in accounts belong to it); move or remove that first.',
  'V7/T1: nor one that protected records belong to, naming the table');
select throws_ok(format($$ select public.delete_org(%L) $$, tests.id('peers')), 'RB047',
  'Has a member is still in use (it is the home organization of members or former members); move or remove that first.',
  'T1: nor the home of a member');
select throws_ok(format($$ select public.delete_org(%L) $$, tests.id('gone')), 'RB047', null,
  'U7/T1: nor the home of a deleted member, whose history names it');
select throws_ok(format($$ select public.delete_org(%L) $$, tests.id('t')), 'RB005', null,
  'T1: the root is the tenant and cannot be deleted');
select tests.clear_authentication();
select is((select count(*)::int from rbac.orgs where id = tests.id('empty')), 0, 'T1: the deleted organization is gone');
select is((select count(*)::int from rbac.member_orgs where org_id = tests.id('empty')), 0,
  'T2: access granted to it went with it');
select is((select count(*)::int from rbac.orgs where id in (tests.id('west'), tests.id('records'), tests.id('peers'))), 3,
  'T1: the refused deletions changed nothing');
select is((select reason from rbac.audit_log where tenant_id = tests.id('t') and action = 'org.delete'), 'Typo',
  'L1: the deletion is audited with its reason');

-- A sub-org administrator may delete only inside their scope.
select tests.authenticate_as('walt@acme.test');
select lives_ok(format($$ select public.delete_org(%L) $$, tests.id('west_a')),
  'S5/T1: an administrator of West deletes a sub-organization of West');
select throws_ok(format($$ select public.delete_org(%L) $$, tests.id('gone')), 'RB011', null,
  'A3/T1: but nothing outside West');
select tests.clear_authentication();

-- ---------------------------------------------------------------- company types (A3)
select tests.authenticate_as('admin@acme.test');
select tests.remember('assured_only', public.create_org(tests.id('t'), 'Assured Co', 'assured'));
select tests.clear_authentication();
select tests.add_member(tests.id('t'), 'priv@acme.test', 'private_user', tests.id('assured_only'));
select tests.authenticate_as('admin@acme.test');
select throws_ok($$ select public.update_company_type(public.current_tenant_id(), 'assured', p_allowed_user_types => array['power_user', 'administrator']::rbac.user_type[]) $$,
  'RB018', null, 'A3: a company type cannot stop allowing private users while a private user works in such a company');
select lives_ok($$ select public.update_company_type(public.current_tenant_id(), 'assured', 'Assured (insured)',
                                                     array['power_user', 'administrator', 'private_user']::rbac.user_type[]) $$,
  'A3: renaming it and dropping a user type nobody there has works');
select tests.clear_authentication();
select is((select name || ':' || array_to_string(allowed_user_types, ',') from rbac.company_types where tenant_id = tests.id('t') and key = 'assured'),
  'Assured (insured):administrator,power_user,private_user', 'A3: the company type is saved');

select * from finish();
rollback;
