-- =============================================================================
-- Public API: tenants, the org tree, company types and installed modules
-- (T1, T2, P2, U3). Every function checks the caller, locks the tenant,
-- changes, audits, all in one transaction; refusals carry the codes listed in
-- docs/errors.md.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Helpers
-- -----------------------------------------------------------------------------

-- The tenant of an org, or a refusal that does not say whether it exists elsewhere.
create function rbac_private.org_tenant(p_org_id uuid) returns uuid
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_tenant uuid;
begin
  select tenant_id into v_tenant from rbac.orgs where id = p_org_id;
  if v_tenant is null or not v_tenant = any (rbac_private.my_tenant_ids()) then
    perform rbac_private.refuse_former_member(v_tenant);
    raise exception 'This organization does not exist or you are not a member of it.' using errcode = 'RB004';
  end if;
  return v_tenant;
end;
$$;
comment on function rbac_private.org_tenant(uuid) is
  'Definer: reads an org to find its tenant without telling whether it exists elsewhere (T3).';

-- A3: the org must be inside the caller's admin scope.
create function rbac_private.assert_org_in_scope(p_caller_id uuid, p_org_id uuid) returns void
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_name text;
begin
  if p_org_id not in (select rbac_private.member_scope_orgs(p_caller_id))
     or exists (select 1 from rbac.members where id = p_caller_id and user_type = 'private_user') then
    select name into v_name from rbac.orgs where id = p_org_id;
    raise exception '% is outside the part of the organization you administer.', coalesce(v_name, 'This organization')
      using errcode = 'RB011';
  end if;
end;
$$;
comment on function rbac_private.assert_org_in_scope(uuid, uuid) is
  'Definer: reads the caller''s scope for the A3 guard.';

-- Tenant-wide settings need a company administrator (or an administrator at the root).
create function rbac_private.assert_tenant_wide(p_caller_id uuid) returns void
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if not exists (select 1 from rbac.members m where m.id = p_caller_id
                   and (m.user_type = 'company_admin' or (m.user_type = 'administrator' and m.home_org_id = m.tenant_id))) then
    raise exception 'Only a company administrator can change settings of the whole organization.' using errcode = 'RB011';
  end if;
end;
$$;
comment on function rbac_private.assert_tenant_wide(uuid) is
  'Definer: reads the caller''s user type and home org for the tenant-wide guard.';

-- A3: a company type's list of allowed user types (null: keep or default).
create function rbac_private.assert_user_type_list(p_types rbac.user_type[]) returns void
language plpgsql
immutable
set search_path = pg_catalog, pg_temp
as $$
begin
  if p_types is not null and (cardinality(p_types) = 0 or array_position(p_types, null) is not null) then
    raise exception 'A company type allows at least one user type, and each must be named.' using errcode = 'RB005';
  end if;
end;
$$;

create function rbac_private.clean_name(p_name text, p_what text, p_max integer default 200) returns text
language plpgsql
immutable
set search_path = pg_catalog, pg_temp
as $$
begin
  if p_name is null or length(btrim(p_name)) = 0 then
    raise exception 'The % cannot be empty.', p_what using errcode = 'RB005';
  end if;
  if length(btrim(p_name)) > p_max then
    raise exception 'The % can be at most % characters long.', p_what, p_max using errcode = 'RB005';
  end if;
  return btrim(p_name);
end;
$$;

-- Creates a tenant with its root org, core catalog and system roles (R1).
-- Used by first signup (U3) and by presets.
create function rbac_private.create_tenant(p_name text) returns uuid
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_tenant uuid := gen_random_uuid();
begin
  insert into rbac.tenants (id, name) values (v_tenant, rbac_private.clean_name(p_name, 'organization name'));
  insert into rbac.orgs (id, tenant_id, name) values (v_tenant, v_tenant, btrim(p_name));
  perform rbac_private.define_core_catalog(v_tenant);
  insert into rbac.roles (tenant_id, org_id, name, description, system_key, grants_all)
  values (v_tenant, v_tenant, 'Administrator', 'Full access to every installed module, users and settings.', 'administrator', true),
         (v_tenant, v_tenant, 'User', 'Basic access; the default role for new members.', 'user', false);
  return v_tenant;
end;
$$;
comment on function rbac_private.create_tenant(text) is
  'Definer: writes a tenant, its root org, catalog and system roles; not executable by authenticated.';

