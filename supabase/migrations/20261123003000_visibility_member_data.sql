-- =============================================================================
-- Record visibility, member side (V1, V6): the AMS assignees of a tenant (the
-- people or books of its agency management system), which of them each
-- member works for, the tenant's sales territories and which of them each
-- member covers.
--
-- V1: a member with visibility 'assigned' sees the accounts of their
-- assignees only, and may work for several (the union of their books). An
-- assignee may be a member of the tenant (a producer's own book) or not (a
-- house account, a departed producer's book).
-- V6: territories are an attribute of the member that protected tables filter
-- on (a salesperson sees cylinders for sale in their territories only).
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Tables
-- -----------------------------------------------------------------------------

create table rbac.assignees (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 200),
  -- The assignee's code in the agency management system, when synced from it.
  external_key text check (external_key is null or length(external_key) between 1 and 200),
  -- The member this assignee is, when the AMS person works in the product too.
  member_id uuid,
  created_at timestamptz not null default now(),
  unique (tenant_id, id),
  foreign key (tenant_id, member_id) references rbac.members (tenant_id, id)
);
comment on table rbac.assignees is 'V1: the AMS assignees (producers, CSRs, books) of a tenant; accounts are assigned to them, members see the accounts of the assignees they work for.';
create unique index assignees_external_key on rbac.assignees (tenant_id, external_key) where external_key is not null;
create index assignees_member_idx on rbac.assignees (tenant_id, member_id);

create table rbac.member_assignees (
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  member_id uuid not null,
  assignee_id uuid not null,
  primary key (tenant_id, member_id, assignee_id),
  foreign key (tenant_id, member_id) references rbac.members (tenant_id, id) on delete cascade,
  foreign key (tenant_id, assignee_id) references rbac.assignees (tenant_id, id) on delete cascade
);
comment on table rbac.member_assignees is 'V1: the assignees whose accounts a member with Assigned Accounts Only visibility sees (several allowed: the union of their books).';
create index member_assignees_assignee_idx on rbac.member_assignees (tenant_id, assignee_id);
-- Policies look a caller's assignees up by member alone.
create index member_assignees_member_idx on rbac.member_assignees (member_id) include (assignee_id);

create table rbac.territories (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 200),
  created_at timestamptz not null default now(),
  unique (tenant_id, id)
);
comment on table rbac.territories is 'V6: the sales territories of a tenant; protected tables can limit what a member sees to rows in the territories they cover.';
create unique index territories_name_key on rbac.territories (tenant_id, lower(name));

create table rbac.member_territories (
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  member_id uuid not null,
  territory_id uuid not null,
  primary key (tenant_id, member_id, territory_id),
  foreign key (tenant_id, member_id) references rbac.members (tenant_id, id) on delete cascade,
  foreign key (tenant_id, territory_id) references rbac.territories (tenant_id, id) on delete cascade
);
comment on table rbac.member_territories is 'V6: the territories each member covers (RefriTrak: a parent-org administrator assigns them to sales representatives).';
create index member_territories_territory_idx on rbac.member_territories (tenant_id, territory_id);
create index member_territories_member_idx on rbac.member_territories (member_id) include (territory_id);

alter table rbac.assignees enable row level security;
alter table rbac.member_assignees enable row level security;
alter table rbac.territories enable row level security;
alter table rbac.member_territories enable row level security;

grant select on rbac.assignees, rbac.member_assignees, rbac.territories, rbac.member_territories to authenticated;

-- -----------------------------------------------------------------------------
-- Policies
-- -----------------------------------------------------------------------------

-- The names of the tenant's assignees and territories are shown next to its
-- records (an account's producer) and in the member form, like its groups.
create policy "Members can view their tenant's assignees" on rbac.assignees
  for select to authenticated
  using (tenant_id = any ((select rbac_private.my_tenant_ids())::uuid[]));

create policy "Members can view assignees of members they can see" on rbac.member_assignees
  for select to authenticated
  using (member_id in (select rbac_private.my_visible_member_ids()));

create policy "Members can view their tenant's territories" on rbac.territories
  for select to authenticated
  using (tenant_id = any ((select rbac_private.my_tenant_ids())::uuid[]));

create policy "Members can view territories of members they can see" on rbac.member_territories
  for select to authenticated
  using (member_id in (select rbac_private.my_visible_member_ids()));

-- -----------------------------------------------------------------------------
-- Helpers
-- -----------------------------------------------------------------------------

-- The caller's member id in one tenant, or null (used to name the actor of a
-- change made inside another function).
create function rbac_private.my_member_in(p_tenant_id uuid) returns uuid
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select m.id from rbac.members m
   where m.tenant_id = p_tenant_id and m.user_id = rbac_private.current_user_id() and m.status = 'active'
     and rbac_private.in_request_tenant(m.tenant_id)
