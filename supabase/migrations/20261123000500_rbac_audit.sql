-- =============================================================================
-- Audit log (L1): one row per change, written in the same transaction as the
-- change by rbac_private.audit(). Append-only for everyone (no update, delete
-- or truncate: revoked, and refused by triggers for the owner too) and
-- tamper-evident: each row's hash covers its content and the previous row's
-- hash in the same tenant; rbac_private.audit_chain_break finds the first row
-- that does not match.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Tables
-- -----------------------------------------------------------------------------

create table rbac.audit_log (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  -- Position in the tenant's chain, 1, 2, 3, … without gaps.
  seq bigint not null,
  at timestamptz not null default clock_timestamp(),
  actor_member_id uuid,
  actor_user_id uuid,
  -- Kept as text so history shows the name after the member is deleted (U7).
  actor_name text not null default '',
  action text not null check (action ~ '^[a-z_]+\.[a-z_]+$'),
  target_type text not null,
  target_id text,
  target_name text,
  before jsonb,
  after jsonb,
  reason text check (reason is null or length(reason) <= 2000),
  -- S4/R1: the hidden roles (Super Administrator) this entry names, by id,
  -- found when it is written.
  -- Readers who may not see one of them do not see the entry.
  hidden_role_ids uuid[] not null default '{}',
  prev_hash bytea,
  hash bytea not null,
  unique (tenant_id, seq)
);
comment on table rbac.audit_log is 'L1: append-only, hash-chained record of every change made through the product''s functions.';
create index audit_log_tenant_at_idx on rbac.audit_log (tenant_id, at desc);
create index audit_log_tenant_actor_idx on rbac.audit_log (tenant_id, actor_member_id);
create index audit_log_tenant_target_idx on rbac.audit_log (tenant_id, target_id);
create index audit_log_tenant_action_idx on rbac.audit_log (tenant_id, action);

create table rbac.audit_heads (
  tenant_id uuid primary key references rbac.tenants (id) on delete cascade,
  last_seq bigint not null,
  last_hash bytea not null
);
comment on table rbac.audit_heads is 'L1: the head of each tenant''s chain; its row lock orders concurrent writers.';

alter table rbac.audit_log enable row level security;
alter table rbac.audit_heads enable row level security;

revoke all on rbac.audit_log from public, anon, authenticated, service_role;
revoke all on rbac.audit_heads from public, anon, authenticated, service_role;

-- -----------------------------------------------------------------------------
-- Triggers: append-only, for the owner as well.
-- -----------------------------------------------------------------------------

create function rbac_private.audit_log_is_append_only() returns trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
begin
  -- Deleting a whole tenant (cascade from rbac.tenants) is the one exception.
  if tg_op = 'DELETE' and not exists (select 1 from rbac.tenants where id = old.tenant_id) then
    return old;
  end if;
  raise exception 'The audit log is append-only: rows cannot be changed or removed.' using errcode = 'RB020';
end;
$$;

create trigger audit_log_no_update before update on rbac.audit_log
  for each row execute function rbac_private.audit_log_is_append_only();
create trigger audit_log_no_delete before delete on rbac.audit_log
  for each row execute function rbac_private.audit_log_is_append_only();
create trigger audit_log_no_truncate before truncate on rbac.audit_log
  for each statement execute function rbac_private.audit_log_is_append_only();

-- -----------------------------------------------------------------------------
-- Helpers
-- -----------------------------------------------------------------------------

-- The hash of one row given the previous hash. Timestamps enter as epoch
-- microseconds so the result does not depend on the session's TimeZone.
-- Every column a reader's view of the entry depends on is covered, the hidden
-- role ids too: adding one to an entry would withhold it from the tenant's
-- own auditors (S4), which must not be possible without breaking the chain.
create function rbac_private.audit_hash(
  p_prev_hash bytea, p_tenant_id uuid, p_seq bigint, p_at timestamptz, p_actor_member_id uuid,
  p_actor_user_id uuid, p_actor_name text, p_action text, p_target_type text, p_target_id text,
  p_target_name text, p_before jsonb, p_after jsonb, p_reason text, p_hidden_role_ids uuid[]
) returns bytea
language sql
immutable
set search_path = pg_catalog, pg_temp
as $$
  select sha256(
    coalesce(p_prev_hash, '\x'::bytea) || convert_to(jsonb_build_array(
      p_tenant_id, p_seq, (extract(epoch from p_at) * 1000000)::bigint, p_actor_member_id, p_actor_user_id,
      p_actor_name, p_action, p_target_type, p_target_id, p_target_name, p_before, p_after, p_reason,
      to_jsonb(p_hidden_role_ids)
    )::text, 'UTF8')
  )
$$;

-- Appends one row to the tenant's chain. Callers are the product's functions,
-- inside the transaction of the change they record.
create function rbac_private.audit(
  p_tenant_id uuid,
  p_actor_member_id uuid,
  p_action text,
  p_target_type text,
  p_target_id text,
  p_target_name text,
  p_before jsonb default null,
  p_after jsonb default null,
  p_reason text default null
) returns bigint
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_seq bigint;
  v_prev bytea;
  v_at timestamptz := clock_timestamp();
  v_actor_user uuid;
  v_actor_name text := '';
  v_id bigint;
  v_hidden_role_ids uuid[];
