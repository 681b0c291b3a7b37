-- A2/A4/A6: a company's rights cap its employees', and a ceiling can be
-- loosened in more ways than removing a company role: moving an org out from
-- under a capped company, adding permissions to a company role, restoring a
-- disabled one. Each is held to the rules that govern removing the role:
-- nobody lifts the cap on their own company (RB012), nobody below gains what
-- the person making the change does not hold (RB010), and no member ends up
-- holding both halves of a separation-of-duties rule (RB016).
begin;
\ir ../helpers/test_helpers.sql
\ir ../helpers/visibility_helpers.sql
select plan(18);

-- ---------------------------------------------------------------------------
-- Setup (superuser): Group › Sub (capped by "Sub Cap": no billing.pay) › Branch; Other at the root.
-- ---------------------------------------------------------------------------
select tests.remember('t', tests.new_tenant('Group', 'admin@group.test'));
select rbac_private.define_module(tests.id('t'), 'billing', 'Billing',
  '[{"action": "view"}, {"action": "pay", "implies": ["view"]}, {"action": "approve", "implies": ["view"]}]'::jsonb);
select tests.authenticate_as('admin@group.test');
select tests.remember('sub', public.create_org(tests.id('t'), 'Sub'));
select tests.remember('branch', public.create_org(tests.id('sub'), 'Branch'));
select tests.remember('other', public.create_org(tests.id('t'), 'Other'));
select tests.remember('cap', public.create_role(tests.id('t'), 'Sub Cap', '',
  '["organizations.manage", "users.view", "billing.view"]'::jsonb, 'company'));
select public.assign_company_role(tests.id('sub'), tests.id('cap'));
select tests.remember('payer', public.create_role(tests.id('t'), 'Payer', '', '["billing.pay"]'::jsonb));
select tests.remember('mover_role', public.create_role(tests.id('t'), 'Org mover', '', '["organizations.manage", "users.view"]'::jsonb));
select tests.clear_authentication();
select tests.remember('administrator', tests.role_id(tests.id('t'), 'Administrator'));
-- An administrator of Branch who also works in Other, capped by Sub.
select tests.remember('ba', tests.add_member(tests.id('t'), 'ba@group.test', 'administrator', tests.id('branch'),
  array[tests.id('administrator')]));
insert into rbac.member_orgs (tenant_id, member_id, org_id) values (tests.id('t'), tests.id('ba'), tests.id('other'));
-- A clerk at Branch whose Payer role the cap holds back.
select tests.remember('clerk', tests.add_member(tests.id('t'), 'clerk@group.test', 'power_user', tests.id('branch'),
  array[tests.id('payer')]));
-- Someone at the root who may move orgs but does not pay.
select tests.remember('mover', tests.add_member(tests.id('t'), 'mover@group.test', 'administrator', tests.id('t'),
  array[tests.id('mover_role')]));

select is(tests.has(tests.id('ba'), 'billing.pay'), false, 'A2: setup: the Branch administrator is capped by Sub (no billing.pay)');
select is(tests.has(tests.id('clerk'), 'billing.pay'), false, 'A2: setup: so is the clerk, although his role pays');

-- ---------------------------------------------------------------------------
-- Moving one's own company out from under its cap
-- ---------------------------------------------------------------------------
select tests.act_as('ba@group.test');
select throws_ok($$ select public.unassign_company_role(tests.id('sub'), tests.id('cap')) $$, 'RB011', null,
  'A2: control: he cannot remove the cap');
select throws_ok($$ select public.update_org(tests.id('branch'), p_parent_id => tests.id('other')) $$, 'RB012',
  'You cannot move the organization you work in or one above it: the companies above it cap your own rights; ask an administrator above it.',
  'A2: nor move his own org (Branch) from under Sub to Other, which he also works in');
select lives_ok($$ select public.update_org(tests.id('branch'), p_name => 'Branch East') $$,
  'A2: renaming it is no move and stays his to do');
select tests.clear_authentication();
select is(tests.has(tests.id('ba'), 'billing.pay'), false, 'A2: he is still capped');

