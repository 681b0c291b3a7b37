-- =============================================================================
-- Member lifecycle (U3–U7): enable RBAC for an existing tenant, edit a member,
-- deactivate with reassignment of open work, reactivate, delete. The last
-- administrator rule (A5) holds through all of them.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Helpers
-- -----------------------------------------------------------------------------

-- U6: declares a table that holds work assigned to members. Vendors call it
-- from a migration (service_role or the owner), once per table.
create function rbac_private.register_work_items(p_table regclass, p_member_column text, p_label text,
                                                 p_status_column text default null, p_open_values text[] default null)
returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if not exists (select 1 from pg_attribute where attrelid = p_table and attname = p_member_column and not attisdropped) then
    raise exception 'Table % has no column %.', p_table, p_member_column using errcode = 'RB005';
  end if;
  if p_status_column is not null
     and not exists (select 1 from pg_attribute where attrelid = p_table and attname = p_status_column and not attisdropped) then
    raise exception 'Table % has no column %.', p_table, p_status_column using errcode = 'RB005';
  end if;
  insert into rbac.work_item_sources (table_name, member_column, status_column, open_values, label)
  values (p_table, p_member_column, p_status_column, p_open_values, p_label)
  on conflict (table_name) do update
     set member_column = excluded.member_column, status_column = excluded.status_column,
         open_values = excluded.open_values, label = excluded.label;
end;
$$;
comment on function rbac_private.register_work_items(regclass, text, text, text, text[]) is
  'Definer: writes rbac.work_item_sources; vendors call it from a migration.';

-- The SQL condition selecting a member's open items in one registered table.
create function rbac_private.open_items_condition(p_source rbac.work_item_sources) returns text
language sql
immutable
set search_path = pg_catalog, pg_temp
as $$
  select format('%I = $1', p_source.member_column)
         || case when p_source.status_column is null then ''
                 else format(' and %I::text = any ($2)', p_source.status_column) end
$$;

-- U6: open items per registered table.
create function rbac_private.open_work_items(p_member_id uuid)
returns table (label text, table_name text, open_items bigint)
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_source rbac.work_item_sources;
  v_count bigint;
begin
  for v_source in select * from rbac.work_item_sources order by label loop
    execute format('select count(*) from %s where %s', v_source.table_name, rbac_private.open_items_condition(v_source))
      into v_count using p_member_id, v_source.open_values;
    if v_count > 0 then
      label := v_source.label; table_name := v_source.table_name::text; open_items := v_count;
      return next;
    end if;
  end loop;
end;
$$;
comment on function rbac_private.open_work_items(uuid) is
  'Definer: counts a member''s open items in registered tables the caller may not see in full.';

-- U6: hands every open item of one member to another.
create function rbac_private.reassign_work_items(p_from uuid, p_to uuid) returns bigint
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_source rbac.work_item_sources;
  v_rows bigint;
  v_total bigint := 0;
begin
  for v_source in select * from rbac.work_item_sources loop
    execute format('update %s set %I = $3 where %s', v_source.table_name, v_source.member_column,
                   rbac_private.open_items_condition(v_source))
      using p_from, v_source.open_values, p_to;
    get diagnostics v_rows = row_count;
    v_total := v_total + v_rows;
  end loop;
  return v_total;
end;
$$;
comment on function rbac_private.reassign_work_items(uuid, uuid) is
  'Definer: writes the registered work tables to hand over a member''s open items; not executable by authenticated.';

-- A4 for edits that can widen rights without a role change (moving a member
-- out from under a company ceiling, say): everything the member would gain
-- must be something the editor holds.
create function rbac_private.assert_gain_within(p_giver_id uuid, p_member_id uuid, p_before_keys text) returns void
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_gained text;
begin
  select k into v_gained
    from unnest(string_to_array(trim(both ',' from rbac_private.member_permission_keys(p_member_id)), ',')) k
   where k <> '' and strpos(p_before_keys, ',' || k || ',') = 0
     and coalesce(rbac_private.member_scope(p_giver_id, split_part(k, ':', 1)) < split_part(k, ':', 2)::rbac.scope, true)
   limit 1;
  if v_gained is not null then
    raise exception 'This change would give the member %, which you do not have.', split_part(v_gained, ':', 1)
      using errcode = 'RB010', detail = v_gained;
  end if;
end;
$$;
comment on function rbac_private.assert_gain_within(uuid, uuid, text) is
  'Definer: reads both members'' rights for the A4 guard of edits; not executable by authenticated.';

