-- U2: email domains, self-registration as a pending member with no access,
-- approve with roles/user type/visibility or reject with a reason.
-- U3: first signup creates the organization. U4: enabling RBAC for an
-- existing tenant makes every current member an administrator.
begin;
\ir ../helpers/test_helpers.sql
select plan(30);

-- ---------------------------------------------------------------- U3
select tests.create_user('founder@newco.test');
select tests.authenticate_as('founder@newco.test');
select tests.remember('t', public.create_organization('NewCo'));
select is(public.has_permission('users.assign_roles', tests.id('t')), true, 'U3: the first person is an administrator of the new organization');
select is(public.can_access_admin(tests.id('t')), true, 'U3/P5: and sees the Admin menu');
select is((select user_type::text from rbac.members where user_id = auth.uid()), 'company_admin',
  'U3: as a company administrator');
select tests.clear_authentication();
select is((select count(*)::int from rbac.roles where tenant_id = tests.id('t')), 2,
  'R1: a new organization has exactly the Administrator and User roles');
set local role anon;
select throws_ok($$ select public.create_organization('Anon Inc') $$, '42501', null, 'U3: anonymous callers cannot create organizations');
reset role;

-- ---------------------------------------------------------------- U2 domains
select tests.authenticate_as('founder@newco.test');
select public.add_email_domain(tests.id('t'), 'NewCo.test');
select throws_ok($$ select public.add_email_domain(tests.id('t'), 'not a domain') $$, 'RB005', null, 'U2: a malformed domain is refused');
select tests.remember('viewer', public.create_role(tests.id('t'), 'Viewer', '', '["users.view"]'::jsonb));
select tests.clear_authentication();
select tests.new_tenant('Rival', 'boss@rival.test');
select tests.new_tenant('NewCo Splinter', 'splinter@newco.test');
select tests.authenticate_as('splinter@newco.test');
select throws_ok($$ select public.add_email_domain(public.current_tenant_id(), 'newco.test') $$, 'RB006', null,
  'U2: a domain already claimed by another organization cannot be claimed again');
select tests.clear_authentication();
-- Squatting: a tenant claims another company's domain, or a public provider.
select tests.authenticate_as('boss@rival.test');
select throws_ok($$ select public.add_email_domain(public.current_tenant_id(), 'bigcorp.test') $$, 'RB045',
  'You can claim only the domain of your own confirmed email address; ask someone with an address at bigcorp.test to claim it.',
  'U2: a domain nobody of the claimer''s own address is at cannot be claimed (its people''s join requests would go to the squatter)');
select throws_ok($$ select public.add_email_domain(public.current_tenant_id(), 'Gmail.com') $$, 'RB045', null,
  'U2: nor a public email provider');
select throws_ok($$ select public.add_email_domain(public.current_tenant_id(), 'yahoo.co.uk') $$, 'RB045',
  'yahoo.co.uk is a public email provider: anyone can have an address there, so no organization can claim it.',
  'U2: in any country (yahoo.co.uk)');
select tests.clear_authentication();
update auth.users set email_confirmed_at = null where email = 'boss@rival.test';
select tests.authenticate_as('boss@rival.test');
select throws_ok($$ select public.add_email_domain(public.current_tenant_id(), 'rival.test') $$, 'RB045', null,
  'U2: nor the domain of the claimer''s own address before it is confirmed');
select tests.clear_authentication();
update auth.users set email_confirmed_at = now() where email = 'boss@rival.test';
select tests.authenticate_as('boss@rival.test');
select lives_ok($$ select public.add_email_domain(public.current_tenant_id(), 'rival.test') $$,
  'U2: the domain of the claimer''s own confirmed address can be claimed');
select tests.clear_authentication();

-- ---------------------------------------------------------------- U2 requests
-- An unproven address does not count: anyone could sign up as ceo@newco.test.
select tests.create_user('unproven@newco.test');
update auth.users set email_confirmed_at = null where email = 'unproven@newco.test';
select tests.authenticate_as('unproven@newco.test');
select throws_ok($$ select public.request_to_join() $$, 'RB046', 'Confirm your email address first; then ask to join again.',
  'U2: a sign-up whose email address is not confirmed cannot ask to join');