-- Adds an active member with roles; the lifecycle functions (invitations,
-- join requests, first signup) and presets call it after their own checks.
create function rbac_private.insert_member(
  p_tenant_id uuid, p_user_id uuid, p_display_name text, p_email text, p_home_org_id uuid,
  p_user_type rbac.user_type, p_role_ids uuid[], p_status rbac.member_status default 'active'
) returns uuid
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_member uuid;
  v_allowed rbac.user_type[];
begin
  select ct.allowed_user_types into v_allowed
    from rbac.orgs o join rbac.company_types ct on ct.tenant_id = o.tenant_id and ct.id = o.company_type_id
   where o.id = p_home_org_id and o.tenant_id = p_tenant_id;
  if v_allowed is not null and not p_user_type = any (v_allowed) then
    raise exception 'A % is not allowed in a company of this type.', replace(p_user_type::text, '_', ' ') using errcode = 'RB018';
  end if;
  insert into rbac.members (tenant_id, user_id, home_org_id, display_name, email, user_type, status)
  values (p_tenant_id, p_user_id, p_home_org_id, rbac_private.clean_name(p_display_name, 'name'), p_email, p_user_type, p_status)
  returning id into v_member;
  insert into rbac.member_roles (tenant_id, member_id, role_id)
  select p_tenant_id, v_member, r from unnest(coalesce(p_role_ids, '{}')) r;
  return v_member;
end;
$$;
comment on function rbac_private.insert_member(uuid, uuid, text, text, uuid, rbac.user_type, uuid[], rbac.member_status) is
  'Definer: writes a member and their roles for the lifecycle functions and presets; not executable by authenticated.';

-- -----------------------------------------------------------------------------
-- Public functions
-- -----------------------------------------------------------------------------

-- U3: the first person to sign up for a new organization creates it and
-- becomes its company administrator with the Administrator role.
create function public.create_organization(p_name text, p_display_name text default null) returns uuid
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_user uuid := rbac_private.current_user_id();
  v_tenant uuid;
  v_member uuid;
  v_email text;
  v_display text;
begin
  if v_user is null then
    raise exception 'You are not signed in.' using errcode = 'RB001';
  end if;
  select u.email, coalesce(nullif(btrim(p_display_name), ''), u.raw_user_meta_data ->> 'full_name', u.email)
    into v_email, v_display
    from auth.users u where u.id = v_user;
  if not found then
    raise exception 'You are not signed in.' using errcode = 'RB001';
  end if;
  v_tenant := rbac_private.create_tenant(p_name);
  v_member := rbac_private.insert_member(v_tenant, v_user, v_display, v_email, v_tenant, 'company_admin',
                array(select id from rbac.roles where tenant_id = v_tenant and system_key = 'administrator'));
  perform rbac_private.audit(v_tenant, v_member, 'tenant.create', 'tenant', v_tenant::text, btrim(p_name),
                             null, jsonb_build_object('name', btrim(p_name), 'first_admin', v_display));
  return v_tenant;
end;
$$;
comment on function public.create_organization(text, text) is
  'Definer: creates a tenant and its first member for the signed-in person, who belongs to nothing yet (U3).';
grant execute on function public.create_organization(text, text) to authenticated;

-- The tenant a request acts in: the tenant_id claim of the session (set by
-- the org switcher), else the caller's only tenant.
create function public.current_tenant_id() returns uuid
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select coalesce(
    (select t from unnest(rbac_private.my_tenant_ids()) t
      where t::text = coalesce(auth.jwt() ->> 'tenant_id', auth.jwt() -> 'app_metadata' ->> 'tenant_id')),
    (select t[1] from rbac_private.my_tenant_ids() t where cardinality(t) = 1))
$$;
comment on function public.current_tenant_id() is
  'Definer: reads the caller''s own memberships to pick the tenant of the request; answers only about the caller.';
grant execute on function public.current_tenant_id() to authenticated;

create function public.create_org(p_parent_id uuid, p_name text, p_company_type_key text default null) returns uuid
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_tenant uuid := rbac_private.org_tenant(p_parent_id);
  v_caller rbac.members;
  v_type uuid;
  v_org uuid;
begin
  v_caller := rbac_private.begin_change(v_tenant, 'organizations.manage');
  perform rbac_private.assert_org_in_scope(v_caller.id, p_parent_id);
  if p_company_type_key is not null then
    select id into v_type from rbac.company_types where tenant_id = v_tenant and key = p_company_type_key;
    if v_type is null then
      raise exception 'There is no company type %.', p_company_type_key using errcode = 'RB005';
    end if;
  end if;
  insert into rbac.orgs (tenant_id, parent_id, name, company_type_id)
  values (v_tenant, p_parent_id, rbac_private.clean_name(p_name, 'organization name'), v_type)
  returning id into v_org;
  perform rbac_private.audit(v_tenant, v_caller.id, 'org.create', 'org', v_org::text, btrim(p_name), null,
                             jsonb_build_object('parent_id', p_parent_id, 'company_type', p_company_type_key));
  return v_org;