create function rbac_private.member_snapshot(p_member_id uuid) returns jsonb
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select to_jsonb(m) - 'tenant_id' || jsonb_build_object(
           'roles', coalesce((select jsonb_agg(r.name order by r.name) from rbac.member_roles mr
                                join rbac.roles r on r.id = mr.role_id
                               where mr.tenant_id = m.tenant_id and mr.member_id = m.id), '[]'::jsonb),
           -- The ids too: the audit log withholds entries naming a hidden role by id (S4).
           'role_ids', coalesce((select jsonb_agg(mr.role_id order by mr.role_id) from rbac.member_roles mr
                                  where mr.tenant_id = m.tenant_id and mr.member_id = m.id), '[]'::jsonb),
           'accessible_orgs', coalesce((select jsonb_agg(mo.org_id order by mo.org_id) from rbac.member_orgs mo
                                         where mo.tenant_id = m.tenant_id and mo.member_id = m.id), '[]'::jsonb))
    from rbac.members m where m.id = p_member_id
$$;
comment on function rbac_private.member_snapshot(uuid) is
  'Definer: reads a member''s roles and orgs for the audit picture; not executable by authenticated.';

-- -----------------------------------------------------------------------------
-- Public functions
-- -----------------------------------------------------------------------------

-- U4: turns RBAC on for a tenant that ran without it; every current active
-- member becomes a company administrator with the Administrator role, so
-- nobody is locked out. Admins then narrow access member by member.
create function public.enable_rbac(p_tenant_id uuid, p_reason text default null) returns integer
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_caller rbac.members;
  v_admin uuid;
  v_count integer;
begin
  v_caller := rbac_private.begin_change(p_tenant_id, 'users.assign_roles');
  if (select rbac_enabled from rbac.tenants where id = p_tenant_id) then
    raise exception 'Role-based access control is already on for this organization.' using errcode = 'RB044';
  end if;
  -- Anyone may: until it is on, every member of the tenant may do everything
  -- (S1), so making them all Administrators gives nobody more than they had.
  select id into v_admin from rbac.roles where tenant_id = p_tenant_id and system_key = 'administrator';
  update rbac.members set user_type = 'company_admin' where tenant_id = p_tenant_id and status = 'active';
  insert into rbac.member_roles (tenant_id, member_id, role_id, granted_by)
  select p_tenant_id, m.id, v_admin, v_caller.id from rbac.members m
   where m.tenant_id = p_tenant_id and m.status = 'active'
  on conflict do nothing;
  get diagnostics v_count = row_count;
  update rbac.tenants set rbac_enabled = true where id = p_tenant_id;
  perform rbac_private.audit(p_tenant_id, v_caller.id, 'tenant.enable_rbac', 'tenant', p_tenant_id::text, null,
                             jsonb_build_object('rbac_enabled', false),
                             jsonb_build_object('rbac_enabled', true, 'members_made_admin', v_count), p_reason => p_reason);
  return v_count;
end;
$$;
comment on function public.enable_rbac(uuid, text) is
  'Definer: writes members and their roles, which members cannot write; checks users.assign_roles itself.';
grant execute on function public.enable_rbac(uuid, text) to authenticated;

-- U5: edits a member's access; arguments left null keep their value.
create function public.update_member(
  p_member_id uuid,
  p_display_name text default null,
  p_user_type rbac.user_type default null,
  p_home_org_id uuid default null,
  p_visibility rbac.visibility default null,
  p_assignee_ids uuid[] default null,
  p_accessible_org_ids uuid[] default null,
  p_reason text default null
) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_member rbac.members := rbac_private.tenant_member(p_member_id);
  v_caller rbac.members;
  v_before jsonb;
  v_before_keys text;