begin
  -- Every change's reason passes here: one sentence for all of them (the
  -- table's check would answer 23514), and the change it explains is undone.
  if length(p_reason) > 2000 then
    raise exception 'A reason can be at most 2000 characters long.' using errcode = 'RB005';
  end if;
  if p_actor_member_id is not null then
    select m.user_id, m.display_name into v_actor_user, v_actor_name from rbac.members m where m.id = p_actor_member_id;
  else
    v_actor_user := auth.uid();
    v_actor_name := coalesce(auth.email(), 'system');
  end if;

  -- S4/R1: which hidden roles the entry names, by id, where the product
  -- writes role ids: the target, `role_id`, `role_ids` and `roles` at any
  -- depth (member snapshots, invitations, approvals, assignments), and lists of ids
  -- (assignable-role lists). Never by name, nor anywhere in free text: both
  -- are chosen by the actor, and calling a member "Super Administrator", or
  -- writing the hidden role's id into a description, hid the change from the
  -- tenant's own auditors. Looked at only in tenants that have a hidden role.
  v_hidden_role_ids := '{}';
  if exists (select 1 from rbac.roles r where r.tenant_id = p_tenant_id and r.hidden) then
    select coalesce(array_agg(r.id order by r.id), '{}') into v_hidden_role_ids
      from rbac.roles r
     where r.tenant_id = p_tenant_id and r.hidden
       and r.id::text in (
         select p_target_id
         union all
         select v #>> '{}' from unnest(array[p_before, p_after]) d(doc)
                cross join lateral jsonb_path_query(d.doc, 'lax $.**.role_id') v
         union all
         select v #>> '{}' from unnest(array[p_before, p_after]) d(doc)
                cross join lateral jsonb_path_query(d.doc, 'lax $.**.role_ids[*]') v
         union all
         -- invitations and join-request approvals list the roles they give under "roles"
         select v #>> '{}' from unnest(array[p_before, p_after]) d(doc)
                cross join lateral jsonb_path_query(d.doc, 'lax $.**.roles[*]') v
         union all
         select e from unnest(array[p_before, p_after]) d(doc)
                cross join lateral jsonb_array_elements_text(case when jsonb_typeof(d.doc) = 'array' then d.doc else '[]'::jsonb end) e);
  end if;

  insert into rbac.audit_heads (tenant_id, last_seq, last_hash) values (p_tenant_id, 0, '\x')
  on conflict (tenant_id) do nothing;
  select last_seq + 1, nullif(last_hash, '\x') into v_seq, v_prev
    from rbac.audit_heads where tenant_id = p_tenant_id for update;

  insert into rbac.audit_log (tenant_id, seq, at, actor_member_id, actor_user_id, actor_name, action,
                              target_type, target_id, target_name, before, after, reason, hidden_role_ids, prev_hash, hash)
  values (p_tenant_id, v_seq, v_at, p_actor_member_id, v_actor_user, coalesce(v_actor_name, ''), p_action,
          p_target_type, p_target_id, p_target_name, p_before, p_after, p_reason, v_hidden_role_ids, v_prev,
          rbac_private.audit_hash(v_prev, p_tenant_id, v_seq, v_at, p_actor_member_id, v_actor_user,
                                  coalesce(v_actor_name, ''), p_action, p_target_type, p_target_id,
                                  p_target_name, p_before, p_after, p_reason, v_hidden_role_ids))
  returning id into v_id;

  update rbac.audit_heads
     set last_seq = v_seq,
         last_hash = (select hash from rbac.audit_log where id = v_id)
   where tenant_id = p_tenant_id;
  return v_id;
end;
$$;
comment on function rbac_private.audit(uuid, uuid, text, text, text, text, jsonb, jsonb, text) is
  'Definer: the only writer of rbac.audit_log and rbac.audit_heads.';

-- The first row of a tenant's chain whose hash, link or position does not
-- match, or no row when the chain is intact.
create function rbac_private.audit_chain_break(p_tenant_id uuid)
returns table (id bigint, seq bigint, problem text)
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  r rbac.audit_log;
  v_prev bytea;
  v_expected_seq bigint := 1;
begin
  for r in select * from rbac.audit_log a where a.tenant_id = p_tenant_id order by a.seq loop
    if r.seq <> v_expected_seq then
      id := r.id; seq := r.seq; problem := format('row %s is missing from the chain', v_expected_seq);
      return next; return;
    end if;
    if r.prev_hash is distinct from v_prev then
      id := r.id; seq := r.seq; problem := 'the link to the previous row does not match';
      return next; return;
    end if;
    if r.hash <> rbac_private.audit_hash(r.prev_hash, r.tenant_id, r.seq, r.at, r.actor_member_id, r.actor_user_id,
                                         r.actor_name, r.action, r.target_type, r.target_id, r.target_name,
                                         r.before, r.after, r.reason, r.hidden_role_ids) then
      id := r.id; seq := r.seq; problem := 'the row''s content does not match its hash';
      return next; return;
    end if;
    v_prev := r.hash;
    v_expected_seq := v_expected_seq + 1;
  end loop;
  if exists (select 1 from rbac.audit_heads h where h.tenant_id = p_tenant_id and h.last_seq <> v_expected_seq - 1) then
    id := null; seq := v_expected_seq; problem := 'rows at the end of the chain are missing';
    return next;
  end if;
end;
$$;
comment on function rbac_private.audit_chain_break(uuid) is 'Definer: reads every row of a tenant''s chain, hidden columns included.';