end;
$$;
comment on function public.create_org(uuid, text, text) is
  'Definer: writes rbac.orgs (and through triggers the closure), which members cannot write; checks organizations.manage and the parent''s scope itself.';
grant execute on function public.create_org(uuid, text, text) to authenticated;

create function public.update_org(p_org_id uuid, p_name text default null, p_company_type_key text default null,
                                  p_parent_id uuid default null,
                                  p_reason text default null) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_tenant uuid := rbac_private.org_tenant(p_org_id);
  v_caller rbac.members;
  v_before rbac.orgs;
  v_after rbac.orgs;
  v_type uuid;
  v_sod_before text[];
  v_moving boolean;
  v_members uuid[];
  v_keys_before text[];
begin
  v_caller := rbac_private.begin_change(v_tenant, 'organizations.manage');
  perform rbac_private.assert_org_in_scope(v_caller.id, p_org_id);
  select * into v_before from rbac.orgs where id = p_org_id;
  v_sod_before := rbac_private.sod_violations_below(v_tenant, p_org_id);
  v_moving := p_parent_id is not null and p_parent_id is distinct from v_before.parent_id;
  if p_company_type_key is not null then
    select id into v_type from rbac.company_types where tenant_id = v_tenant and key = p_company_type_key;
    if v_type is null then
      raise exception 'There is no company type %.', p_company_type_key using errcode = 'RB005';
    end if;
  end if;
  if p_parent_id is not null then
    if p_org_id = v_tenant then
      raise exception 'The root organization cannot be moved.' using errcode = 'RB005';
    end if;
    if rbac_private.org_tenant(p_parent_id) <> v_tenant then
      raise exception 'An organization cannot move to another tenant.' using errcode = 'RB005';
    end if;
    perform rbac_private.assert_org_in_scope(v_caller.id, p_parent_id);
  end if;
  if v_moving then
    -- A2: a move trades the ceilings above the subtree for those above its
    -- new place, which can lift a cap. Nobody lifts the one on their own
    -- company (as unassign_company_role) …
    if exists (select 1 from rbac.org_closure c where c.ancestor_id = p_org_id and c.descendant_id = v_caller.home_org_id) then
      raise exception 'You cannot move the organization you work in or one above it: the companies above it cap your own rights; ask an administrator above it.'
        using errcode = 'RB012';
    end if;
    -- … and nobody below gains what the mover does not hold (A4): their
    -- rights now, to compare after the move.
    select coalesce(array_agg(m.id order by m.id), '{}'), coalesce(array_agg(rbac_private.member_permission_keys(m.id) order by m.id), '{}')
      into v_members, v_keys_before
      from rbac.members m
      join rbac.org_closure c on c.ancestor_id = p_org_id and c.descendant_id = m.home_org_id
     where m.tenant_id = v_tenant and m.status = 'active';
  end if;
  update rbac.orgs
     set name = case when p_name is null then name else rbac_private.clean_name(p_name, 'organization name') end,
         company_type_id = coalesce(v_type, company_type_id),
         parent_id = coalesce(p_parent_id, parent_id)
   where id = p_org_id
  returning * into v_after;
  -- R2/R3/A3: a move takes the subtree away from roles defined at its old
  -- ancestors, a new company type from roles and user types limited to others.
  if p_parent_id is not null or p_company_type_key is not null then
    perform rbac_private.assert_access_fits(v_tenant, p_org_id => p_org_id);
  end if;
  for i in 1 .. coalesce(cardinality(v_members), 0) loop
    perform rbac_private.assert_gain_within(v_caller.id, v_members[i], v_keys_before[i]);
  end loop;
  -- A move changes the ceilings above the subtree (A2), which can take rights away.
  perform rbac_private.assert_tenant_keeps_admin(v_tenant);
  -- … or give them (a looser ceiling): no new separation-of-duties conflict below it (A6).
  perform rbac_private.assert_no_new_sod_violations(v_tenant, p_org_id, v_sod_before);
  perform rbac_private.audit(v_tenant, v_caller.id, 'org.update', 'org', p_org_id::text, v_after.name,
                             to_jsonb(v_before) - 'tenant_id', to_jsonb(v_after) - 'tenant_id', p_reason);
