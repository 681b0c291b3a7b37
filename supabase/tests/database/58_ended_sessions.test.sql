-- X1: signing out ends the session in the database. The web server's tokens
-- carry a session_id; after public.end_session no token of that session, the
-- one in use or a copy taken from the browser, signs anybody in, through the
-- app or straight through PostgREST, from the next query on. Other sessions
-- of the same person go on.
begin;
\ir ../helpers/test_helpers.sql
\ir ../helpers/visibility_helpers.sql
select plan(12);

select tests.remember('a', tests.new_tenant('Agency A', 'owner@a.test'));
select rbac_private.define_demo_catalog(tests.id('a'));
select tests.remember('acct', tests.make_account(tests.id('a'), tests.id('a'), 'Harbor Roofing'));

create function tests.session_claims(p_session text) returns text
language sql
as $$
  select (jsonb_build_object('sub', tests.user_id('owner@a.test'), 'role', 'authenticated', 'email', 'owner@a.test',
          'session_id', p_session, 'auth_time', extract(epoch from now())::bigint))::text
$$;
insert into named_claims values ('laptop', tests.session_claims('11111111-1111-4111-8111-111111111111')),
                                ('phone', tests.session_claims('22222222-2222-4222-8222-222222222222'));
-- The owner, signed in on the laptop, views the app as Ed (A7).
select tests.remember('ed', tests.add_member(tests.id('a'), 'ed@a.test', 'power_user', null,
  array[tests.role_id(tests.id('a'), 'Administrator')]));
insert into named_claims values ('view from laptop',
  (jsonb_build_object('sub', tests.user_id('ed@a.test'), 'role', 'authenticated', 'email', 'ed@a.test',
     'view_as', jsonb_build_object('viewer_user_id', tests.user_id('owner@a.test'), 'member_id', tests.id('ed'),
                                   'viewer_session_id', '11111111-1111-4111-8111-111111111111')))::text);
select tests.act_with_claims('view from laptop');
select is((select count(*)::int from public.accounts where id = tests.id('acct')), 1, 'A7: the view from the laptop reads as Ed');
select tests.clear_authentication();

select tests.act_with_claims('laptop');
select is(public.signed_in(), true, 'X1: the laptop session signs the owner in');
select is((select count(*)::int from public.accounts where id = tests.id('acct')), 1, 'X1: and reads the account');
select lives_ok($$ select public.end_session() $$, 'X1: the owner signs out on the laptop');

-- The same token, as a copy of the cookie would present it.
select is(public.signed_in(), false, 'X1: the laptop''s token now signs nobody in');
select is((select count(*)::int from public.accounts where id = tests.id('acct')), 0, 'X1: it reads no account');
select is(public.current_tenant_id(), null, 'X1: it acts in no tenant');
select throws_ok(format($$ select * from public.list_roles(%L) $$, tests.id('a')), 'RB001', null,
  'X1: and the API answers as to someone not signed in');
select lives_ok($$ select public.end_session() $$, 'X1: signing out again changes nothing');
select tests.act_with_claims('view from laptop');
select is((select count(*)::int from public.accounts where id = tests.id('acct')), 0,
  'A7/X1: the view started on the laptop ends with the laptop''s session, a copied view-as token too');

select tests.act_with_claims('phone');
select is(public.signed_in(), true, 'X1: the owner''s phone session goes on');
select is((select count(*)::int from public.accounts where id = tests.id('acct')), 1, 'X1: and reads the account');

select * from finish();
rollback;
