-- L2: access review — who can do X with the path, roles with write access to a
-- module, admin-type holders, sign-off recorded in the audit log.
begin;
\ir ../helpers/test_helpers.sql
select plan(16);

select tests.remember('t', tests.new_tenant('Acme', 'admin@acme.test'));
select rbac_private.define_module(tests.id('t'), 'audits', 'Audits', '[
  {"action": "view"}, {"action": "create", "implies": ["view"]}, {"action": "edit", "implies": ["view"]}, {"action": "delete"}]'::jsonb);
select tests.authenticate_as('admin@acme.test');
select tests.remember('sub', public.create_org(tests.id('t'), 'Subsidiary'));
select tests.remember('writer', public.create_role(tests.id('t'), 'Audit Writer', '', '["audits.edit"]'::jsonb));
select tests.remember('reader', public.create_role(tests.id('t'), 'Audit Reader', '', '["audits.view"]'::jsonb));
select tests.remember('reviewer', public.create_role(tests.id('t'), 'Reviewer', '', '["access_review.sign_off", "roles.view"]'::jsonb));
select tests.remember('cap', public.create_role(tests.id('t'), 'Read-only company', '', '["audits.view"]'::jsonb, 'company'));
select tests.remember('team', public.create_group(tests.id('t'), 'Audit team'));
select public.assign_group_role(tests.id('team'), tests.id('writer'));
select public.assign_company_role(tests.id('sub'), tests.id('cap'));
select tests.clear_authentication();
select tests.remember('ann', tests.add_member(tests.id('t'), 'ann@acme.test', 'power_user', null, array[tests.id('writer')]));
select tests.remember('gus', tests.add_member(tests.id('t'), 'gus@acme.test', 'power_user'));
select tests.remember('cap_user', tests.add_member(tests.id('t'), 'capped@acme.test', 'power_user', tests.id('sub'), array[tests.id('writer')]));
select tests.add_member(tests.id('t'), 'rev@acme.test', 'company_admin', null, array[tests.id('reviewer')]);
select tests.authenticate_as('admin@acme.test');
select public.add_group_member(tests.id('team'), tests.id('gus'));
select tests.clear_authentication();

select tests.authenticate_as('rev@acme.test');
select is((select count(*)::int from public.who_can(tests.id('t'), 'audits.view') where member_id = tests.id('ann')), 1,
  'L2: who can view audits lists a direct holder');
select is((select granted_by_permission from public.who_can(tests.id('t'), 'audits.view') where member_id = tests.id('ann')),
  'audits.edit', 'L2/P4: with the implying permission as the path');
select is((select via from public.who_can(tests.id('t'), 'audits.view') where member_id = tests.id('gus')), 'group: Audit team',
  'L2/A1: a holder through a group shows the group');
select is((select effective from public.who_can(tests.id('t'), 'audits.edit') where member_id = tests.id('cap_user')), false,
  'L2/A2: a capped employee is listed as not effective');
select alike((select blocked_by from public.who_can(tests.id('t'), 'audits.edit') where member_id = tests.id('cap_user')),
  'company ceiling of Subsidiary', 'L2/A2: with the ceiling that blocks them');
select ok((select bool_or(role_name = 'Administrator') from public.who_can(tests.id('t'), 'audits.delete')),
  'L2: Administrator (everything) is a path for any permission');
select throws_ok($$ select * from public.who_can(tests.id('t'), 'audits.nope') $$, 'RB005', null, 'L2: unknown permission refused');

select is((select array_agg(role_name order by role_name) from public.module_access(tests.id('t'), 'audits')),
  array['Administrator', 'Audit Writer'], 'L2/S4: roles with write access to Audits (readers excluded)');
select is((select array_agg(role_name order by role_name) from public.module_access(tests.id('t'), 'audits', false)),
  array['Administrator', 'Audit Reader', 'Audit Writer', 'Read-only company'], 'L2: and all roles with any access');

select ok((select full_administrator from public.admin_holders(tests.id('t')) where email = 'admin@acme.test'),
  'L2: admin-type holders include the full administrator');
select is((select admin_permissions from public.admin_holders(tests.id('t')) where email = 'rev@acme.test'),
  array['access_review.sign_off', 'access_review.view', 'roles.view'], 'L2: with exactly their admin-type permissions');

select isnt(public.sign_off_access_review(tests.id('t'), 'Q4 review'), null, 'L2: a review can be signed off');
select tests.clear_authentication();
select is((select reason from rbac.audit_log where tenant_id = tests.id('t') and action = 'access_review.sign_off'), 'Q4 review',
  'L2: the sign-off is recorded in the audit log');
select is((select array_agg(h ->> 'member' order by h ->> 'member') from rbac.audit_log l, jsonb_array_elements(l.after -> 'admin_holders') h
            where l.tenant_id = tests.id('t') and l.action = 'access_review.sign_off'),
  array['admin', 'rev'],
  'L2: with what the reviewer attested to: every admin-type holder by name');
select is((select (after -> 'audit_head' ->> 'seq')::bigint = seq - 1 from rbac.audit_log
            where tenant_id = tests.id('t') and action = 'access_review.sign_off'), true,
  'L1/L2: and the fingerprint of the log as it stood when it was signed');

select tests.authenticate_as('ann@acme.test');
select throws_ok($$ select * from public.who_can(tests.id('t'), 'audits.view') $$, 'RB003', null,
  'L2: access review needs access_review.view');
select tests.clear_authentication();

select * from finish();
rollback;