$$;
comment on function rbac_private.my_member_in(uuid) is 'Definer: reads rbac.members for the caller only.';
grant execute on function rbac_private.my_member_in(uuid) to authenticated;

-- Ids of one tenant named in a list, or a refusal naming what is missing.
create function rbac_private.assert_ids_in_tenant(p_table text, p_tenant_id uuid, p_ids uuid[], p_what text) returns void
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_missing integer;
begin
  execute format('select count(*) from unnest($1) x where not exists (select 1 from rbac.%I t where t.tenant_id = $2 and t.id = x)',
                 p_table)
    into v_missing using coalesce(p_ids, '{}'::uuid[]), p_tenant_id;
  if v_missing > 0 then
    raise exception 'An % in the list does not exist in this organization.', p_what using errcode = 'RB004';
  end if;
end;
$$;
comment on function rbac_private.assert_ids_in_tenant(text, uuid, uuid[], text) is 'Definer: checks ids in rbac tables the caller may not see; p_table is one of our own table names, never user input.';

-- V1/U1/U5: gives a member their account visibility and AMS assignees.
-- Replaces the lifecycle's first version (which kept visibility only): null
-- assignees keep the current list, an array replaces it. Invitations, join
-- request approval and member edits all come through here; a change to the
-- list is audited on its own, the visibility with the member.
create or replace function rbac_private.apply_member_visibility(p_member_id uuid, p_visibility rbac.visibility, p_assignee_ids uuid[])
returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_member rbac.members;
  v_before jsonb;
  v_after jsonb;
begin
  update rbac.members set visibility = coalesce(p_visibility, visibility) where id = p_member_id
  returning * into v_member;
  if p_assignee_ids is null or v_member.id is null then
    return;
  end if;
  perform rbac_private.assert_ids_in_tenant('assignees', v_member.tenant_id, p_assignee_ids, 'AMS assignee');
  select coalesce(jsonb_agg(assignee_id order by assignee_id), '[]') into v_before
    from rbac.member_assignees where tenant_id = v_member.tenant_id and member_id = p_member_id;
  delete from rbac.member_assignees
   where tenant_id = v_member.tenant_id and member_id = p_member_id and not assignee_id = any (p_assignee_ids);
  insert into rbac.member_assignees (tenant_id, member_id, assignee_id)
  select distinct v_member.tenant_id, p_member_id, a from unnest(p_assignee_ids) a
  on conflict do nothing;
  select coalesce(jsonb_agg(assignee_id order by assignee_id), '[]') into v_after
    from rbac.member_assignees where tenant_id = v_member.tenant_id and member_id = p_member_id;
  if v_before is distinct from v_after then
    perform rbac_private.audit(v_member.tenant_id, rbac_private.my_member_in(v_member.tenant_id), 'member.set_assignees',
                               'member', p_member_id::text, v_member.display_name,
                               jsonb_build_object('assignee_ids', v_before), jsonb_build_object('assignee_ids', v_after));
  end if;
end;
$$;
comment on function rbac_private.apply_member_visibility(uuid, rbac.visibility, uuid[]) is
  'Definer: writes rbac.members and rbac.member_assignees; callers check the editor''s rights first.';

-- The caller's guard for tenant-level visibility settings (assignees, territories).
create function rbac_private.visibility_editor(p_tenant_id uuid) returns rbac.members
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_caller rbac.members;
begin
  v_caller := rbac_private.begin_change(p_tenant_id, 'users.edit');
  perform rbac_private.assert_tenant_wide(v_caller.id);
  return v_caller;
end;
$$;
comment on function rbac_private.visibility_editor(uuid) is 'Definer: locks the tenant and checks the caller.';

-- Whether p_ids names an assignee or territory (p_link: member_assignees or
-- member_territories, p_column its id column) that neither the member had
-- nor the giver has: what a change would give beyond the giver's own.
-- p_link and p_column are our own names, never user input.
create function rbac_private.gives_beyond(p_link text, p_column text, p_tenant_id uuid, p_member_id uuid, p_giver_id uuid, p_ids uuid[])
returns boolean
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_beyond boolean;
begin
  execute format('select exists (select 1 from unnest($1) a(id)
                                  where not exists (select 1 from rbac.%I l
                                                     where l.tenant_id = $2 and l.member_id in ($3, $4) and l.%I = a.id))',
                 p_link, p_column)
    into v_beyond using coalesce(p_ids, '{}'::uuid[]), p_tenant_id, p_member_id, p_giver_id;
  return v_beyond;
