-- L1: every change writes one audit row in the same transaction; the log is
-- append-only for everyone (the owner included); a hash chain per tenant
-- makes any edit detectable; reading needs audit.view.
begin;
\ir ../helpers/test_helpers.sql
select plan(31);

select tests.remember('t', tests.new_tenant('Acme', 'admin@acme.test'));
select tests.remember('t2', tests.new_tenant('Other', 'admin@other.test'));
select tests.authenticate_as('admin@acme.test');
select tests.remember('viewer', public.create_role(tests.id('t'), 'Viewer', 'sees users', '["users.view"]'::jsonb));
select public.update_role(tests.id('viewer'), p_description => 'sees users only', p_reason => 'Clearer wording for the quarterly review');
select tests.clear_authentication();
select tests.remember('bob', tests.add_member(tests.id('t'), 'bob@acme.test', 'power_user', null, array[tests.id('viewer')]));

-- ---------------------------------------------------------------- content
select is((select count(*)::int from rbac.audit_log where tenant_id = tests.id('t')), 3,
  'L1: creating the tenant, a role and editing it wrote one row each');
select is((select before ->> 'description' || ' -> ' || (after ->> 'description') from rbac.audit_log
            where tenant_id = tests.id('t') and action = 'role.update'), 'sees users -> sees users only',
  'L1: an edit records before and after');
select is((select actor_name from rbac.audit_log where tenant_id = tests.id('t') and action = 'role.create'), 'admin',
  'L1: the actor is recorded by name');
select is((select reason from rbac.audit_log where tenant_id = tests.id('t') and action = 'role.update'), 'Clearer wording for the quarterly review',
  'L1: and the reason given for the change');
select is((select array_agg(seq order by seq) from rbac.audit_log where tenant_id = tests.id('t')), array[1, 2, 3]::bigint[],
  'L1: each tenant has its own gapless sequence');

-- A refused change leaves no audit row: the row is written in the change's transaction.
select tests.authenticate_as('admin@acme.test');
select throws_ok(format($$ select public.create_role(%L, 'Viewer') $$, tests.id('t')), 'RB006', null,
  'R2: a duplicate name is refused');
select tests.clear_authentication();
select is((select count(*)::int from rbac.audit_log where tenant_id = tests.id('t')), 3, 'L1: a refused change writes no audit row');

-- ---------------------------------------------------------------- reading
select tests.authenticate_as('bob@acme.test');
select is_empty($$ select 1 from rbac.audit_log $$, 'L1: a member without audit.view reads no audit row');
select throws_ok(format($$ select * from public.audit_log(%L) $$, tests.id('t')), 'RB003', null,
  'L1: nor through the query function');
select tests.clear_authentication();

select tests.authenticate_as('admin@acme.test');
select is((select count(*)::int from rbac.audit_log), 3, 'L1/T3: an auditor reads their own tenant''s rows only');
select is((select count(*)::int from public.audit_log(tests.id('t'), p_action => 'role')), 2, 'L1: filter by action family');
select is((select count(*)::int from public.audit_log(tests.id('t'), p_target_id => tests.id('viewer')::text)), 2, 'L1: filter by target');
select is((select total_count from public.audit_log(tests.id('t'), p_limit => 1)), 3::bigint, 'L1: paging reports the total');
select throws_ok(format($$ select * from public.audit_log(%L) $$, tests.id('t2')), 'RB002', null,
  'T3: nobody reads another tenant''s audit log');
select is((select intact from public.verify_audit_chain(tests.id('t'))), true, 'L1: the chain verifies');
-- The anchor: the newest entry's number and hash, to keep outside the database.
create temporary table anchor on commit drop as
  select head_seq, head_fingerprint from public.verify_audit_chain(tests.id('t'));
select is((select head_seq::int || ':' || length(head_fingerprint) from anchor), '3:64',
  'L1: verify_audit_chain gives the newest entry''s number and its fingerprint (a SHA-256 in hex)');
