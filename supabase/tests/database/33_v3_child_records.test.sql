-- V3, V2, T3: policies, quotes and assignee links follow their account: seen
-- only with the account (and the child module's view), written only with
-- the child module's action on an account the member sees. Children carry
-- the account's org, kept equal by a cascading foreign key.
begin;
\ir ../helpers/test_helpers.sql
\ir ../helpers/visibility_helpers.sql
select plan(20);

-- ---------------------------------------------------------------------------
-- Setup (superuser)
-- ---------------------------------------------------------------------------
select tests.remember('a', tests.new_tenant('Agency A', 'owner@a.test'));
select rbac_private.define_demo_catalog(tests.id('a'));
select tests.remember('east', tests.make_org(tests.id('a'), tests.id('a'), 'East'));
select tests.remember('west', tests.make_org(tests.id('a'), tests.id('a'), 'West'));
select tests.remember('ann', tests.make_assignee(tests.id('a'), 'Ann'));
select tests.remember('bob', tests.make_assignee(tests.id('a'), 'Bob'));
select tests.remember('producer', tests.make_role(tests.id('a'), 'Producer',
  array['accounts.view', 'accounts.edit', 'policies.view', 'quotes.view', 'quotes.create']));
select tests.remember('reader', tests.make_role(tests.id('a'), 'Reader', array['accounts.view', 'policies.view', 'quotes.view']));
select tests.remember('quoter', tests.make_role(tests.id('a'), 'Quoter', array['accounts.view', 'quotes.create']));
select tests.remember('acc_only', tests.make_role(tests.id('a'), 'Accounts only', array['accounts.view']));

select tests.remember('prod', tests.add_member(tests.id('a'), 'prod@a.test', 'power_user', tests.id('east'), array[tests.id('producer')]));
select tests.set_assigned(tests.id('prod'), array[tests.id('ann')]);
select tests.add_member(tests.id('a'), 'reader@a.test', 'power_user', tests.id('east'), array[tests.id('reader')]);
select tests.add_member(tests.id('a'), 'quoter@a.test', 'power_user', tests.id('east'), array[tests.id('quoter')]);
select tests.add_member(tests.id('a'), 'acc@a.test', 'power_user', tests.id('east'), array[tests.id('acc_only')]);

select tests.remember('a1', tests.make_account(tests.id('a'), tests.id('east'), 'A1 Ann', null, array[tests.id('ann')]));
select tests.remember('a2', tests.make_account(tests.id('a'), tests.id('east'), 'A2 Bob', null, array[tests.id('bob')]));
select tests.remember('a3', tests.make_account(tests.id('a'), tests.id('west'), 'A3 West', null, array[tests.id('ann')]));
insert into public.insurance_policies (tenant_id, org_id, account_id, policy_number)
select a.tenant_id, a.org_id, a.id, a.name || ' / ' || k from public.accounts a, generate_series(1, 2) k
 where a.tenant_id = tests.id('a');
insert into public.quotes (tenant_id, org_id, account_id, carrier)
select a.tenant_id, a.org_id, a.id, a.name from public.accounts a where a.tenant_id = tests.id('a');
select tests.remember('q2', (select id from public.quotes where account_id = tests.id('a2')));

select tests.remember('b', tests.new_tenant('Agency B', 'owner@b.test'));
select rbac_private.define_demo_catalog(tests.id('b'));
select tests.remember('b1', tests.make_account(tests.id('b'), tests.id('b'), 'B1'));
insert into public.quotes (tenant_id, org_id, account_id, carrier) values (tests.id('b'), tests.id('b'), tests.id('b1'), 'B1');

-- ---------------------------------------------------------------------------
-- Reading follows the account
-- ---------------------------------------------------------------------------
select tests.act_as('reader@a.test');
select results_eq(
  'select policy_number from public.insurance_policies order by policy_number',
  array['A1 Ann / 1', 'A1 Ann / 2', 'A2 Bob / 1', 'A2 Bob / 2'],
  'V3: policies are seen with the accounts of the member''s org, not those of another org or tenant'
);

select tests.act_as('prod@a.test');
select results_eq(
  'select policy_number from public.insurance_policies order by policy_number',
  array['A1 Ann / 1', 'A1 Ann / 2'],
  'V3/V1: an assigned member sees the policies of their assignee''s accounts only'
);
select results_eq(
  'select carrier from public.quotes order by carrier',
  array['A1 Ann'],
  'V3/V1: an assigned member sees the quotes of their assignee''s accounts only'
);
select is_empty(
  format('select * from public.quotes where id = %L', tests.id('q2')),
  'V3: a quote of an account outside the member''s book stays hidden when asked for by id'
);
select is_empty(
  format('select * from public.quotes where account_id = %L', tests.id('b1')),
  'T3: quotes of another tenant''s account stay hidden'
);

select tests.act_as('acc@a.test');
select isnt_empty('select * from public.accounts', 'V3: a member with accounts.view only sees accounts…');
select is_empty('select * from public.insurance_policies', 'V3: …but no policies without policies.view');

-- ---------------------------------------------------------------------------
-- Writing (V2: seeing is not acting)
-- ---------------------------------------------------------------------------
select tests.act_as('reader@a.test');
select throws_ok(
  format('insert into public.quotes (tenant_id, org_id, account_id) values (%L, %L, %L)', tests.id('a'), tests.id('east'), tests.id('a1')),
  '42501', null,
  'V2: a member who sees an account but lacks quotes.create cannot run a quote for it'
);

select tests.act_as('prod@a.test');
select lives_ok(
  format('insert into public.quotes (tenant_id, org_id, account_id, carrier) values (%L, %L, %L, ''New'')', tests.id('a'), tests.id('east'), tests.id('a1')),
  'V2: a member with quotes.create runs a quote for an account they see'
);
select throws_ok(
  format('insert into public.quotes (tenant_id, org_id, account_id) values (%L, %L, %L)', tests.id('a'), tests.id('east'), tests.id('a2')),
  '42501', null,
  'V3: nobody runs a quote for an account they cannot see'
);
select throws_ok(
  format('insert into public.quotes (tenant_id, org_id, account_id) values (%L, %L, %L)', tests.id('b'), tests.id('b'), tests.id('b1')),
  '42501', null,
  'T3: nobody runs a quote for another tenant''s account'
);
select is_empty(
  format('delete from public.quotes where account_id = %L returning id', tests.id('a1')),
  'V2: deleting a quote needs quotes.delete'
);

-- A child claiming its account is in an org the member sees: the foreign key refuses it.
select tests.act_as('quoter@a.test');
select throws_ok(
  format('insert into public.quotes (tenant_id, org_id, account_id) values (%L, %L, %L)', tests.id('a'), tests.id('east'), tests.id('a3')),
  '23503', null,
  'V3: a quote cannot claim another org than its account''s (to pass the org check)'
);

-- Assignee links are edits of the account.
select tests.act_as('prod@a.test');
select lives_ok(
  format('insert into public.account_assignees (tenant_id, account_id, org_id, assignee_id, role) values (%L, %L, %L, %L, ''csr'')',
         tests.id('a'), tests.id('a1'), tests.id('east'), tests.id('bob')),
  'V1/V3: a member with accounts.edit adds an assignee to an account they see'
);
select throws_ok(
  format('insert into public.account_assignees (tenant_id, account_id, org_id, assignee_id) values (%L, %L, %L, %L)',
         tests.id('a'), tests.id('a2'), tests.id('east'), tests.id('ann')),
  '42501', null,
  'V1: a member cannot pull an account into their book by assigning it to their own assignee'
);
select is_empty(
  format('select * from public.accounts where id = %L', tests.id('a2')),
  'V1: …and the account stays hidden'
);
select tests.act_as('reader@a.test');
select throws_ok(
  format('insert into public.account_assignees (tenant_id, account_id, org_id, assignee_id) values (%L, %L, %L, %L)',
         tests.id('a'), tests.id('a2'), tests.id('east'), tests.id('ann')),
  '42501', null,
  'V2: changing an account''s assignees needs accounts.edit'
);

-- ---------------------------------------------------------------------------
-- Moving an account moves its children (the foreign key cascades).
-- ---------------------------------------------------------------------------
select tests.clear_authentication();
update public.accounts set org_id = tests.id('west') where id = tests.id('a1');
select is(
  (select array_agg(distinct org_id) from (select org_id from public.insurance_policies where account_id = tests.id('a1')
                                           union all select org_id from public.quotes where account_id = tests.id('a1')) c),
  array[tests.id('west')],
  'V3: moving an account to another org moves its policies and quotes with it'
);
select tests.act_as('prod@a.test');
select is_empty(
  format('select * from public.insurance_policies where account_id = %L', tests.id('a1')),
  'V3: once the account left the member''s org, its policies are hidden on the next statement'
);
select tests.act_as('owner@a.test');
select is(
  (select count(*)::integer from public.insurance_policies),
  6,
  'V3: a company administrator sees every policy of the tenant'
);

select * from finish();
rollback;