end;
$$;
comment on function rbac_private.gives_beyond(text, text, uuid, uuid, uuid, uuid[]) is
  'Definer: reads the assignee and territory links of two members of one tenant.';

-- Why p_member sees records p_caller does not (V1, V4, P3), or null. For the
-- features that let the caller read as the member: view-as (A7) and SQL
-- logins (X3, the caller gets the password). A caller who sees all accounts
-- is never short; one on Assigned Accounts Only only reads as members whose
-- books are among theirs: not someone with All Accounts, nor one working for
-- another assignee, nor a private user or a holder of an own- or team-scoped
-- grant (they see the records they own or their team has, assigned to
-- anyone). Conservative by design: it compares what each may see, not the
-- rows there are today.
create function rbac_private.visibility_beyond(p_caller_id uuid, p_member_id uuid) returns text
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_caller rbac.members;
  v_member rbac.members;
begin
  select * into v_caller from rbac.members where id = p_caller_id;
  select * into v_member from rbac.members where id = p_member_id;
  if v_caller.visibility = 'all' then
    return null;
  elsif v_member.visibility = 'all' and v_member.user_type <> 'private_user' then
    return 'they see all accounts, and you see only assigned ones';
  elsif v_member.user_type = 'private_user'
        or exists (select 1 from rbac_private.member_grants(p_member_id) g where g.scope in ('own', 'team')) then
    return 'they see records they own or their team has, and you see only assigned accounts';
  elsif rbac_private.gives_beyond('member_assignees', 'assignee_id', v_member.tenant_id, null, p_caller_id,
                                  array(select ma.assignee_id from rbac.member_assignees ma
                                         where ma.tenant_id = v_member.tenant_id and ma.member_id = p_member_id)) then
    return 'they work for AMS assignees whose accounts you do not see';
  end if;
  return null;
end;
$$;
comment on function rbac_private.visibility_beyond(uuid, uuid) is 'Definer: compares two members'' account visibility and assignees.';

-- A4 for account visibility (V1): nobody gives wider visibility than they
-- have. A giver on Assigned Accounts Only cannot give All Accounts, nor the
-- books of AMS assignees they do not work for; otherwise inviting a second
-- login of their own would read past their limit. p_member_id: the member
-- being edited (only what the change adds is checked), null for someone new
-- (an invitation, a join request being approved). Called by invite_member,
-- the invitation's re-check at accept, approve_join_request and update_member.
create function rbac_private.assert_may_give_visibility(p_giver_id uuid, p_member_id uuid, p_visibility rbac.visibility, p_assignee_ids uuid[])
returns void
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_giver rbac.members;
  v_member rbac.members;
  -- A private user's stored visibility and assignees open nothing (V4): when
  -- one stops being a private user they start to count, so nothing the
  -- member holds counts as already theirs.
  v_had_all boolean;
begin
  select * into v_giver from rbac.members where id = p_giver_id;
  if v_giver.visibility = 'all' then
    return;
  end if;
  select * into v_member from rbac.members where id = p_member_id;
  v_had_all := v_member.visibility = 'all' and v_member.user_type <> 'private_user';
  if coalesce(p_visibility, v_member.visibility, 'all') = 'all' and not coalesce(v_had_all, false) then
    raise exception 'You cannot give All Accounts: you see only the accounts of your AMS assignees. Choose Assigned Accounts Only.'
      using errcode = 'RB010', detail = 'visibility:all';
  end if;
  -- A member who sees all accounts loses nothing to a list of assignees.
  if not coalesce(v_had_all, false)
     and rbac_private.gives_beyond('member_assignees', 'assignee_id', v_giver.tenant_id,
                                   case when v_member.user_type <> 'private_user' then p_member_id end, p_giver_id, p_assignee_ids) then
    raise exception 'You cannot give the accounts of an AMS assignee you do not work for.'
      using errcode = 'RB010', detail = 'assignees';
  end if;
end;
$$;
comment on function rbac_private.assert_may_give_visibility(uuid, uuid, rbac.visibility, uuid[]) is
  'Definer: compares a giver''s account visibility and assignees with what a change gives.';

