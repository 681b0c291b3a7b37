-- Found by the fourth attack review and closed: each block makes the attack
-- and expects the refusal.
--   A3/A4  taking a group's role, or the group, from members outside one's scope
--   L2     a sign-off says what part of the organization it covers
--   U6     open work is counted only for members one could deactivate
--   U2     a login made from an invitation token where Supabase Auth owns logins
--   R1     the hidden role's name neither clashes nor tells that it exists
--   A3     a company type whose allowed user types hold a null
--   L1     an over-long reason gets our error, and the change is undone
begin;
\ir ../helpers/test_helpers.sql
\ir ../helpers/visibility_helpers.sql
select plan(20);

-- ---------------------------------------------------------------------------
-- Setup (superuser): Group with X and Y; groups defined at X give Payer.
-- ---------------------------------------------------------------------------
select tests.remember('t', tests.new_tenant('Group', 'admin@group.test'));
select rbac_private.define_module(tests.id('t'), 'billing', 'Billing', '[{"action": "view"}, {"action": "pay", "implies": ["view"]}]'::jsonb);
select tests.authenticate_as('admin@group.test');
select tests.remember('x', public.create_org(tests.id('t'), 'X'));
select tests.remember('y', public.create_org(tests.id('t'), 'Y'));
select tests.remember('payer', public.create_role(tests.id('t'), 'Payer', '', '["billing.pay"]'::jsonb));
select tests.remember('grpmgr', public.create_role(tests.id('t'), 'Group manager', '',
  '["groups.manage", "users.assign_roles", "users.deactivate", "billing.pay", "access_review.view", "access_review.sign_off"]'::jsonb));
select tests.remember('g', public.create_group(tests.id('x'), 'Payers at X'));
select tests.remember('g2', public.create_group(tests.id('x'), 'Payers at X 2'));
select public.assign_group_role(tests.id('g'), tests.id('payer'));
select public.assign_group_role(tests.id('g2'), tests.id('payer'));
select tests.clear_authentication();
select tests.remember('m', tests.add_member(tests.id('t'), 'm@group.test', 'power_user', tests.id('y')));
select tests.remember('p', tests.add_member(tests.id('t'), 'p@group.test', 'power_user', tests.id('x'), array[tests.id('grpmgr')]));
select tests.remember('admin_m', tests.member_id(tests.id('t'), 'admin@group.test'));
select tests.act_as('admin@group.test');
select public.add_group_member(tests.id('g'), tests.id('m'));
select public.add_group_member(tests.id('g2'), tests.id('m'));
select tests.clear_authentication();

-- ---------------------------------------------------------------------------
-- A3/A4: groups
-- ---------------------------------------------------------------------------
select tests.act_as('p@group.test');
select throws_ok($$ select public.remove_group_member(tests.id('g'), tests.id('m')) $$, 'RB011', null,
  'A3: control: P (power user of X) may not take M (home Y) out of the group');
select throws_ok($$ select public.unassign_group_role(tests.id('g'), tests.id('payer')) $$, 'RB011', null,
  'A3: nor take the group''s role away from everyone in it, M included');
select throws_ok($$ select public.delete_group(tests.id('g2')) $$, 'RB011', null,
  'A3: nor delete a group M is in');
select tests.clear_authentication();
select is(tests.has(tests.id('m'), 'billing.pay'), true, 'A3: M keeps billing.pay');
select tests.act_as('admin@group.test');
select lives_ok($$ select public.unassign_group_role(tests.id('g'), tests.id('payer')) $$,
  'A3: the company administrator, who administers M, may');

-- ---------------------------------------------------------------------------
-- L2: what a sign-off covers
-- ---------------------------------------------------------------------------
select public.sign_off_access_review(tests.id('t'), 'whole tenant');
select tests.act_as('p@group.test');
select public.sign_off_access_review(tests.id('t'), 'my part');
select tests.clear_authentication();
select is((select after -> 'covers' from rbac.audit_log where tenant_id = tests.id('t') and action = 'access_review.sign_off' and reason = 'whole tenant'),
  '{"whole_tenant": true}'::jsonb, 'L2: the company administrator''s sign-off covers the whole tenant');
select is((select after -> 'covers' from rbac.audit_log where tenant_id = tests.id('t') and action = 'access_review.sign_off' and reason = 'my part'),
  '{"whole_tenant": false, "orgs": ["X"]}'::jsonb, 'L2: a power user''s covers his org only, and says so');

