-- U1: invitations — single-use, expiring tokens stored as hashes; resend,
-- revoke, list; accept creates exactly the member the invitation described;
-- the inviter's delegation limits (A4) apply when inviting and when accepting.
begin;
\ir ../helpers/test_helpers.sql
select plan(33);

select tests.remember('t', tests.new_tenant('Acme', 'admin@acme.test'));
select tests.remember('other', tests.new_tenant('Other', 'admin@other.test'));

-- A manager who may invite but holds only users.* rights.
select tests.authenticate_as('admin@acme.test');
select tests.remember('mgr_role', public.create_role(tests.id('t'), 'Inviter', '',
  '["users.view", "users.invite", "users.assign_roles", "roles.view"]'::jsonb));
select tests.remember('viewer', public.create_role(tests.id('t'), 'Viewer', '', '["users.view"]'::jsonb));
select tests.remember('auditor', public.create_role(tests.id('t'), 'Auditor', '', '["audit.view"]'::jsonb));
select tests.clear_authentication();
select tests.remember('mgr', tests.add_member(tests.id('t'), 'mgr@acme.test', 'company_admin', null, array[tests.id('mgr_role')]));

-- ---------------------------------------------------------------- inviting
select tests.authenticate_as('mgr@acme.test');
create temporary table inv on commit drop as
  select * from public.invite_member(tests.id('t'), 'New.Person@Acme.test', 'New Person', array[tests.id('viewer')]);
grant select on inv to authenticated;

select isnt((select token from inv), null, 'U1: inviting returns the token once');
select is((select length(token) >= 40 from inv), true, 'U1: the token is long and random');
select tests.clear_authentication();

select is((select count(*)::int from rbac.invitations i join inv on inv.invitation_id = i.id
            where i.token_hash = sha256(convert_to(inv.token, 'UTF8'))), 1,
          'U1: only the SHA-256 of the token is stored');
select is((select count(*)::int from rbac.invitations i, inv
            where position(inv.token in i::text) > 0), 0,
          'U1: the token itself is stored nowhere in the invitation row');
select is((select email from rbac.invitations where id = (select invitation_id from inv)), 'new.person@acme.test',
          'U1: the email is kept in lower case');
select ok((select expires_at between now() + interval '6 days 23 hours' and now() + interval '7 days 1 minute'
             from rbac.invitations where id = (select invitation_id from inv)),
          'U1: an invitation expires after 7 days by default');

select tests.authenticate_as('mgr@acme.test');
select throws_ok($$ select * from public.invite_member(tests.id('t'), 'x@acme.test', 'X', array[tests.id('auditor')]) $$,
  'RB010', null, 'A4: an inviter cannot offer a role with rights they lack (audit.view)');
select throws_ok($$ select * from public.invite_member(tests.id('t'), 'new.person@acme.test', 'Again') $$,
  'RB006', null, 'U1: one open invitation per email: inviting again is refused (resend instead)');
select throws_ok($$ select * from public.invite_member(tests.id('t'), 'not-an-email', 'X') $$,
  'RB005', null, 'U1: a malformed email is refused');
select throws_ok($$ select * from public.invite_member(tests.id('t'), 'mgr@acme.test', 'Me') $$,
  'RB006', null, 'U1: inviting someone who is already a member is refused');
select throws_ok($$ select * from public.invite_member(tests.id('other'), 'y@acme.test', 'Y') $$,
  'RB004', null, 'T3: nobody invites into another tenant');
select is((select count(*)::int from public.list_invitations(tests.id('t'))), 1, 'U1: pending invitations are listed');
select tests.clear_authentication();

-- A plain viewer cannot invite.
select tests.add_member(tests.id('t'), 'plain@acme.test', 'power_user', null, array[tests.id('viewer')]);
select tests.authenticate_as('plain@acme.test');
select throws_ok($$ select * from public.invite_member(tests.id('t'), 'z@acme.test', 'Z') $$,
  'RB003', null, 'U1: inviting needs users.invite');
select tests.clear_authentication();

-- ---------------------------------------------------------------- accepting
select tests.create_user('intruder@evil.test');
select tests.authenticate_as('intruder@evil.test');
select throws_ok($$ select public.accept_invitation((select token from inv)) $$,
  'RB034', null, 'U1: a signed-in person cannot accept an invitation sent to someone else');
select tests.clear_authentication();

select tests.create_user('new.person@acme.test');
select tests.authenticate_as('new.person@acme.test');
select tests.remember('newbie', public.accept_invitation((select token from inv)));
select is(public.has_permission('users.view', tests.id('t')), true, 'U1: the new member has exactly the offered role''s rights');
select is(public.has_permission('users.invite', tests.id('t')), false, 'U1: and nothing more');
select throws_ok($$ select public.accept_invitation((select token from inv)) $$,
  'RB033', null, 'U1: a token cannot be used twice');
select tests.clear_authentication();
select is((select user_type::text || '/' || visibility::text from rbac.members where id = tests.id('newbie')),
          'power_user/all', 'U1: user type and visibility are what the invitation said');
select is((select array_agg(role_id) from rbac.member_roles where member_id = tests.id('newbie')), array[tests.id('viewer')],
          'U1: roles are what the invitation said');