begin
  v_caller := rbac_private.begin_change(v_member.tenant_id, 'users.edit');
  perform rbac_private.assert_may_manage_member(v_caller.id, p_member_id);
  select * into v_member from rbac.members where id = p_member_id;
  if v_member.status not in ('active', 'deactivated') then
    raise exception 'Only active or deactivated members can be edited.' using errcode = 'RB042';
  end if;
  if p_home_org_id is not null and not exists (select 1 from rbac.orgs where id = p_home_org_id and tenant_id = v_member.tenant_id) then
    raise exception 'This organization does not exist.' using errcode = 'RB004';
  end if;
  if p_accessible_org_ids is not null and exists (
       select 1 from unnest(p_accessible_org_ids) o
        where not exists (select 1 from rbac.orgs x where x.id = o and x.tenant_id = v_member.tenant_id)) then
    raise exception 'An accessible organization does not exist.' using errcode = 'RB004';
  end if;
  perform rbac_private.assert_may_give_access(v_caller.id, coalesce(p_home_org_id, v_member.home_org_id),
                                              coalesce(p_user_type, v_member.user_type),
                                              coalesce(p_accessible_org_ids, '{}'));
  -- V1/A4: what the member will see must be within what the caller sees;
  -- checked before the change, against what the member sees now. A private
  -- user made a power user starts to see by their stored visibility and
  -- assignees, so that is giving them too. Defined with the assignee tables
  -- (20261123003000_…).
  if p_visibility is not null or p_assignee_ids is not null
     or (v_member.user_type = 'private_user' and p_user_type is distinct from 'private_user' and p_user_type is not null) then
    perform rbac_private.assert_may_give_visibility(v_caller.id, p_member_id, coalesce(p_visibility, v_member.visibility),
      coalesce(p_assignee_ids, array(select a.assignee_id from rbac.member_assignees a
                                      where a.tenant_id = v_member.tenant_id and a.member_id = p_member_id)));
  end if;
  v_before := rbac_private.member_snapshot(p_member_id);
  v_before_keys := rbac_private.member_permission_keys(p_member_id);
  update rbac.members
     set display_name = case when p_display_name is null then display_name
                             else rbac_private.clean_name(p_display_name, 'name') end,
         user_type = coalesce(p_user_type, user_type),
         home_org_id = coalesce(p_home_org_id, home_org_id)
   where id = p_member_id;
  if p_accessible_org_ids is not null then
    delete from rbac.member_orgs where tenant_id = v_member.tenant_id and member_id = p_member_id;
    insert into rbac.member_orgs (tenant_id, member_id, org_id)
    select distinct v_member.tenant_id, p_member_id, o from unnest(p_accessible_org_ids) o;
  end if;
  if p_visibility is not null or p_assignee_ids is not null then
    perform rbac_private.apply_member_visibility(p_member_id, p_visibility, p_assignee_ids);
  end if;
  perform rbac_private.assert_gain_within(v_caller.id, p_member_id, v_before_keys);
  -- R2/R3: the roles they hold must still be available at their (new) home org.
  if p_home_org_id is distinct from v_member.home_org_id and p_home_org_id is not null then
    perform rbac_private.assert_access_fits(v_member.tenant_id, p_member_id => p_member_id);
  end if;
  perform rbac_private.assert_no_sod_conflict(p_member_id);
  perform rbac_private.assert_tenant_keeps_admin(v_member.tenant_id);
  perform rbac_private.audit(v_member.tenant_id, v_caller.id, 'member.update', 'member', p_member_id::text,
                             v_member.display_name, v_before, rbac_private.member_snapshot(p_member_id), p_reason);
end;
$$;
comment on function public.update_member(uuid, text, rbac.user_type, uuid, rbac.visibility, uuid[], uuid[], text) is
  'Definer: writes rbac.members and rbac.member_orgs, which members cannot write; checks users.edit, A3/A4 and visibility delegation itself.';
grant execute on function public.update_member(uuid, text, rbac.user_type, uuid, rbac.visibility, uuid[], uuid[], text) to authenticated;

-- U6: open items that must be reassigned before a member can be deactivated.
create function public.member_open_work(p_member_id uuid)
returns table (label text, table_name text, open_items bigint)
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_member rbac.members := rbac_private.tenant_member(p_member_id);
  v_caller rbac.members := rbac_private.caller(v_member.tenant_id);
begin
  perform rbac_private.require_permission(v_caller.id, 'users.deactivate');
  -- Only about members the caller could deactivate (A3, S4).
  perform rbac_private.assert_may_manage_member(v_caller.id, p_member_id);
  return query select * from rbac_private.open_work_items(p_member_id);
end;
$$;
comment on function public.member_open_work(uuid) is
  'Definer: counts open items in tables the caller may not see in full; checks users.deactivate and the member''s scope itself.';
grant execute on function public.member_open_work(uuid) to authenticated;

-- U6: access ends on the next statement through every path; open work goes
-- to p_reassign_to (an active member the caller administers, or the caller)
-- in the same transaction, or the call is refused.
create function public.deactivate_member(p_member_id uuid, p_reassign_to uuid default null, p_reason text default null)
returns bigint
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_member rbac.members := rbac_private.tenant_member(p_member_id);
  v_caller rbac.members;
  v_open bigint;
  v_moved bigint := 0;
  v_target rbac.members;