-- ---------------------------------------------------------------------------
-- U6: open work
-- ---------------------------------------------------------------------------
select tests.act_as('p@group.test');
select throws_ok($$ select * from public.member_open_work(tests.id('admin_m')) $$, 'RB011', null,
  'U6: P cannot count the open work of the company administrator, whom he could not deactivate');
select tests.clear_authentication();

-- ---------------------------------------------------------------------------
-- U2: an invitation token turned into a "confirmed" login where Supabase Auth owns logins
-- ---------------------------------------------------------------------------
select tests.act_as('admin@group.test');
create temporary table inv as
  select * from public.invite_member(tests.id('x'), 'ceo@bigcorp.test', 'The CEO', null, 'power_user');
grant select on inv to anon;
select tests.clear_authentication();
create role supabase_auth_admin nologin;
set local role anon;
select throws_ok($$ select public.accept_invitation_with_password((select token from inv), 'password123') $$, 'RB052', null,
  'U2: where Supabase Auth owns logins, the inviter cannot make one from his own token');
reset role;
select is((select count(*)::int from auth.users where email = 'ceo@bigcorp.test'), 0, 'U2: no login was made');
drop role supabase_auth_admin;
set local role anon;
select lives_ok($$ select public.accept_invitation_with_password((select token from inv), 'password123') $$,
  'U1: control: on the embedded database accepting with a password still makes the login');
reset role;

-- ---------------------------------------------------------------------------
-- R1: the hidden role's name
-- ---------------------------------------------------------------------------
select tests.act_as('admin@group.test');
select lives_ok($$ select public.create_role(tests.id('t'), 'Super Administrator', 'ours', '[]'::jsonb) $$,
  'R1: a tenant may name a role of its own Super Administrator');
select tests.clear_authentication();
select lives_ok($$ select public.grant_super_administrator(tests.id('t'), tests.create_user('vendor@vendor.test')) $$,
  'R1: and the vendor''s tooling still creates the hidden role beside it');
-- Writing the hidden role's id into free text (a role's description) does
-- not withhold the entry from the tenant's auditors: ids count only where
-- the product writes role ids.
select tests.remember('hidden', (select id from rbac.roles where tenant_id = tests.id('t') and hidden));
select tests.act_as('admin@group.test');
select public.update_role(tests.id('payer'), p_description => 'See ' || tests.id('hidden')::text);
select is((select count(*)::int from public.audit_log(tests.id('t'), p_action => 'role.update')
            where target_name = 'Payer'), 1,
  'S4/L1: a change whose free text carries the hidden role''s id stays visible to the tenant''s own auditors');
select tests.clear_authentication();
select tests.remember('t2', tests.new_tenant('Other', 'boss@other.test'));
select public.grant_super_administrator(tests.id('t2'), tests.create_user('vendor2@vendor.test'));
select tests.act_as('boss@other.test');
select lives_ok($$ select public.create_role(tests.id('t2'), 'super administrator', '', '[]'::jsonb) $$,
  'R1: where the hidden role exists, a plain administrator''s role of that name is no clash (which told him it exists)');
select tests.clear_authentication();

-- ---------------------------------------------------------------------------
-- A3: a null among a company type's allowed user types
-- ---------------------------------------------------------------------------
select tests.act_as('admin@group.test');
select public.create_company_type(tests.id('t'), 'vendor', 'Vendor', array['private_user']::rbac.user_type[]);
select throws_ok($$ select public.update_company_type(tests.id('t'), 'vendor', null, array[null]::rbac.user_type[]) $$, 'RB005', null,
  'A3: a null user type is refused (it made every check of the list pass)');
select throws_ok($$ select public.create_company_type(tests.id('t'), 'vendor2', 'Vendor 2', array['power_user', null]::rbac.user_type[]) $$, 'RB005', null,
  'A3: also when creating a company type');

-- ---------------------------------------------------------------------------
-- L1: an over-long reason
-- ---------------------------------------------------------------------------
select throws_ok(format($$ select public.update_org(%L, p_name => 'X renamed', p_reason => repeat('x', 2001)) $$, tests.id('x')), 'RB005',
  'A reason can be at most 2000 characters long.', 'L1: a reason over 2000 characters gets RB005 and a sentence');
select public.create_sod_rule(tests.id('t'), 'Pay or view users', 'billing.pay', 'users.view', p_reason => 'Auditors asked for it');
select tests.clear_authentication();
select is((select name from rbac.orgs where id = tests.id('x')), 'X', 'L1: and the change it came with is undone');
select is((select reason from rbac.audit_log where tenant_id = tests.id('t') and action = 'sod_rule.create'), 'Auditors asked for it',
  'L1: a separation-of-duties rule is created with its reason, kept in the audit log');

select * from finish();
rollback;