-- Unknown, expired and revoked tokens.
select throws_ok($$ select public.invitation_details('no-such-token') $$, 'RB030', null, 'U1: an unknown token is refused');

select tests.authenticate_as('mgr@acme.test');
create temporary table inv2 on commit drop as select * from public.invite_member(tests.id('t'), 'late@acme.test', 'Late');
grant select on inv2 to authenticated;
select tests.clear_authentication();
update rbac.invitations set expires_at = now() - interval '1 second' where id = (select invitation_id from inv2);
select throws_ok($$ select public.accept_invitation_with_password((select token from inv2), 'password123') $$,
  'RB031', null, 'U1: an expired token is refused');

select tests.authenticate_as('mgr@acme.test');
create temporary table inv3 on commit drop as select * from public.invite_member(tests.id('t'), 'gone@acme.test', 'Gone');
grant select on inv3 to authenticated;
select public.revoke_invitation((select invitation_id from inv3));
select tests.clear_authentication();
select throws_ok($$ select public.accept_invitation_with_password((select token from inv3), 'password123') $$,
  'RB032', null, 'U1: a revoked token is refused');

-- Resend: a new token works, the old one is dead.
select tests.authenticate_as('mgr@acme.test');
create temporary table inv4 on commit drop as select * from public.invite_member(tests.id('t'), 'resend@acme.test', 'Resend');
grant select on inv4 to authenticated;
create temporary table inv4b on commit drop as select * from public.resend_invitation((select invitation_id from inv4));
grant select on inv4b to authenticated, anon;
select tests.clear_authentication();
select throws_ok($$ select public.invitation_details((select token from inv4)) $$, 'RB030', null,
  'U1: after a resend the old token is dead');
set local role anon;
select isnt(public.accept_invitation_with_password((select token from inv4b), 'password123'), null,
  'U1: the resent token works, creating the login with the chosen password');
reset role;
select is((select encrypted_password like '$2%' from auth.users where email = 'resend@acme.test'), true,
  'U1: the password is stored as a bcrypt hash, as GoTrue stores it');

-- A4 for resend and revoke: a resend hands out a fresh link to what the
-- invitation offers, so only someone who could have sent it may resend it
-- (the attack: a manager resends an administrator's invitation and accepts
-- it himself with a password of his choosing); nor may he undo it.
select tests.authenticate_as('admin@acme.test');
create temporary table inv_admin on commit drop as
  select * from public.invite_member(tests.id('t'), 'auditor@acme.test', 'Audra', array[tests.id('auditor')]);
grant select on inv_admin to authenticated;
select tests.clear_authentication();
select tests.authenticate_as('mgr@acme.test');
select throws_ok($$ select * from public.resend_invitation((select invitation_id from inv_admin)) $$, 'RB010', null,
  'A4/U1: a manager cannot resend an invitation offering a role with rights he lacks (and so get its new link)');
select throws_ok($$ select public.revoke_invitation((select invitation_id from inv_admin)) $$, 'RB010', null,
  'A4/U1: nor revoke it');
select tests.clear_authentication();
select tests.authenticate_as('admin@acme.test');
select lives_ok($$ select * from public.resend_invitation((select invitation_id from inv_admin)) $$,
  'A4/U1: the administrator, who may give the role, resends it');
select tests.clear_authentication();

-- A3: a private user administers nobody, whatever role they hold: the
-- invitations list shows them nothing (the table's policy already did not).
select tests.clear_authentication();
select tests.add_member(tests.id('t'), 'priv@acme.test', 'private_user', null, array[tests.id('mgr_role')]);
select tests.authenticate_as('priv@acme.test');
select is((select count(*)::int from public.list_invitations(tests.id('t'), 'all')), 0,
  'A3/U1: a private user holding users.invite lists no invitation');
select tests.clear_authentication();

-- A4 again at accept time: the inviter lost the right to give that role.
select tests.authenticate_as('mgr@acme.test');
create temporary table inv5 on commit drop as
  select * from public.invite_member(tests.id('t'), 'later@acme.test', 'Later', array[tests.id('viewer')]);
grant select on inv5 to authenticated;
select tests.clear_authentication();
delete from rbac.role_permissions where role_id = tests.id('mgr_role')
   and permission_id = (select id from rbac.permissions where tenant_id = tests.id('t') and key = 'users.view');
-- users.view is still implied by users.invite; take the inviting right away instead.
delete from rbac.role_permissions where role_id = tests.id('mgr_role')
   and permission_id = (select id from rbac.permissions where tenant_id = tests.id('t') and key = 'users.invite');
select throws_ok($$ select public.accept_invitation_with_password((select token from inv5), 'password123') $$,
  'RB003', null, 'A4: accepting re-checks the inviter: once they may no longer invite, the invitation cannot be accepted');
select is((select count(*)::int from auth.users where email = 'later@acme.test'), 0,
  'U1: a refused acceptance leaves nothing behind (no login, no member)');

-- Audit: every step is in the chain, and the chain is intact.
select ok((select count(*) >= 6 from rbac.audit_log where tenant_id = tests.id('t') and action like 'invitation.%'),
  'L1: invitations created, resent, revoked and accepted are audited');
select is_empty($$ select * from rbac_private.audit_chain_break(tests.id('t')) $$, 'L1: the tenant''s audit chain verifies');

select * from finish();
rollback;