-- ---------------------------------------------------------------------------
-- A move that gives people below more than the mover holds
-- ---------------------------------------------------------------------------
select tests.act_as('mover@group.test');
select throws_ok($$ select public.update_org(tests.id('branch'), p_parent_id => tests.id('other')) $$, 'RB010', null,
  'A4: the org mover, who does not pay, cannot move Branch from under its cap: the clerk would gain billing.pay');
select tests.clear_authentication();
select is(tests.has(tests.id('clerk'), 'billing.pay'), false, 'A4: the clerk gained nothing');
select is((select parent_id from rbac.orgs where id = tests.id('branch')), tests.id('sub'), 'A4: and Branch stayed under Sub');
select tests.act_as('admin@group.test');
select lives_ok($$ select public.update_org(tests.id('branch'), p_parent_id => tests.id('other')) $$,
  'A4: the company administrator, who holds billing.pay, may make the same move');
select tests.clear_authentication();
select is(tests.has(tests.id('clerk'), 'billing.pay'), true, 'A2: out from under Sub, the clerk pays');

-- ---------------------------------------------------------------------------
-- Widening a company role completes a separation-of-duties pair below it
-- ---------------------------------------------------------------------------
select tests.act_as('admin@group.test');
select tests.remember('sod_cap', public.create_role(tests.id('t'), 'Pay-only cap', '', '["billing.pay", "users.view"]'::jsonb, 'company'));
select tests.remember('both', public.create_role(tests.id('t'), 'Payer Approver', '', '["billing.pay", "billing.approve"]'::jsonb));
select tests.remember('team', public.create_org(tests.id('t'), 'Payments team'));
select public.assign_company_role(tests.id('team'), tests.id('sod_cap'));
select public.create_sod_rule(tests.id('t'), 'Pay or approve', 'billing.pay', 'billing.approve');
select tests.clear_authentication();
-- Held from before the rule; the cap keeps him to paying.
select tests.remember('pat', tests.add_member(tests.id('t'), 'pat@group.test', 'power_user', tests.id('team'), array[tests.id('both')]));
select tests.act_as('admin@group.test');
select throws_ok($$ select public.unassign_company_role(tests.id('team'), tests.id('sod_cap')) $$, 'RB016', null,
  'A6: control: removing the cap is refused (Pat would hold both)');
select throws_ok($$ select public.update_role(tests.id('sod_cap'), p_permissions => '["billing.pay", "billing.approve", "users.view"]'::jsonb) $$,
  'RB016', null, 'A6: so is widening the cap to approve');
select tests.clear_authentication();
select is(tests.has(tests.id('pat'), 'billing.approve'), false, 'A6: Pat never came to approve');

-- Restoring a disabled cap loosens it too: while "Open cap" (pay and approve)
-- was disabled, Quinn, who holds both, held nothing under it.
select tests.act_as('admin@group.test');
select tests.remember('open_cap', public.create_role(tests.id('t'), 'Open cap', '',
  '["billing.pay", "billing.approve", "users.view"]'::jsonb, 'company'));
select tests.remember('team2', public.create_org(tests.id('t'), 'Treasury'));
select public.assign_company_role(tests.id('team2'), tests.id('open_cap'));
select public.disable_role(tests.id('open_cap'));
select tests.clear_authentication();
select tests.remember('quinn', tests.add_member(tests.id('t'), 'quinn@group.test', 'power_user', tests.id('team2'), array[tests.id('both')]));
select is(tests.has(tests.id('quinn'), 'billing.pay'), false, 'A2: setup: under a disabled cap Quinn holds nothing');
select tests.act_as('admin@group.test');
select throws_ok($$ select public.restore_role(tests.id('open_cap')) $$, 'RB016', null,
  'A6: restoring the cap is refused: Quinn would hold both halves of the rule');
select tests.clear_authentication();
select is(tests.has(tests.id('quinn'), 'billing.approve'), false, 'A6: Quinn does not approve');
select is((select disabled_at is not null from rbac.roles where id = tests.id('open_cap')), true, 'A6: and the cap stays disabled');

select * from finish();
rollback;