select is(public.audit_fingerprint_matches(tests.id('t'), 3, (select head_fingerprint from anchor)), true,
  'L1: a fingerprint kept outside matches while the log is as it was');
select is(public.audit_fingerprint_matches(tests.id('t'), 2, (select head_fingerprint from anchor)), false,
  'L1: the same fingerprint does not match another entry');
select is(public.audit_fingerprint_matches(tests.id('t'), 4, (select head_fingerprint from anchor)), null,
  'L1: an entry that is not there (a log cut short) is neither match nor mismatch');
select throws_ok($$ select public.audit_fingerprint_matches(public.current_tenant_id(), 3, 'not a hash') $$, 'RB005', null,
  'L1: a malformed fingerprint is refused with a sentence');

-- ---------------------------------------------------------------- append-only, every path
select throws_ok($$ update rbac.audit_log set reason = 'x' $$, '42501', null, 'L1: authenticated cannot update the audit log');
select throws_ok($$ delete from rbac.audit_log $$, '42501', null, 'L1: authenticated cannot delete from the audit log');
select throws_ok($$ insert into rbac.audit_log (tenant_id, seq, action, target_type, hash) values (public.current_tenant_id(), 99, 'x.y', 'x', '\x00') $$,
  '42501', null, 'L1: authenticated cannot write audit rows directly');
select tests.clear_authentication();

select throws_ok($$ update rbac.audit_log set reason = 'rewritten' where tenant_id = tests.id('t') $$, 'RB020', null,
  'L1: even the table owner cannot update audit rows');
select throws_ok($$ delete from rbac.audit_log where tenant_id = tests.id('t') $$, 'RB020', null,
  'L1: even the table owner cannot delete audit rows');
select throws_ok($$ truncate rbac.audit_log $$, 'RB020', null, 'L1: even the table owner cannot truncate the audit log');

-- ---------------------------------------------------------------- tamper evidence
-- A superuser can switch the guard off; the chain still tells.
set local session_replication_role = replica;  -- a superuser's way round triggers, without locking the log for other sessions
update rbac.audit_log set after = jsonb_set(after, '{description}', '"forged"') where tenant_id = tests.id('t') and seq = 3;
set local session_replication_role = origin;
select is((select seq from rbac_private.audit_chain_break(tests.id('t'))), 3::bigint,
  'L1: a row edited behind the product''s back is reported as the first broken row');
select tests.authenticate_as('admin@acme.test');
select is((select intact::text || ':' || first_broken_seq from public.verify_audit_chain(tests.id('t'))), 'false:3',
  'L1: verify_audit_chain shows the break to the auditor');
select tests.clear_authentication();
-- What the chain alone cannot tell: the newest entries cut off, the head moved back.
set local session_replication_role = replica;
delete from rbac.audit_log where tenant_id = tests.id('t') and seq = 3;
update rbac.audit_heads set last_seq = 2, last_hash = (select hash from rbac.audit_log where tenant_id = tests.id('t') and seq = 2)
 where tenant_id = tests.id('t');
set local session_replication_role = origin;
select tests.authenticate_as('admin@acme.test');
select is((select intact from public.verify_audit_chain(tests.id('t'))), true,
  'L1: a log cut short still verifies as a chain');
select is(public.audit_fingerprint_matches(tests.id('t'), 3, (select head_fingerprint from anchor)), null,
  'L1: but the fingerprint kept outside finds its entry gone');
select tests.clear_authentication();
-- Withholding an entry from the tenant's auditors by marking it as naming a
-- hidden role (S4) is a change of the entry like any other.
set local session_replication_role = replica;
update rbac.audit_log set hidden_role_ids = array[gen_random_uuid()] where tenant_id = tests.id('t') and seq = 2;
set local session_replication_role = origin;
select is((select seq from rbac_private.audit_chain_break(tests.id('t'))), 2::bigint,
  'L1/S4: an entry marked as naming a hidden role behind the product''s back breaks the chain');

select * from finish();
rollback;
