-- =============================================================================
-- Public API: assignment (A1, A2, A4, A5, A6). Roles to members, groups and
-- their members and roles, company roles of orgs (the ceiling).
--
-- Every grant passes the same delegation gate (A4): the caller holds the
-- management permission, the target is someone else inside their scope, the
-- role is available there, is on the caller's assignable lists if they have
-- any, and grants nothing the caller lacks. Every removal re-checks that an
-- administrator remains (A5); every gain re-checks separation of duties (A6).
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Helpers
-- -----------------------------------------------------------------------------

create function rbac_private.tenant_member(p_member_id uuid) returns rbac.members
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_member rbac.members;
begin
  select * into v_member from rbac.members where id = p_member_id and tenant_id = any (rbac_private.my_tenant_ids());
  if v_member.id is null then
    perform rbac_private.refuse_former_member((select m.tenant_id from rbac.members m where m.id = p_member_id));
    raise exception 'This member does not exist in your organization.' using errcode = 'RB004';
  end if;
  return v_member;
end;
$$;
comment on function rbac_private.tenant_member(uuid) is
  'Definer: reads a member to find its tenant without telling whether it exists elsewhere (T3).';

create function rbac_private.tenant_group(p_group_id uuid) returns rbac.groups
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_group rbac.groups;
begin
  select * into v_group from rbac.groups where id = p_group_id and tenant_id = any (rbac_private.my_tenant_ids());
  if v_group.id is null then
    perform rbac_private.refuse_former_member((select g.tenant_id from rbac.groups g where g.id = p_group_id));
    raise exception 'This group does not exist in your organization.' using errcode = 'RB004';
  end if;
  return v_group;
end;
$$;
comment on function rbac_private.tenant_group(uuid) is
  'Definer: reads a group to find its tenant without telling whether it exists elsewhere (T3).';

-- The A4 gate for giving one role to one member (directly or through a group).
create function rbac_private.assert_may_give_role(p_caller_id uuid, p_member rbac.members, p_role_id uuid) returns void
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform rbac_private.assert_may_manage_member(p_caller_id, p_member.id);
  perform rbac_private.assert_role_available_to_org(p_role_id, p_member.home_org_id, 'employee');
  perform rbac_private.assert_on_assignable_list(p_caller_id, p_role_id);
  perform rbac_private.assert_may_grant_role(p_caller_id, p_role_id, 'assign');
end;
$$;
comment on function rbac_private.assert_may_give_role(uuid, rbac.members, uuid) is
  'Definer: reads the giver''s rights and lists and the role for the A4 guard.';

create function rbac_private.role_name(p_role_id uuid) returns text
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select name from rbac.roles where id = p_role_id
$$;
comment on function rbac_private.role_name(uuid) is
  'Definer: reads a role''s name (hidden roles included) for audit entries; not executable by authenticated.';

-- -----------------------------------------------------------------------------
-- Public functions: member roles
-- -----------------------------------------------------------------------------

create function public.assign_role(p_member_id uuid, p_role_id uuid, p_reason text default null) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_member rbac.members := rbac_private.tenant_member(p_member_id);
  v_caller rbac.members;
begin
  v_caller := rbac_private.begin_change(v_member.tenant_id, 'users.assign_roles');
  select * into v_member from rbac.members where id = p_member_id;
  perform rbac_private.assert_may_give_role(v_caller.id, v_member, p_role_id);
  insert into rbac.member_roles (tenant_id, member_id, role_id, granted_by)
  values (v_member.tenant_id, p_member_id, p_role_id, v_caller.id)
  on conflict do nothing;
  if found then
    perform rbac_private.assert_no_sod_conflict(p_member_id);
    perform rbac_private.audit(v_member.tenant_id, v_caller.id, 'member.assign_role', 'member', p_member_id::text,
                               v_member.display_name, null,
                               jsonb_build_object('role_id', p_role_id, 'role', rbac_private.role_name(p_role_id)), p_reason);
  end if;
end;
$$;
comment on function public.assign_role(uuid, uuid, text) is
  'Definer: writes rbac.member_roles, which members cannot write; checks users.assign_roles, A4 and A6 itself.';