select tests.clear_authentication();

select tests.create_user('pat@newco.test');
select tests.authenticate_as('pat@newco.test');
select tests.remember('req', public.request_to_join());
select is_empty($$ select 1 from rbac.members $$, 'U2: a pending member sees no member row, not even their own');
select is_empty($$ select 1 from rbac.roles $$, 'U2: a pending member sees no role');
select is_empty($$ select 1 from rbac.orgs $$, 'U2: a pending member sees no org');
select is(public.has_permission('users.view', tests.id('t')), false, 'U2: a pending member holds no permission');
select throws_ok($$ select public.request_to_join() $$, 'RB006', null, 'U2: asking twice is refused');
select tests.clear_authentication();

select tests.create_user('sam@elsewhere.test');
select tests.authenticate_as('sam@elsewhere.test');
select throws_ok($$ select public.request_to_join() $$, 'RB043', null, 'U2: an address whose domain no organization claims cannot ask to join');
select tests.clear_authentication();

-- Another tenant's administrator cannot see or decide this request.
select tests.authenticate_as('boss@rival.test');
select throws_ok(format('select public.approve_join_request(%L)', tests.id('req')), 'RB004', null,
  'T3: an administrator of another tenant cannot approve the request');
select is_empty($$ select 1 from rbac.join_requests $$, 'T3: nor see it');
select tests.clear_authentication();

select tests.authenticate_as('founder@newco.test');
select is((select count(*)::int from public.list_join_requests(tests.id('t'))), 1, 'U2: the request is listed for the administrator');
select public.approve_join_request(tests.id('req'), array[tests.id('viewer')], 'power_user', 'assigned');
select throws_ok(format('select public.reject_join_request(%L)', tests.id('req')), 'RB044', null,
  'U2: a decided request cannot be decided again');
select tests.clear_authentication();

select tests.authenticate_as('pat@newco.test');
select is(public.has_permission('users.view', tests.id('t')), true, 'U2: once approved, the member has the role given at approval');
select is((select visibility::text from rbac.members where user_id = auth.uid()), 'assigned',
  'U2: with the visibility given at approval');
select tests.clear_authentication();

-- Reject with a reason.
select tests.create_user('quinn@newco.test');
select tests.authenticate_as('quinn@newco.test');
select tests.remember('req2', public.request_to_join());
select tests.clear_authentication();
select tests.authenticate_as('founder@newco.test');
select public.reject_join_request(tests.id('req2'), 'Not an employee');
select tests.clear_authentication();
select is((select status || ':' || reason from rbac.join_requests where id = tests.id('req2')), 'rejected:Not an employee',
  'U2: a rejection is kept with its reason');
select tests.authenticate_as('quinn@newco.test');
select is(public.current_tenant_id(), null, 'U2: a rejected person belongs to no organization');
select tests.clear_authentication();

-- ---------------------------------------------------------------- U4
select tests.remember('legacy', tests.new_tenant('Legacy', 'owner@legacy.test'));
update rbac.tenants set rbac_enabled = false where id = tests.id('legacy');
select tests.add_member(tests.id('legacy'), 'old.timer@legacy.test', 'power_user');
select tests.authenticate_as('owner@legacy.test');
select is(public.enable_rbac(tests.id('legacy')), 1, 'U4: enabling RBAC makes every current member who was not yet one an Administrator');
select throws_ok(format('select public.enable_rbac(%L)', tests.id('legacy')), 'RB044', null, 'U4: it runs once');
select tests.clear_authentication();
select tests.authenticate_as('old.timer@legacy.test');
select is(public.has_permission('users.assign_roles', tests.id('legacy')), true, 'U4: nobody is locked out: the existing member is an administrator');
select tests.clear_authentication();

select * from finish();
rollback;