-- A4 for territories (V6): a territory opens rows to a member through
-- territory filter grants (FOR_SALE cylinders in their territories). A giver
-- gives one they do not cover only if they see all those rows anyway: they
-- hold, with scope all, the full view of every registered table with a
-- territory filter that their tenant's catalog defines. Only territories the
-- change adds are checked. The registrations are defined with protect_table
-- (20261123003200_…).
create function rbac_private.assert_may_give_territories(p_giver_id uuid, p_member_id uuid, p_territory_ids uuid[]) returns void
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_giver rbac.members;
  v_missing text;
begin
  select * into v_giver from rbac.members where id = p_giver_id;
  if not rbac_private.gives_beyond('member_territories', 'territory_id', v_giver.tenant_id, p_member_id, p_giver_id, p_territory_ids) then
    return;
  end if;
  select v.permission into v_missing
    from rbac.protected_tables p
    cross join lateral (select rbac_private.protected_permission(p, 'view') as permission) v
   where exists (select 1 from jsonb_array_elements(p.filters) g, jsonb_array_elements(g -> 'conditions') c
                  where c -> 'in_member_territories' = 'true'::jsonb)
     and exists (select 1 from rbac.permissions k where k.tenant_id = v_giver.tenant_id and k.key = v.permission)
     and rbac_private.member_scope(p_giver_id, v.permission) is distinct from 'all'
   order by v.permission
   limit 1;
  if v_missing is not null then
    raise exception 'You cannot give a territory you do not cover yourself: it opens records of %, which you do not see in full.', v_missing
      using errcode = 'RB010', detail = v_missing;
  end if;
end;
$$;
comment on function rbac_private.assert_may_give_territories(uuid, uuid, uuid[]) is
  'Definer: compares the territories a change gives with the giver''s own territories and views.';

-- -----------------------------------------------------------------------------
-- Public functions
-- -----------------------------------------------------------------------------

-- V1: an AMS assignee (usually synced from the AMS by the vendor with
-- service_role; company administrators may add one by hand).
create function public.create_assignee(p_tenant_id uuid, p_name text, p_external_key text default null,
                                       p_member_id uuid default null) returns uuid
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_caller rbac.members := rbac_private.visibility_editor(p_tenant_id);
  v_id uuid;
begin
  if p_member_id is not null then
    perform rbac_private.assert_ids_in_tenant('members', p_tenant_id, array[p_member_id], 'member');
  end if;
  insert into rbac.assignees (tenant_id, name, external_key, member_id)
  values (p_tenant_id, rbac_private.clean_name(p_name, 'assignee name'), nullif(btrim(p_external_key), ''), p_member_id)
  returning id into v_id;
  perform rbac_private.audit(p_tenant_id, v_caller.id, 'assignee.create', 'assignee', v_id::text, btrim(p_name), null,
                             jsonb_build_object('external_key', p_external_key, 'member_id', p_member_id));
  return v_id;
exception
  when unique_violation then
    raise exception 'An AMS assignee with the key % already exists.', p_external_key using errcode = 'RB006';
end;
$$;
comment on function public.create_assignee(uuid, text, text, uuid) is
  'Definer: writes rbac.assignees; checks tenant-wide users.edit itself (visibility_editor).';
grant execute on function public.create_assignee(uuid, text, text, uuid) to authenticated;

-- V6: a sales territory. Tenant-wide holders of territories.assign.
create function public.create_territory(p_tenant_id uuid, p_name text) returns uuid
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_caller rbac.members := rbac_private.begin_change(p_tenant_id, 'territories.assign');
  v_id uuid;
begin
  perform rbac_private.assert_tenant_wide(v_caller.id);
  insert into rbac.territories (tenant_id, name)
  values (p_tenant_id, rbac_private.clean_name(p_name, 'territory name'))
  returning id into v_id;
  perform rbac_private.audit(p_tenant_id, v_caller.id, 'territory.create', 'territory', v_id::text, btrim(p_name));
  return v_id;
exception
  when unique_violation then
    raise exception 'A territory named % already exists.', btrim(p_name) using errcode = 'RB006';
end;
$$;
comment on function public.create_territory(uuid, text) is
  'Definer: writes rbac.territories; checks tenant-wide territories.assign itself.';
grant execute on function public.create_territory(uuid, text) to authenticated;

-- V1/V6: renaming an AMS assignee or a territory changes only what people
-- read; the books and filters go by id. Same callers as creating one.
create function public.rename_assignee(p_assignee_id uuid, p_name text) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_before rbac.assignees;
  v_caller rbac.members;