grant execute on function public.assign_role(uuid, uuid, text) to authenticated;

create function public.unassign_role(p_member_id uuid, p_role_id uuid, p_reason text default null) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_member rbac.members := rbac_private.tenant_member(p_member_id);
  v_caller rbac.members;
begin
  v_caller := rbac_private.begin_change(v_member.tenant_id, 'users.assign_roles');
  select * into v_member from rbac.members where id = p_member_id;
  perform rbac_private.assert_may_manage_member(v_caller.id, p_member_id);
  if not exists (select 1 from rbac.member_roles where tenant_id = v_member.tenant_id and member_id = p_member_id and role_id = p_role_id) then
    raise exception '% does not hold this role.', v_member.display_name using errcode = 'RB004';
  end if;
  -- A4: removing a role is managing it; a role beyond the caller's rights stays out of their reach.
  perform rbac_private.assert_on_assignable_list(v_caller.id, p_role_id);
  perform rbac_private.assert_may_grant_role(v_caller.id, p_role_id, 'remove');
  delete from rbac.member_roles where tenant_id = v_member.tenant_id and member_id = p_member_id and role_id = p_role_id;
  perform rbac_private.assert_tenant_keeps_admin(v_member.tenant_id);
  perform rbac_private.audit(v_member.tenant_id, v_caller.id, 'member.unassign_role', 'member', p_member_id::text,
                             v_member.display_name,
                             jsonb_build_object('role_id', p_role_id, 'role', rbac_private.role_name(p_role_id)), null, p_reason);
end;
$$;
comment on function public.unassign_role(uuid, uuid, text) is
  'Definer: writes rbac.member_roles; checks users.assign_roles, A4 and A5 itself.';
grant execute on function public.unassign_role(uuid, uuid, text) to authenticated;

-- Sets a member's direct roles to exactly this list (the edit form's save).
create function public.set_member_roles(p_member_id uuid, p_role_ids uuid[], p_reason text default null) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_role uuid;
  v_member rbac.members := rbac_private.tenant_member(p_member_id);
begin
  if p_role_ids is null then
    raise exception 'The list of roles is missing.' using errcode = 'RB005';
  end if;
  perform rbac_private.lock_tenant(v_member.tenant_id);
  -- Grant first, then remove, so a swap never passes through "no administrator".
  foreach v_role in array p_role_ids loop
    perform public.assign_role(p_member_id, v_role, p_reason);
  end loop;
  for v_role in select role_id from rbac.member_roles
                 where tenant_id = v_member.tenant_id and member_id = p_member_id and not role_id = any (p_role_ids) loop
    perform public.unassign_role(p_member_id, v_role, p_reason);
  end loop;
end;
$$;
comment on function public.set_member_roles(uuid, uuid[], text) is
  'Definer: writes rbac.member_roles through assign_role and unassign_role, each checked.';
grant execute on function public.set_member_roles(uuid, uuid[], text) to authenticated;

-- -----------------------------------------------------------------------------
-- Public functions: groups and teams
-- -----------------------------------------------------------------------------

-- A3/A4: taking a group's role away (or the group itself) changes the access
-- of every member, so it is done only by someone who could change each of
-- them directly: inside their admin scope and not above them (S4). Members
-- who left (deactivated) count too: they get the group's roles back on
-- reactivation. Like remove_group_member, member by member.
create function rbac_private.assert_group_members_manageable(p_caller_id uuid, p_group rbac.groups) returns void
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_orgs uuid[] := array(select rbac_private.member_admin_orgs(p_caller_id));
  v_name text;
begin
  if exists (select 1 from rbac.group_members gm join rbac.members m on m.id = gm.member_id
              where gm.tenant_id = p_group.tenant_id and gm.group_id = p_group.id
                and m.status in ('active', 'deactivated') and m.home_org_id <> all (v_orgs)) then
    raise exception 'Some members of the group % are outside the part of the organization you administer; only someone whose scope covers all of them can change what the group gives.',
      p_group.name using errcode = 'RB011';
  end if;
  -- is_above, with the caller's half asked once: a holder of a hidden role has nobody above them.
  if not rbac_private.holds_hidden_role(p_caller_id) then
    select m.display_name into v_name
      from rbac.group_members gm join rbac.members m on m.id = gm.member_id
     where gm.tenant_id = p_group.tenant_id and gm.group_id = p_group.id and rbac_private.holds_hidden_role(m.id)
     limit 1;
  end if;
  if v_name is not null then
    raise exception '% holds a role above yours; only a member who holds it can change what the group % gives.', v_name, p_group.name
      using errcode = 'RB010';
  end if;
