-- =============================================================================
-- Demo business schema, manuals with a trash (seed 003; P1 sub-sections):
-- deleting a manual moves it to the trash (deleted_at), where only
-- manuals.trash.view shows it, manuals.trash.restore brings it back and
-- manuals.trash.delete removes it for good.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Tables
-- -----------------------------------------------------------------------------

create table public.manuals (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  org_id uuid not null,
  title text not null check (length(btrim(title)) between 1 and 300),
  body text not null default '' check (length(body) <= 100000),
  -- V4: the author (private users see only their own manuals).
  created_by uuid,
  created_at timestamptz not null default now(),
  -- In the trash since; null while live.
  deleted_at timestamptz,
  deleted_by uuid,
  -- Foreign keys list the column the index leads with first.
  foreign key (org_id, tenant_id) references rbac.orgs (id, tenant_id),
  foreign key (created_by, tenant_id) references rbac.members (id, tenant_id),
  foreign key (tenant_id, deleted_by) references rbac.members (tenant_id, id)
);
comment on table public.manuals is 'Demo (S4): equipment manuals with a trash; restoring needs manuals.trash.restore.';
create index manuals_org_idx on public.manuals (org_id, tenant_id);
create index manuals_created_by_idx on public.manuals (created_by, tenant_id);
create index manuals_deleted_by_idx on public.manuals (tenant_id, deleted_by);
create index manuals_tenant_title_idx on public.manuals (tenant_id, title);

-- -----------------------------------------------------------------------------
-- Triggers: who moved a manual to the trash is recorded, not claimed.
-- -----------------------------------------------------------------------------

create function rbac_private.stamp_manual_deletion() returns trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
begin
  if new.deleted_at is null then
    new.deleted_by := null;
  elsif old.deleted_at is null then
    new.deleted_by := rbac_private.my_member_in(new.tenant_id);
  end if;
  return new;
end;
$$;

create trigger manuals_stamp_deletion before update of deleted_at on public.manuals
  for each row execute function rbac_private.stamp_manual_deletion();

-- -----------------------------------------------------------------------------
-- Policies (V7)
-- -----------------------------------------------------------------------------

select public.protect_table('public.manuals', 'manuals', p_org_column => 'org_id', p_owner_column => 'created_by',
                            p_trash_column => 'deleted_at');

-- -----------------------------------------------------------------------------
-- Public functions
-- -----------------------------------------------------------------------------

-- S4: a manual goes to the trash (manuals.delete) and comes back
-- (manuals.trash.restore). Invoker: the table's policies and its trash guard
-- decide, as for any update; these only name the step and turn "no row" and
-- refusals into our codes.
create function public.trash_manual(p_manual_id uuid) returns void
language plpgsql
security invoker
set search_path = pg_catalog, pg_temp
as $$
begin
  update public.manuals set deleted_at = now() where id = p_manual_id and deleted_at is null;
  if not found then
    raise exception 'This manual does not exist, is in the trash already, or you cannot see it.' using errcode = 'RB004';
  end if;
exception
  when insufficient_privilege then
    raise exception 'You may not move this manual to the trash.' using errcode = 'RB003';
end;
$$;
comment on function public.trash_manual(uuid) is 'Invoker: updates public.manuals under its policies and trash guard (V7).';
grant execute on function public.trash_manual(uuid) to authenticated;

create function public.restore_manual(p_manual_id uuid) returns void
language plpgsql
security invoker
set search_path = pg_catalog, pg_temp
as $$
begin
  update public.manuals set deleted_at = null where id = p_manual_id and deleted_at is not null;
  if not found then
    raise exception 'This manual is not in the trash, or you cannot see it there.' using errcode = 'RB004';
  end if;
exception
  when insufficient_privilege then
    raise exception 'You may not restore this manual.' using errcode = 'RB003';
end;
$$;
comment on function public.restore_manual(uuid) is 'Invoker: updates public.manuals under its policies and trash guard (V7).';
grant execute on function public.restore_manual(uuid) to authenticated;