begin
  select * into v_before from rbac.assignees where id = p_assignee_id and tenant_id = any (rbac_private.my_tenant_ids());
  if v_before.id is null then
    raise exception 'This AMS assignee does not exist in your organization.' using errcode = 'RB004';
  end if;
  v_caller := rbac_private.visibility_editor(v_before.tenant_id);
  update rbac.assignees set name = rbac_private.clean_name(p_name, 'assignee name') where id = p_assignee_id;
  perform rbac_private.audit(v_before.tenant_id, v_caller.id, 'assignee.rename', 'assignee', p_assignee_id::text, btrim(p_name),
                             jsonb_build_object('name', v_before.name), jsonb_build_object('name', btrim(p_name)));
end;
$$;
comment on function public.rename_assignee(uuid, text) is
  'Definer: writes rbac.assignees; checks tenant-wide users.edit itself (visibility_editor).';
grant execute on function public.rename_assignee(uuid, text) to authenticated;

create function public.rename_territory(p_territory_id uuid, p_name text) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_before rbac.territories;
  v_caller rbac.members;
begin
  select * into v_before from rbac.territories where id = p_territory_id and tenant_id = any (rbac_private.my_tenant_ids());
  if v_before.id is null then
    raise exception 'This territory does not exist in your organization.' using errcode = 'RB004';
  end if;
  v_caller := rbac_private.begin_change(v_before.tenant_id, 'territories.assign');
  perform rbac_private.assert_tenant_wide(v_caller.id);
  update rbac.territories set name = rbac_private.clean_name(p_name, 'territory name') where id = p_territory_id;
  perform rbac_private.audit(v_before.tenant_id, v_caller.id, 'territory.rename', 'territory', p_territory_id::text, btrim(p_name),
                             jsonb_build_object('name', v_before.name), jsonb_build_object('name', btrim(p_name)));
exception
  when unique_violation then
    raise exception 'A territory named % already exists.', btrim(p_name) using errcode = 'RB006';
end;
$$;
comment on function public.rename_territory(uuid, text) is
  'Definer: writes rbac.territories; checks tenant-wide territories.assign itself.';
grant execute on function public.rename_territory(uuid, text) to authenticated;

-- V6: the territories a member covers, replaced by this list. Holders of
-- territories.assign, for someone else inside their scope (A4), giving only
-- what they may give (assert_may_give_territories).
create function public.set_member_territories(p_member_id uuid, p_territory_ids uuid[], p_reason text default null) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_member rbac.members := rbac_private.tenant_member(p_member_id);
  v_caller rbac.members;
  v_before jsonb;
  v_after jsonb;
begin
  if p_territory_ids is null then
    raise exception 'The list of territories is missing.' using errcode = 'RB005';
  end if;
  v_caller := rbac_private.begin_change(v_member.tenant_id, 'territories.assign');
  perform rbac_private.assert_may_manage_member(v_caller.id, p_member_id);
  perform rbac_private.assert_ids_in_tenant('territories', v_member.tenant_id, p_territory_ids, 'territory');
  perform rbac_private.assert_may_give_territories(v_caller.id, p_member_id, p_territory_ids);
  select coalesce(jsonb_agg(territory_id order by territory_id), '[]') into v_before
    from rbac.member_territories where tenant_id = v_member.tenant_id and member_id = p_member_id;
  delete from rbac.member_territories
   where tenant_id = v_member.tenant_id and member_id = p_member_id and not territory_id = any (p_territory_ids);
  insert into rbac.member_territories (tenant_id, member_id, territory_id)
  select distinct v_member.tenant_id, p_member_id, t from unnest(p_territory_ids) t
  on conflict do nothing;
  select coalesce(jsonb_agg(territory_id order by territory_id), '[]') into v_after
    from rbac.member_territories where tenant_id = v_member.tenant_id and member_id = p_member_id;
  perform rbac_private.audit(v_member.tenant_id, v_caller.id, 'member.set_territories', 'member', p_member_id::text,
                             v_member.display_name, jsonb_build_object('territory_ids', v_before),
                             jsonb_build_object('territory_ids', v_after), p_reason => p_reason);
end;
$$;
comment on function public.set_member_territories(uuid, uuid[], text) is
  'Definer: writes rbac.member_territories; checks territories.assign, A3/A4 and territory delegation itself.';
grant execute on function public.set_member_territories(uuid, uuid[], text) to authenticated;