end;
$$;
comment on function public.update_org(uuid, text, text, uuid, text) is
  'Definer: writes rbac.orgs; checks organizations.manage, the scope of the org and its new parent, R2/R3/A3, and for what a move changes A2 (not one''s own company), A4 (no gain beyond the mover''s rights), A5 and A6 itself.';
grant execute on function public.update_org(uuid, text, text, uuid, text) to authenticated;

-- T1: deletes an organization nothing uses any more: no sub-organizations,
-- nobody whose home it is (former members included: their history names
-- it), no roles or groups defined there, no invitations or join requests
-- for it, no records in any table. Those stay where they are (restrict), so
-- the refusal names what is left; what only described the org goes with it
-- (its place in the tree, accessible-org grants, company roles, email
-- domains). The root is the tenant itself and cannot be deleted.
create function public.delete_org(p_org_id uuid, p_reason text default null) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_tenant uuid := rbac_private.org_tenant(p_org_id);
  v_caller rbac.members;
  v_org rbac.orgs;
  v_table text;
begin
  v_caller := rbac_private.begin_change(v_tenant, 'organizations.manage');
  perform rbac_private.assert_org_in_scope(v_caller.id, p_org_id);
  select * into v_org from rbac.orgs where id = p_org_id;
  if p_org_id = v_tenant then
    raise exception 'The root organization is the tenant itself and cannot be deleted.' using errcode = 'RB005';
  end if;
  begin
    delete from rbac.orgs where id = p_org_id;
  exception when foreign_key_violation then
    get stacked diagnostics v_table = table_name;
    raise exception '% is still in use (%); move or remove that first.', v_org.name,
      case v_table
        when 'orgs' then 'it has sub-organizations'
        when 'members' then 'it is the home organization of members or former members'
        when 'roles' then 'roles are defined there'
        when 'groups' then 'groups are defined there'
        when 'invitations' then 'invitations were sent for it'
        when 'join_requests' then 'join requests were made to it'
        else format('records in %s belong to it', v_table) end
      using errcode = 'RB047', detail = v_table;
  end;
  -- Accessible-org grants went with it; nobody may lose the last administrator that way (A5).
  perform rbac_private.assert_tenant_keeps_admin(v_tenant);
  perform rbac_private.audit(v_tenant, v_caller.id, 'org.delete', 'org', p_org_id::text, v_org.name,
                             to_jsonb(v_org) - 'tenant_id', null, p_reason);
end;
$$;
comment on function public.delete_org(uuid, text) is
  'Definer: deletes from rbac.orgs; checks organizations.manage, the org scope and A5 itself; the foreign keys keep anything still using the org.';
grant execute on function public.delete_org(uuid, text) to authenticated;

-- A3: a company type's name and the user types it allows. Narrowing the
-- allowed user types is refused while a member of such a company has one
-- of the removed types (rbac_private.access_misfit, RB018).
create function public.update_company_type(p_tenant_id uuid, p_key text, p_name text default null,
                                           p_allowed_user_types rbac.user_type[] default null, p_reason text default null) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_caller rbac.members;
  v_before rbac.company_types;
  v_after rbac.company_types;
begin
  v_caller := rbac_private.begin_change(p_tenant_id, 'organizations.manage');
  perform rbac_private.assert_tenant_wide(v_caller.id);
  select * into v_before from rbac.company_types where tenant_id = p_tenant_id and key = p_key;
  if v_before.id is null then
    raise exception 'There is no company type %.', p_key using errcode = 'RB005';
  end if;
  perform rbac_private.assert_user_type_list(p_allowed_user_types);
  update rbac.company_types
     set name = case when p_name is null then name else rbac_private.clean_name(p_name, 'company type name') end,
         allowed_user_types = coalesce(array(select distinct u from unnest(p_allowed_user_types) u order by u), allowed_user_types)
   where id = v_before.id
  returning * into v_after;
  if p_allowed_user_types is not null then
    perform rbac_private.assert_access_fits(p_tenant_id, p_org_id => p_tenant_id);
  end if;
  perform rbac_private.audit(p_tenant_id, v_caller.id, 'company_type.update', 'company_type', v_before.id::text, v_after.name,
                             to_jsonb(v_before) - 'tenant_id', to_jsonb(v_after) - 'tenant_id', p_reason => p_reason);
end;
$$;
comment on function public.update_company_type(uuid, text, text, rbac.user_type[], text) is
  'Definer: writes rbac.company_types; checks organizations.manage, tenant-wide scope and A3 for every member itself.';
