-- =============================================================================
-- Audit log API (L1): filtered, paged reading for members holding audit.view,
-- and verification of a tenant's hash chain.
-- =============================================================================

create function public.audit_log(
  p_tenant_id uuid,
  p_actor_member_id uuid default null,
  p_target_id text default null,
  p_action text default null,
  p_from timestamptz default null,
  p_to timestamptz default null,
  p_limit integer default 100,
  p_offset integer default 0
)
returns table (id bigint, seq bigint, at timestamptz, actor_member_id uuid, actor_name text, action text,
               target_type text, target_id text, target_name text, before jsonb, after jsonb, reason text,
               total_count bigint)
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_caller rbac.members := rbac_private.caller(p_tenant_id);
  -- S4/R1: entries naming a hidden role the caller may not see are left out (as by the table's policy).
  v_unseen uuid[] := rbac_private.my_unseen_hidden_role_ids();
begin
  perform rbac_private.require_permission(v_caller.id, 'audit.view');
  if p_limit is null or p_limit not between 1 and 1000 or p_offset is null or p_offset < 0 then
    raise exception 'Page size must be between 1 and 1000 and the offset not negative.' using errcode = 'RB005';
  end if;
  if p_from is not null and p_to is not null and p_from > p_to then
    raise exception 'The start of the period is after its end.' using errcode = 'RB005';
  end if;
  return query
    select a.id, a.seq, a.at, a.actor_member_id, a.actor_name, a.action, a.target_type, a.target_id, a.target_name,
           a.before, a.after, a.reason, count(*) over ()
      from rbac.audit_log a
     where a.tenant_id = p_tenant_id
       and (p_actor_member_id is null or a.actor_member_id = p_actor_member_id)
       and (p_target_id is null or a.target_id = p_target_id)
       and (p_action is null or a.action = p_action or a.action like p_action || '.%')
       and (p_from is null or a.at >= p_from)
       and (p_to is null or a.at < p_to)
       and not a.hidden_role_ids && v_unseen
     order by a.seq desc
     limit p_limit offset p_offset;
end;
$$;
comment on function public.audit_log(uuid, uuid, text, text, timestamp with time zone, timestamp with time zone, integer, integer) is
  'Definer: reads the audit log with filters and a total; checks audit.view itself and leaves out entries naming a hidden role the caller may not see.';
grant execute on function public.audit_log(uuid, uuid, text, text, timestamptz, timestamptz, integer, integer) to authenticated;

-- L1: is the chain intact? If not, the first row that does not match and why.
create function public.verify_audit_chain(p_tenant_id uuid)
returns table (intact boolean, rows_checked bigint, first_broken_id bigint, first_broken_seq bigint, problem text,
               withheld_from_caller bigint, head_seq bigint, head_fingerprint text)
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_caller rbac.members := rbac_private.caller(p_tenant_id);
  v_break record;
  v_unseen uuid[] := rbac_private.my_unseen_hidden_role_ids();
begin
  perform rbac_private.require_permission(v_caller.id, 'audit.view');
  select * into v_break from rbac_private.audit_chain_break(p_tenant_id) limit 1;
  -- S4/R1: with the count, how many of the verified entries the caller's log
  -- leaves out (they name a hidden role), so the page can explain the gaps in
  -- seq; which entries those are stays hidden. One scan for both.
  select count(*), count(*) filter (where a.hidden_role_ids && v_unseen)
    into rows_checked, withheld_from_caller
    from rbac.audit_log a where a.tenant_id = p_tenant_id;
  intact := v_break is null;
  first_broken_id := v_break.id;
  first_broken_seq := v_break.seq;
  problem := v_break.problem;
  -- The anchor: a chain proves that no entry was changed or removed between
  -- its first and its last entry, not that the last entries are still there
  -- (nor that someone with the database's owner rights did not rewrite it
  -- all). The newest entry's hash, kept somewhere else by the auditor,
  -- settles both later (audit_fingerprint_matches).
  select h.last_seq, encode(h.last_hash, 'hex') into head_seq, head_fingerprint
    from rbac.audit_heads h where h.tenant_id = p_tenant_id and h.last_seq > 0;
  return next;
end;
$$;
comment on function public.verify_audit_chain(uuid) is
  'Definer: reads every row of the tenant''s chain, withheld ones included, and its head to check the hashes; checks audit.view and returns only the verdict and the newest entry''s fingerprint.';
grant execute on function public.verify_audit_chain(uuid) to authenticated;

-- L1: checks a fingerprint (an entry's number and hash, as verify_audit_chain
-- gave it) kept outside the database: true when entry #p_seq still has that
-- hash, false when it has another, null when there is no entry #p_seq any
-- more (the log was cut short). With an intact chain, a match proves every
-- entry up to that one is as it was when the fingerprint was taken.
create function public.audit_fingerprint_matches(p_tenant_id uuid, p_seq bigint, p_fingerprint text) returns boolean
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_caller rbac.members := rbac_private.caller(p_tenant_id);
  v_hash bytea;
begin
  perform rbac_private.require_permission(v_caller.id, 'audit.view');
  if p_seq is null or p_seq < 1 or p_fingerprint is null or p_fingerprint !~* '^[0-9a-f]{64}$' then
    raise exception 'Enter the entry number and its 64-character fingerprint as the audit log showed them.' using errcode = 'RB005';
  end if;
  select a.hash into v_hash from rbac.audit_log a where a.tenant_id = p_tenant_id and a.seq = p_seq;
  return case when v_hash is null then null else v_hash = decode(lower(p_fingerprint), 'hex') end;
end;
$$;
comment on function public.audit_fingerprint_matches(uuid, bigint, text) is
  'Definer: reads one entry''s hash, withheld entries included (a hash tells nothing about them); checks audit.view and returns only whether it matches.';
grant execute on function public.audit_fingerprint_matches(uuid, bigint, text) to authenticated;