end;
$$;
comment on function rbac_private.assert_group_members_manageable(uuid, rbac.groups) is
  'Definer: reads the group''s members, the caller''s scope and hidden roles for the A3/A4 guard of group changes; not executable by authenticated.';

create function public.create_group(p_org_id uuid, p_name text, p_description text default '') returns uuid
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_tenant uuid := rbac_private.org_tenant(p_org_id);
  v_caller rbac.members;
  v_id uuid;
begin
  v_caller := rbac_private.begin_change(v_tenant, 'groups.manage');
  perform rbac_private.assert_org_in_scope(v_caller.id, p_org_id);
  if length(coalesce(p_description, '')) > 2000 then
    raise exception 'The description can be at most 2000 characters long.' using errcode = 'RB005';
  end if;
  insert into rbac.groups (tenant_id, org_id, name, description)
  values (v_tenant, p_org_id, rbac_private.clean_name(p_name, 'group name', 100), coalesce(p_description, ''))
  returning id into v_id;
  perform rbac_private.audit(v_tenant, v_caller.id, 'group.create', 'group', v_id::text, btrim(p_name), null,
                             jsonb_build_object('org_id', p_org_id, 'description', p_description));
  return v_id;
exception
  when unique_violation then
    raise exception 'A group named % already exists.', btrim(p_name) using errcode = 'RB006';
end;
$$;
comment on function public.create_group(uuid, text, text) is
  'Definer: writes rbac.groups; checks groups.manage and the org scope itself.';
grant execute on function public.create_group(uuid, text, text) to authenticated;

-- A1: a group's name and description; managed where it is defined.
create function public.update_group(p_group_id uuid, p_name text default null, p_description text default null) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_group rbac.groups := rbac_private.tenant_group(p_group_id);
  v_caller rbac.members;
  v_after rbac.groups;
begin
  v_caller := rbac_private.begin_change(v_group.tenant_id, 'groups.manage');
  perform rbac_private.assert_org_in_scope(v_caller.id, v_group.org_id);
  if length(coalesce(p_description, '')) > 2000 then
    raise exception 'The description can be at most 2000 characters long.' using errcode = 'RB005';
  end if;
  update rbac.groups
     set name = case when p_name is null then name else rbac_private.clean_name(p_name, 'group name', 100) end,
         description = coalesce(p_description, description)
   where id = p_group_id
  returning * into v_after;
  perform rbac_private.audit(v_group.tenant_id, v_caller.id, 'group.update', 'group', p_group_id::text, v_after.name,
                             to_jsonb(v_group) - 'tenant_id', to_jsonb(v_after) - 'tenant_id');
exception
  when unique_violation then
    raise exception 'A group named % already exists.', btrim(p_name) using errcode = 'RB006';
end;
$$;
comment on function public.update_group(uuid, text, text) is
  'Definer: writes rbac.groups; checks groups.manage and the group''s org scope itself.';
grant execute on function public.update_group(uuid, text, text) to authenticated;

create function public.delete_group(p_group_id uuid, p_reason text default null) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_group rbac.groups := rbac_private.tenant_group(p_group_id);
  v_caller rbac.members;
  v_role uuid;