begin
  v_caller := rbac_private.begin_change(v_member.tenant_id, 'users.deactivate');
  perform rbac_private.assert_may_manage_member(v_caller.id, p_member_id);
  select * into v_member from rbac.members where id = p_member_id;
  if v_member.status <> 'active' then
    raise exception '% is not active.', v_member.display_name using errcode = 'RB042';
  end if;
  select coalesce(sum(open_items), 0) into v_open from rbac_private.open_work_items(p_member_id);
  if v_open > 0 then
    if p_reassign_to is null then
      raise exception '% has % open item(s); choose an active member to reassign them to.', v_member.display_name, v_open
        using errcode = 'RB040', detail = v_open::text;
    end if;
    -- A3: the items go to someone the caller administers (or the caller),
    -- never across their scope; one answer for "outside" and "no such
    -- member", so the call cannot probe for members the caller cannot see.
    select * into v_target from rbac.members
     where id = p_reassign_to and tenant_id = v_member.tenant_id and status = 'active' and id <> p_member_id
       and (id = v_caller.id or home_org_id in (select rbac_private.member_scope_orgs(v_caller.id)));
    if v_target.id is null then
      raise exception 'Open items can only be reassigned to another active member inside the part of the organization you administer.'
        using errcode = 'RB042';
    end if;
    v_moved := rbac_private.reassign_work_items(p_member_id, p_reassign_to);
  end if;
  update rbac.members set status = 'deactivated', deactivated_at = now() where id = p_member_id;
  perform rbac_private.assert_tenant_keeps_admin(v_member.tenant_id);
  perform rbac_private.audit(v_member.tenant_id, v_caller.id, 'member.deactivate', 'member', p_member_id::text,
                             v_member.display_name, jsonb_build_object('status', 'active'),
                             jsonb_build_object('status', 'deactivated', 'reassigned_items', v_moved,
                                                'reassigned_to', p_reassign_to), p_reason);
  return v_moved;
end;
$$;
comment on function public.deactivate_member(uuid, uuid, text) is
  'Definer: writes rbac.members and reassigns open work in tables the caller may not write; checks users.deactivate, A3/A4 and A5 itself.';
grant execute on function public.deactivate_member(uuid, uuid, text) to authenticated;

-- U6: access comes back with the same roles.
create function public.reactivate_member(p_member_id uuid, p_reason text default null) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_member rbac.members := rbac_private.tenant_member(p_member_id);
  v_caller rbac.members;
begin
  v_caller := rbac_private.begin_change(v_member.tenant_id, 'users.deactivate');
  perform rbac_private.assert_may_manage_member(v_caller.id, p_member_id);
  select * into v_member from rbac.members where id = p_member_id;
  if v_member.status <> 'deactivated' then
    raise exception 'Only a deactivated member can be reactivated.' using errcode = 'RB042';
  end if;
  -- Their roles come back as they were: each must still be within the caller's rights (A4).
  update rbac.members set status = 'active', deactivated_at = null where id = p_member_id;
  perform rbac_private.assert_gain_within(v_caller.id, p_member_id, ',');
  perform rbac_private.assert_no_sod_conflict(p_member_id);
  perform rbac_private.audit(v_member.tenant_id, v_caller.id, 'member.reactivate', 'member', p_member_id::text,
                             v_member.display_name, jsonb_build_object('status', 'deactivated'),
                             jsonb_build_object('status', 'active'), p_reason);
end;
$$;
comment on function public.reactivate_member(uuid, text) is
  'Definer: writes rbac.members; checks users.deactivate, A3/A4 (nothing regained beyond the caller) and A6 itself.';
grant execute on function public.reactivate_member(uuid, text) to authenticated;

-- U7: final. Only a deactivated member; personal fields are scrubbed except
-- the display name history shows; the login goes when no other organization
-- uses it.
create function public.delete_member(p_member_id uuid, p_reason text default null) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_member rbac.members := rbac_private.tenant_member(p_member_id);
  v_caller rbac.members;
begin
  v_caller := rbac_private.begin_change(v_member.tenant_id, 'users.delete');
  perform rbac_private.assert_may_manage_member(v_caller.id, p_member_id);
  select * into v_member from rbac.members where id = p_member_id;
  if v_member.status <> 'deactivated' then
    raise exception 'Deactivate % before deleting them; deleting is final.', v_member.display_name using errcode = 'RB041';
  end if;
  delete from rbac.member_roles where tenant_id = v_member.tenant_id and member_id = p_member_id;
  delete from rbac.group_members where tenant_id = v_member.tenant_id and member_id = p_member_id;
  delete from rbac.member_orgs where tenant_id = v_member.tenant_id and member_id = p_member_id;
  update rbac.members set status = 'deleted', deleted_at = now(), email = null, user_id = null where id = p_member_id;
  if v_member.user_id is not null
     and not exists (select 1 from rbac.members where user_id = v_member.user_id and status <> 'deleted') then
    delete from auth.users where id = v_member.user_id;
  end if;
  perform rbac_private.audit(v_member.tenant_id, v_caller.id, 'member.delete', 'member', p_member_id::text,
                             v_member.display_name, jsonb_build_object('status', 'deactivated', 'email', v_member.email),
                             jsonb_build_object('status', 'deleted'), p_reason);
end;
$$;
comment on function public.delete_member(uuid, text) is
  'Definer: scrubs the member and deletes their roles, groups and orgs, which members cannot write; checks users.delete and A3/A4 itself.';
grant execute on function public.delete_member(uuid, text) to authenticated;