grant execute on function public.update_company_type(uuid, text, text, rbac.user_type[], text) to authenticated;

create function public.create_company_type(p_tenant_id uuid, p_key text, p_name text,
                                           p_allowed_user_types rbac.user_type[] default null) returns uuid
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_caller rbac.members;
  v_id uuid;
begin
  v_caller := rbac_private.begin_change(p_tenant_id, 'organizations.manage');
  perform rbac_private.assert_tenant_wide(v_caller.id);
  if p_key is null or p_key !~ '^[a-z][a-z0-9_]{0,62}$' then
    raise exception 'A company type key is lowercase letters, digits and underscores, starting with a letter.' using errcode = 'RB005';
  end if;
  perform rbac_private.assert_user_type_list(p_allowed_user_types);
  insert into rbac.company_types (tenant_id, key, name, allowed_user_types)
  values (p_tenant_id, p_key, rbac_private.clean_name(p_name, 'company type name'),
          coalesce(p_allowed_user_types, array['company_admin', 'administrator', 'power_user', 'private_user']::rbac.user_type[]))
  returning id into v_id;
  perform rbac_private.audit(p_tenant_id, v_caller.id, 'company_type.create', 'company_type', v_id::text, btrim(p_name), null,
                             jsonb_build_object('key', p_key, 'allowed_user_types', p_allowed_user_types));
  return v_id;
exception
  when unique_violation then
    raise exception 'A company type with the key % already exists.', p_key using errcode = 'RB006';
end;
$$;
comment on function public.create_company_type(uuid, text, text, rbac.user_type[]) is
  'Definer: writes rbac.company_types; checks organizations.manage and tenant-wide scope itself.';
grant execute on function public.create_company_type(uuid, text, text, rbac.user_type[]) to authenticated;

-- P2: install or uninstall a module (and its sub-sections) for the tenant.
create function public.set_module_installed(p_tenant_id uuid, p_module_key text, p_installed boolean, p_reason text default null) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_caller rbac.members;
  v_module rbac.modules;
  v_sod_before text[];
begin
  v_caller := rbac_private.begin_change(p_tenant_id, 'organizations.manage');
  perform rbac_private.assert_tenant_wide(v_caller.id);
  select * into v_module from rbac.modules where tenant_id = p_tenant_id and key = p_module_key;
  if v_module.id is null then
    raise exception 'There is no module %.', p_module_key using errcode = 'RB004';
  end if;
  if v_module.is_core and not p_installed then
    raise exception 'The % module is part of the product and cannot be uninstalled.', v_module.name using errcode = 'RB007';
  end if;
  v_sod_before := rbac_private.sod_violations_below(p_tenant_id);
  update rbac.modules set installed = coalesce(p_installed, installed) where id = v_module.id;
  perform rbac_private.assert_no_new_sod_violations(p_tenant_id, null, v_sod_before);
  perform rbac_private.audit(p_tenant_id, v_caller.id, case when p_installed then 'module.install' else 'module.uninstall' end,
                             'module', p_module_key, v_module.name,
                             jsonb_build_object('installed', v_module.installed), jsonb_build_object('installed', p_installed), p_reason);
end;
$$;
comment on function public.set_module_installed(uuid, text, boolean, text) is
  'Definer: writes rbac.modules; checks organizations.manage, tenant-wide scope and A6 itself.';
grant execute on function public.set_module_installed(uuid, text, boolean, text) to authenticated;

-- Catalog definition is the vendor's (presets, deployment scripts): service_role only.
create function public.define_module(p_tenant_id uuid, p_key text, p_name text, p_actions jsonb,
                                     p_is_admin boolean default false, p_installed boolean default true,
                                     p_position integer default 0, p_description text default '') returns bigint
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_id bigint;
begin
  perform rbac_private.lock_tenant(p_tenant_id);
  v_id := rbac_private.define_module(p_tenant_id, p_key, p_name, p_actions, p_is_admin, p_installed, p_position, p_description);
  perform rbac_private.audit(p_tenant_id, null, 'module.define', 'module', p_key, p_name, null,
                             jsonb_build_object('actions', p_actions, 'is_admin', p_is_admin, 'installed', p_installed));
  return v_id;
end;
$$;
comment on function public.define_module(uuid, text, text, jsonb, boolean, boolean, integer, text) is
  'Definer: writes the catalog of any tenant; executable by service_role only (the vendor''s tooling).';
grant execute on function public.define_module(uuid, text, text, jsonb, boolean, boolean, integer, text) to service_role;