begin
  v_caller := rbac_private.begin_change(v_group.tenant_id, 'groups.manage');
  perform rbac_private.assert_org_in_scope(v_caller.id, v_group.org_id);
  perform rbac_private.assert_group_members_manageable(v_caller.id, v_group);
  -- A4: deleting a group takes its roles from every member, like unassign_group_role.
  for v_role in select role_id from rbac.group_roles where tenant_id = v_group.tenant_id and group_id = p_group_id loop
    perform rbac_private.require_permission(v_caller.id, 'users.assign_roles');
    perform rbac_private.assert_may_grant_role(v_caller.id, v_role, 'remove');
  end loop;
  delete from rbac.groups where id = p_group_id;
  perform rbac_private.assert_tenant_keeps_admin(v_group.tenant_id);
  perform rbac_private.audit(v_group.tenant_id, v_caller.id, 'group.delete', 'group', p_group_id::text, v_group.name,
                             to_jsonb(v_group) - 'tenant_id', null, p_reason => p_reason);
end;
$$;
comment on function public.delete_group(uuid, text) is
  'Definer: writes rbac.groups; checks groups.manage, that the caller could change every member (A3/S4), and users.assign_roles, A4 and A5 for the roles the group gave.';
grant execute on function public.delete_group(uuid, text) to authenticated;

-- Joining a group gives its roles: the same gate as assigning each of them.
create function public.add_group_member(p_group_id uuid, p_member_id uuid, p_reason text default null) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_group rbac.groups := rbac_private.tenant_group(p_group_id);
  v_member rbac.members;
  v_caller rbac.members;
  v_role uuid;
begin
  v_caller := rbac_private.begin_change(v_group.tenant_id, 'groups.manage');
  -- A3: a group is managed where it is defined, as when it was created (a
  -- team's membership also decides who sees its records, V5).
  perform rbac_private.assert_org_in_scope(v_caller.id, v_group.org_id);
  select * into v_member from rbac.members where id = p_member_id and tenant_id = v_group.tenant_id;
  if v_member.id is null then
    raise exception 'This member does not exist in your organization.' using errcode = 'RB004';
  end if;
  perform rbac_private.assert_may_manage_member(v_caller.id, p_member_id);
  for v_role in select role_id from rbac.group_roles where tenant_id = v_group.tenant_id and group_id = p_group_id loop
    perform rbac_private.require_permission(v_caller.id, 'users.assign_roles');
    perform rbac_private.assert_may_give_role(v_caller.id, v_member, v_role);
  end loop;
  insert into rbac.group_members (tenant_id, group_id, member_id) values (v_group.tenant_id, p_group_id, p_member_id)
  on conflict do nothing;
  if found then
    perform rbac_private.assert_no_sod_conflict(p_member_id);
    perform rbac_private.audit(v_group.tenant_id, v_caller.id, 'group.add_member', 'group', p_group_id::text, v_group.name,
                               null, jsonb_build_object('member_id', p_member_id, 'member', v_member.display_name), p_reason);
  end if;
end;
$$;
comment on function public.add_group_member(uuid, uuid, text) is
  'Definer: writes rbac.group_members; checks groups.manage, the group''s org scope and, for each role of the group, A4 and A6 itself.';
grant execute on function public.add_group_member(uuid, uuid, text) to authenticated;

create function public.remove_group_member(p_group_id uuid, p_member_id uuid, p_reason text default null) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_group rbac.groups := rbac_private.tenant_group(p_group_id);
  v_caller rbac.members;
  v_name text;
  v_role uuid;
begin
  v_caller := rbac_private.begin_change(v_group.tenant_id, 'groups.manage');
  perform rbac_private.assert_org_in_scope(v_caller.id, v_group.org_id);
  perform rbac_private.assert_may_manage_member(v_caller.id, p_member_id);
  -- A4: leaving a group takes its roles, the same gate as unassigning each of them.
  for v_role in select role_id from rbac.group_roles where tenant_id = v_group.tenant_id and group_id = p_group_id loop
    perform rbac_private.require_permission(v_caller.id, 'users.assign_roles');
    perform rbac_private.assert_may_grant_role(v_caller.id, v_role, 'remove');
  end loop;
  delete from rbac.group_members where tenant_id = v_group.tenant_id and group_id = p_group_id and member_id = p_member_id;
  if not found then
    raise exception 'This member is not in the group %.', v_group.name using errcode = 'RB004';
  end if;
  perform rbac_private.assert_tenant_keeps_admin(v_group.tenant_id);
  select display_name into v_name from rbac.members where id = p_member_id;
  perform rbac_private.audit(v_group.tenant_id, v_caller.id, 'group.remove_member', 'group', p_group_id::text, v_group.name,
                             jsonb_build_object('member_id', p_member_id, 'member', v_name), null, p_reason);
end;
$$;
comment on function public.remove_group_member(uuid, uuid, text) is
  'Definer: writes rbac.group_members; checks groups.manage, the group''s org scope, users.assign_roles, A3/A4 and A5 itself.';
grant execute on function public.remove_group_member(uuid, uuid, text) to authenticated;

-- A group role reaches every member: each must be someone the caller could
-- give it to directly, and the caller must not be in the group.
create function public.assign_group_role(p_group_id uuid, p_role_id uuid, p_reason text default null) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_group rbac.groups := rbac_private.tenant_group(p_group_id);
  v_caller rbac.members;
  v_member rbac.members;
begin
  v_caller := rbac_private.begin_change(v_group.tenant_id, 'groups.manage');
  perform rbac_private.require_permission(v_caller.id, 'users.assign_roles');
  perform rbac_private.assert_org_in_scope(v_caller.id, v_group.org_id);
  perform rbac_private.assert_role_available_to_org(p_role_id, v_group.org_id, 'employee');
  perform rbac_private.assert_on_assignable_list(v_caller.id, p_role_id);
  perform rbac_private.assert_may_grant_role(v_caller.id, p_role_id, 'assign');
  for v_member in select m.* from rbac.group_members gm join rbac.members m on m.id = gm.member_id
                   where gm.tenant_id = v_group.tenant_id and gm.group_id = p_group_id loop
    perform rbac_private.assert_may_give_role(v_caller.id, v_member, p_role_id);
  end loop;
  insert into rbac.group_roles (tenant_id, group_id, role_id) values (v_group.tenant_id, p_group_id, p_role_id)
  on conflict do nothing;
  if found then
    for v_member in select m.* from rbac.group_members gm join rbac.members m on m.id = gm.member_id
                     where gm.tenant_id = v_group.tenant_id and gm.group_id = p_group_id loop
      perform rbac_private.assert_no_sod_conflict(v_member.id);
    end loop;
    perform rbac_private.audit(v_group.tenant_id, v_caller.id, 'group.assign_role', 'group', p_group_id::text, v_group.name,
                               null, jsonb_build_object('role_id', p_role_id, 'role', rbac_private.role_name(p_role_id)), p_reason);
  end if;
end;
$$;
comment on function public.assign_group_role(uuid, uuid, text) is
  'Definer: writes rbac.group_roles; checks groups.manage, users.assign_roles and A4/A6 for every member itself.';
grant execute on function public.assign_group_role(uuid, uuid, text) to authenticated;

create function public.unassign_group_role(p_group_id uuid, p_role_id uuid, p_reason text default null) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_group rbac.groups := rbac_private.tenant_group(p_group_id);
  v_caller rbac.members;
begin
  v_caller := rbac_private.begin_change(v_group.tenant_id, 'groups.manage');
  perform rbac_private.require_permission(v_caller.id, 'users.assign_roles');
  perform rbac_private.assert_org_in_scope(v_caller.id, v_group.org_id);
  perform rbac_private.assert_may_grant_role(v_caller.id, p_role_id, 'remove');
  perform rbac_private.assert_group_members_manageable(v_caller.id, v_group);
  delete from rbac.group_roles where tenant_id = v_group.tenant_id and group_id = p_group_id and role_id = p_role_id;
  if not found then
    raise exception 'The group % does not hold this role.', v_group.name using errcode = 'RB004';
  end if;
  perform rbac_private.assert_tenant_keeps_admin(v_group.tenant_id);
  perform rbac_private.audit(v_group.tenant_id, v_caller.id, 'group.unassign_role', 'group', p_group_id::text, v_group.name,
                             jsonb_build_object('role_id', p_role_id, 'role', rbac_private.role_name(p_role_id)), null, p_reason);
end;
$$;
comment on function public.unassign_group_role(uuid, uuid, text) is
  'Definer: writes rbac.group_roles; checks groups.manage, users.assign_roles, that the caller could change every member (A3/S4), A4 and A5 itself.';
grant execute on function public.unassign_group_role(uuid, uuid, text) to authenticated;

-- -----------------------------------------------------------------------------
-- Public functions: company roles (the ceiling, A2)
-- -----------------------------------------------------------------------------

create function public.assign_company_role(p_org_id uuid, p_role_id uuid, p_reason text default null) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_tenant uuid := rbac_private.org_tenant(p_org_id);
  v_caller rbac.members;
  v_org_name text;
begin
  v_caller := rbac_private.begin_change(v_tenant, 'organizations.manage');
  perform rbac_private.assert_org_in_scope(v_caller.id, p_org_id);
  perform rbac_private.assert_role_available_to_org(p_role_id, p_org_id, 'company');
  perform rbac_private.assert_may_grant_role(v_caller.id, p_role_id, 'assign');
  insert into rbac.org_company_roles (tenant_id, org_id, role_id) values (v_tenant, p_org_id, p_role_id)
  on conflict do nothing;
  if found then
    -- A new company role can only narrow rights where the org had none, or widen them within
    -- other caps; either way one administrator must remain (A5).
    perform rbac_private.assert_tenant_keeps_admin(v_tenant);
    select name into v_org_name from rbac.orgs where id = p_org_id;
    perform rbac_private.audit(v_tenant, v_caller.id, 'org.assign_company_role', 'org', p_org_id::text, v_org_name,
                               null, jsonb_build_object('role_id', p_role_id, 'role', rbac_private.role_name(p_role_id)), p_reason);
  end if;
end;
$$;
comment on function public.assign_company_role(uuid, uuid, text) is
  'Definer: writes rbac.org_company_roles (a ceiling); checks organizations.manage, the org scope and A4 itself.';
grant execute on function public.assign_company_role(uuid, uuid, text) to authenticated;

-- Removing a company role can lift a ceiling, so nobody may do it for the
-- company they work in themselves (a company's rights cap its employees').
create function public.unassign_company_role(p_org_id uuid, p_role_id uuid, p_reason text default null) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_tenant uuid := rbac_private.org_tenant(p_org_id);
  v_caller rbac.members;
  v_org_name text;
  v_sod_before text[];
begin
  v_caller := rbac_private.begin_change(v_tenant, 'organizations.manage');
  perform rbac_private.assert_org_in_scope(v_caller.id, p_org_id);
  if exists (select 1 from rbac.org_closure c where c.ancestor_id = p_org_id and c.descendant_id = v_caller.home_org_id) then
    raise exception 'You cannot remove a company role that caps your own company; ask an administrator above it.'
      using errcode = 'RB012';
  end if;
  perform rbac_private.assert_may_grant_role(v_caller.id, p_role_id, 'remove');
  v_sod_before := rbac_private.sod_violations_below(v_tenant, p_org_id);
  delete from rbac.org_company_roles where tenant_id = v_tenant and org_id = p_org_id and role_id = p_role_id;
  if not found then
    raise exception 'This organization does not have that company role.' using errcode = 'RB004';
  end if;
  -- A looser ceiling can complete a separation-of-duties pair below it (A6).
  perform rbac_private.assert_no_new_sod_violations(v_tenant, p_org_id, v_sod_before);
  -- Removing one of several company roles narrows the org's ceiling, which
  -- can take admin rights from members there (A5).
  perform rbac_private.assert_tenant_keeps_admin(v_tenant);
  select name into v_org_name from rbac.orgs where id = p_org_id;
  perform rbac_private.audit(v_tenant, v_caller.id, 'org.unassign_company_role', 'org', p_org_id::text, v_org_name,
                             jsonb_build_object('role_id', p_role_id, 'role', rbac_private.role_name(p_role_id)), null, p_reason);
end;
$$;
comment on function public.unassign_company_role(uuid, uuid, text) is
  'Definer: writes rbac.org_company_roles; checks organizations.manage and refuses lifting one''s own company''s ceiling itself.';
grant execute on function public.unassign_company_role(uuid, uuid, text) to authenticated;
