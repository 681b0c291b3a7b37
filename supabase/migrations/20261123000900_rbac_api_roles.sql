-- =============================================================================
-- Public API: roles (R1–R5, A4, A6). Create, edit, set permissions, disable,
-- restore, approve, starter templates, assignable lists, separation-of-duties
-- rules. Delegation (A4) applies to every one: a caller defines, edits or
-- disables only roles inside their rights and at orgs inside their scope.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Helpers
-- -----------------------------------------------------------------------------

-- A role of a tenant the caller belongs to, or a refusal (hidden roles the
-- caller may not see are reported as missing).
create function rbac_private.visible_role(p_role_id uuid) returns rbac.roles
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_role rbac.roles;
begin
  select * into v_role from rbac.roles where id = p_role_id;
  if v_role.id is null or not v_role.id = any (rbac_private.my_visible_role_ids()) then
    perform rbac_private.refuse_former_member(v_role.tenant_id);
    raise exception 'This role does not exist or you cannot see it.' using errcode = 'RB004';
  end if;
  return v_role;
end;
$$;
comment on function rbac_private.visible_role(uuid) is
  'Definer: reads the role and the caller''s rights to decide whether the caller may see it (R1).';

-- Active members holding a role directly or through a group.
create function rbac_private.role_holder_ids(p_role_id uuid) returns setof uuid
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select mr.member_id from rbac.member_roles mr
    join rbac.members m on m.id = mr.member_id and m.status = 'active'
   where mr.role_id = p_role_id
  union
  select gm.member_id from rbac.group_roles gr
    join rbac.group_members gm on gm.tenant_id = gr.tenant_id and gm.group_id = gr.group_id
    join rbac.members m on m.id = gm.member_id and m.status = 'active'
   where gr.role_id = p_role_id
$$;
comment on function rbac_private.role_holder_ids(uuid) is
  'Definer: reads who holds a role, for the guards of role changes; not executable by authenticated.';

-- A6 after a role gained permissions: no holder may now break a rule.
-- Skipped outright when the tenant has no rules, so large roles stay fast.
-- Otherwise only holders who could break a rule get the full check: a
-- member's effective rights never exceed what their roles grant (ceilings,
-- uninstalled modules, disabled roles and the administrator exemption only
-- take away), except where RBAC is off and everyone may do everything (U4).
-- Checking every holder cost 2–3 ms each, 26 s for a role 10,000 members
-- hold (docs/benchmarks.md); the filter is one set-based query.
create function rbac_private.assert_role_holders_sod(p_role_id uuid) returns void
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_tenant uuid;
  v_rbac_enabled boolean;
  v_candidates uuid[];
  v_member uuid;
begin
  select r.tenant_id, t.rbac_enabled into v_tenant, v_rbac_enabled
    from rbac.roles r join rbac.tenants t on t.id = r.tenant_id where r.id = p_role_id;
  if not exists (select 1 from rbac.sod_rules s where s.tenant_id = v_tenant) then
    return;
  end if;
  if v_rbac_enabled then
    with rule_permissions as (
      select s.permission_a as permission_id from rbac.sod_rules s where s.tenant_id = v_tenant
      union
      select s.permission_b from rbac.sod_rules s where s.tenant_id = v_tenant
    ),
    -- Roles granting a rule permission, implied ones included (as role_grants,
    -- installed or not, disabled roles too). Grants-everything roles are left
    -- out: an active one exempts its holder (assert_no_sod_conflict), a
    -- disabled one grants nothing.
    reaching_roles as (
      select distinct rp.role_id, pc.implied_id as permission_id
        from rule_permissions x
        join rbac.permission_closure pc on pc.tenant_id = v_tenant and pc.implied_id = x.permission_id
        join rbac.role_permissions rp on rp.tenant_id = v_tenant and rp.permission_id = pc.permission_id
    ),
    -- Who holds those roles, directly or through a group (duplicates are harmless).
    reach as (
      select mr.member_id, rr.permission_id
        from reaching_roles rr join rbac.member_roles mr on mr.tenant_id = v_tenant and mr.role_id = rr.role_id
      union all
      select gm.member_id, rr.permission_id
        from reaching_roles rr
        join rbac.group_roles gr on gr.tenant_id = v_tenant and gr.role_id = rr.role_id
        join rbac.group_members gm on gm.tenant_id = gr.tenant_id and gm.group_id = gr.group_id
    )
    -- Members reaching both permissions of a rule.
    select array_agg(distinct a.member_id) into v_candidates
      from rbac.sod_rules s
      join reach a on a.permission_id = s.permission_a
      join reach b on b.member_id = a.member_id and b.permission_id = s.permission_b
     where s.tenant_id = v_tenant;
    if v_candidates is null then
      return;
    end if;
  end if;
  for v_member in select h.member_id from rbac_private.role_holder_ids(p_role_id) h(member_id)
                   where not v_rbac_enabled or h.member_id = any (v_candidates) loop
    perform rbac_private.assert_no_sod_conflict(v_member);
  end loop;
end;
$$;
comment on function rbac_private.assert_role_holders_sod(uuid) is
  'Definer: reads every holder''s rights and the tenant''s rules for the A6 guard of role edits.';

-- A6 for company roles: a company role caps every org it is given to and the
-- orgs below (A2), so more permissions on it, or restoring it, loosen those
-- ceilings and can complete a separation-of-duties pair for a member below.
-- The conflicts below those orgs before the change, for
-- assert_company_role_sod after it; empty for employee roles and tenants
-- without rules (nothing to compare).
create function rbac_private.company_role_sod_before(p_role rbac.roles) returns text[]
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select case when p_role.kind <> 'company' or not exists (select 1 from rbac.sod_rules s where s.tenant_id = p_role.tenant_id)
              then '{}'::text[]
              else coalesce((select array_agg(v)
                               from rbac.org_company_roles o
                               cross join lateral unnest(rbac_private.sod_violations_below(o.tenant_id, o.org_id)) v
                              where o.tenant_id = p_role.tenant_id and o.role_id = p_role.id), '{}') end
$$;
comment on function rbac_private.company_role_sod_before(rbac.roles) is
  'Definer: reads the rights of members below the orgs a company role caps for the A6 guard; not executable by authenticated.';

create function rbac_private.assert_company_role_sod(p_role rbac.roles, p_before text[]) returns void
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_org uuid;
begin
  if p_role.kind <> 'company' or not exists (select 1 from rbac.sod_rules s where s.tenant_id = p_role.tenant_id) then
    return;
  end if;
  for v_org in select o.org_id from rbac.org_company_roles o where o.tenant_id = p_role.tenant_id and o.role_id = p_role.id loop
    perform rbac_private.assert_no_new_sod_violations(p_role.tenant_id, v_org, p_before);
  end loop;
end;
$$;
comment on function rbac_private.assert_company_role_sod(rbac.roles, text[]) is
  'Definer: reads members'' rights and the tenant''s rules for the A6 guard of company role changes.';

-- A4: who may edit, disable or restore a role: it is defined at an org inside
-- the caller's scope and grants nothing beyond the caller's rights.
create function rbac_private.assert_may_manage_role(p_caller_id uuid, p_role rbac.roles, p_verb text) returns void
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform rbac_private.assert_org_in_scope(p_caller_id, p_role.org_id);
  perform rbac_private.assert_may_grant_role(p_caller_id, p_role.id, p_verb);
end;
$$;
comment on function rbac_private.assert_may_manage_role(uuid, rbac.roles, text) is
  'Definer: reads the caller''s scope and rights for the A4 guard of role edits.';

-- A3/R4: a change to a role reaches every holder at once, so it is made only
-- by someone who administers all of them. A role shared down from an org is
-- held below it, where a power user of that org (who administers his org
-- alone, seed 001) has no say. Checked after the change's own guards, so
-- their more specific refusals come first.
create function rbac_private.assert_role_holders_in_scope(p_caller_id uuid, p_role rbac.roles, p_verb text) returns void
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_caller rbac.members;
  v_orgs uuid[];
begin
  select * into v_caller from rbac.members where id = p_caller_id;
  if v_caller.user_type = 'company_admin' or (v_caller.user_type = 'administrator' and v_caller.home_org_id = v_caller.tenant_id) then
    return;
  end if;
  v_orgs := array(select rbac_private.member_admin_orgs(p_caller_id));
  if exists (
       -- Holders, directly or through a group, active or deactivated (who
       -- gets the role back as it is on reactivation).
       select 1 from rbac.member_roles mr join rbac.members m on m.id = mr.member_id
        where mr.tenant_id = p_role.tenant_id and mr.role_id = p_role.id and m.status in ('active', 'deactivated')
          and m.home_org_id <> all (v_orgs)
       union all
       select 1 from rbac.group_roles gr
         join rbac.group_members gm on gm.tenant_id = gr.tenant_id and gm.group_id = gr.group_id
         join rbac.members m on m.id = gm.member_id
        where gr.tenant_id = p_role.tenant_id and gr.role_id = p_role.id and m.status in ('active', 'deactivated')
          and m.home_org_id <> all (v_orgs)
       union all
       -- A company role caps its org and every org below it (A2).
       select 1 from rbac.org_company_roles c join rbac.org_closure cl on cl.ancestor_id = c.org_id
        where c.tenant_id = p_role.tenant_id and c.role_id = p_role.id
          and cl.descendant_id <> all (v_orgs)) then
    raise exception 'Some holders of % are outside the part of the organization you administer; only someone whose scope covers all of them can % it.',
      p_role.name, p_verb using errcode = 'RB011';
  end if;
end;
$$;
comment on function rbac_private.assert_role_holders_in_scope(uuid, rbac.roles, text) is
  'Definer: reads the role''s holders and the caller''s scope for the A3 guard of role changes.';

-- Replaces a role's permissions after checking the caller may grant every one (A4).
create function rbac_private.write_role_permissions(p_caller_id uuid, p_role rbac.roles, p_permissions jsonb) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_ids bigint[];
  v_scopes rbac.scope[];
  v_missing text;
begin
  select coalesce(array_agg(r.permission_id), '{}'), coalesce(array_agg(r.scope), '{}')
    into v_ids, v_scopes
    from rbac_private.resolve_permissions(p_role.tenant_id, p_permissions) r;
  v_missing := rbac_private.first_ungranted(p_caller_id, v_ids, v_scopes);
  if v_missing is not null then
    raise exception 'You cannot give the role % the permission %, which you do not have.', p_role.name, v_missing
      using errcode = 'RB010', detail = v_missing;
  end if;
  delete from rbac.role_permissions rp
   where rp.tenant_id = p_role.tenant_id and rp.role_id = p_role.id and not rp.permission_id = any (v_ids);
  insert into rbac.role_permissions (tenant_id, role_id, permission_id, scope)
  select p_role.tenant_id, p_role.id, x.permission_id, x.scope from unnest(v_ids, v_scopes) x(permission_id, scope)
  on conflict (tenant_id, role_id, permission_id) do update set scope = excluded.scope
   where rbac.role_permissions.scope is distinct from excluded.scope;
end;
$$;
comment on function rbac_private.write_role_permissions(uuid, rbac.roles, jsonb) is
  'Definer: writes rbac.role_permissions for the role functions after the A4 check; not executable by authenticated.';

-- Replaces the company types a role is limited to (R3); null or empty: no limit.
create function rbac_private.write_role_company_types(p_role rbac.roles, p_company_type_keys text[]) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_unknown text;
begin
  select k into v_unknown from unnest(coalesce(p_company_type_keys, '{}')) k
   where not exists (select 1 from rbac.company_types t where t.tenant_id = p_role.tenant_id and t.key = k) limit 1;
  if v_unknown is not null then
    raise exception 'There is no company type %.', v_unknown using errcode = 'RB005';
  end if;
  delete from rbac.role_company_types where tenant_id = p_role.tenant_id and role_id = p_role.id;
  insert into rbac.role_company_types (tenant_id, role_id, company_type_id)
  select p_role.tenant_id, p_role.id, t.id from rbac.company_types t
   where t.tenant_id = p_role.tenant_id and t.key = any (coalesce(p_company_type_keys, '{}'));
end;
$$;
comment on function rbac_private.write_role_company_types(rbac.roles, text[]) is
  'Definer: writes rbac.role_company_types for the role functions; not executable by authenticated.';

-- The audit picture of a role: its fields and its permission keys.
create function rbac_private.role_snapshot(p_role_id uuid) returns jsonb
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select to_jsonb(r) - 'tenant_id' || jsonb_build_object(
           'permissions', coalesce((select jsonb_agg(p.key || case when p.scoped then ':' || rp.scope else '' end order by p.key)
                                      from rbac.role_permissions rp join rbac.permissions p on p.id = rp.permission_id
                                     where rp.tenant_id = r.tenant_id and rp.role_id = r.id), '[]'::jsonb),
           'company_types', coalesce((select jsonb_agg(t.key order by t.key)
                                        from rbac.role_company_types rt join rbac.company_types t on t.id = rt.company_type_id
                                       where rt.tenant_id = r.tenant_id and rt.role_id = r.id), '[]'::jsonb))
    from rbac.roles r where r.id = p_role_id
$$;
comment on function rbac_private.role_snapshot(uuid) is
  'Definer: reads a role''s fields and grants for the audit picture; not executable by authenticated.';

-- -----------------------------------------------------------------------------
-- Public functions
-- -----------------------------------------------------------------------------

-- R2/R3/A4: a custom role defined at an org (available to it and its descendants).
-- p_permissions: ["accounts.view", {"permission": "conversations.view", "scope": "team"}, …]
create function public.create_role(
  p_org_id uuid,
  p_name text,
  p_description text default '',
  p_permissions jsonb default '[]'::jsonb,
  p_kind rbac.role_kind default 'employee',
  p_company_type_keys text[] default null,
  p_template_key text default null
) returns uuid
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_tenant uuid := rbac_private.org_tenant(p_org_id);
  v_caller rbac.members;
  v_role rbac.roles;
begin
  v_caller := rbac_private.begin_change(v_tenant, 'roles.create');
  perform rbac_private.assert_org_in_scope(v_caller.id, p_org_id);
  if length(coalesce(p_description, '')) > 2000 then
    raise exception 'The description can be at most 2000 characters long.' using errcode = 'RB005';
  end if;
  begin
    insert into rbac.roles (tenant_id, org_id, name, description, kind, template_key, created_by)
    values (v_tenant, p_org_id, rbac_private.clean_name(p_name, 'role name', 100), coalesce(p_description, ''),
            coalesce(p_kind, 'employee'), p_template_key, v_caller.id)
    returning * into v_role;
  exception when unique_violation then
    raise exception 'An active role named % already exists at this organization.', btrim(p_name) using errcode = 'RB006';
  end;
  perform rbac_private.write_role_permissions(v_caller.id, v_role, coalesce(p_permissions, '[]'::jsonb));
  perform rbac_private.write_role_company_types(v_role, p_company_type_keys);
  perform rbac_private.audit(v_tenant, v_caller.id, 'role.create', 'role', v_role.id::text, v_role.name,
                             null, rbac_private.role_snapshot(v_role.id));
  return v_role.id;
end;
$$;
comment on function public.create_role(uuid, text, text, jsonb, rbac.role_kind, text[], text) is
  'Definer: writes rbac.roles and its permissions; checks roles.create, the org scope and A4 (nothing beyond the caller''s rights) itself.';
grant execute on function public.create_role(uuid, text, text, jsonb, rbac.role_kind, text[], text) to authenticated;

-- R4: edits apply to every holder on their next statement. Arguments left
-- null keep their value; p_permissions replaces the whole set.
create function public.update_role(
  p_role_id uuid,
  p_name text default null,
  p_description text default null,
  p_permissions jsonb default null,
  p_company_type_keys text[] default null,
  p_reason text default null
) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_role rbac.roles := rbac_private.visible_role(p_role_id);
  v_caller rbac.members;
  v_before jsonb;
  v_sod_before text[];
begin
  v_caller := rbac_private.begin_change(v_role.tenant_id, 'roles.edit');
  select * into v_role from rbac.roles where id = p_role_id;
  if v_role.disabled_at is not null then
    raise exception 'The role % is disabled; restore it before editing.', v_role.name using errcode = 'RB017';
  end if;
  if v_role.grants_all and (p_permissions is not null or p_company_type_keys is not null) then
    raise exception 'The % role always grants everything; its permissions cannot be changed.', v_role.name using errcode = 'RB007';
  end if;
  if length(coalesce(p_description, '')) > 2000 then
    raise exception 'The description can be at most 2000 characters long.' using errcode = 'RB005';
  end if;
  perform rbac_private.assert_may_manage_role(v_caller.id, v_role, 'edit');
  v_before := rbac_private.role_snapshot(p_role_id);
  if p_permissions is not null then
    v_sod_before := rbac_private.company_role_sod_before(v_role);
  end if;
  begin
    update rbac.roles
       set name = case when p_name is null then name else rbac_private.clean_name(p_name, 'role name', 100) end,
           description = coalesce(p_description, description),
           updated_at = now()
     where id = p_role_id
    returning * into v_role;
  exception when unique_violation then
    raise exception 'An active role named % already exists at this organization.', btrim(p_name) using errcode = 'RB006';
  end;
  if p_permissions is not null then
    perform rbac_private.write_role_permissions(v_caller.id, v_role, p_permissions);
    -- An approval covers the permissions approved (who approved each role):
    -- changing them withdraws it until someone approves the new set.
    if rbac_private.role_snapshot(p_role_id) -> 'permissions' is distinct from v_before -> 'permissions' then
      update rbac.roles set approved_by = null, approved_at = null, permissions_changed_by = v_caller.id where id = p_role_id;
    end if;
  end if;
  if p_company_type_keys is not null then
    perform rbac_private.write_role_company_types(v_role, p_company_type_keys);
    -- R3: members, groups and companies already using the role keep fitting it.
    perform rbac_private.assert_access_fits(v_role.tenant_id, p_role_id => p_role_id);
  end if;
  perform rbac_private.assert_tenant_keeps_admin(v_role.tenant_id);
  perform rbac_private.assert_role_holders_sod(p_role_id);
  if p_permissions is not null then
    perform rbac_private.assert_company_role_sod(v_role, v_sod_before);
  end if;
  perform rbac_private.assert_role_holders_in_scope(v_caller.id, v_role, 'edit');
  perform rbac_private.audit(v_role.tenant_id, v_caller.id, 'role.update', 'role', p_role_id::text, v_role.name,
                             v_before, rbac_private.role_snapshot(p_role_id), p_reason);
end;
$$;
comment on function public.update_role(uuid, text, text, jsonb, text[], text) is
  'Definer: writes rbac.roles and its permissions; checks roles.edit, A4 and A6 for every holder itself.';
grant execute on function public.update_role(uuid, text, text, jsonb, text[], text) to authenticated;

-- R5: disabling is a soft delete; holders lose its rights on their next statement.
create function public.disable_role(p_role_id uuid, p_reason text default null) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_role rbac.roles := rbac_private.visible_role(p_role_id);
  v_caller rbac.members;
begin
  v_caller := rbac_private.begin_change(v_role.tenant_id, 'roles.delete');
  select * into v_role from rbac.roles where id = p_role_id;
  if v_role.system_key is not null then
    raise exception 'The % role is a system role and cannot be disabled.', v_role.name using errcode = 'RB007';
  end if;
  if v_role.disabled_at is not null then
    raise exception 'The role % is already disabled.', v_role.name using errcode = 'RB017';
  end if;
  perform rbac_private.assert_may_manage_role(v_caller.id, v_role, 'disable');
  perform rbac_private.assert_role_holders_in_scope(v_caller.id, v_role, 'disable');
  update rbac.roles set disabled_at = now(), disabled_by = v_caller.id, updated_at = now() where id = p_role_id;
  perform rbac_private.assert_tenant_keeps_admin(v_role.tenant_id);
  perform rbac_private.audit(v_role.tenant_id, v_caller.id, 'role.disable', 'role', p_role_id::text, v_role.name,
                             jsonb_build_object('disabled_at', null),
                             jsonb_build_object('disabled_at', now(),
                               'holders', (select count(*) from rbac_private.role_holder_ids(p_role_id))),
                             p_reason);
end;
$$;
comment on function public.disable_role(uuid, text) is
  'Definer: writes rbac.roles; checks roles.delete, A4 and A5 itself.';
grant execute on function public.disable_role(uuid, text) to authenticated;

create function public.restore_role(p_role_id uuid, p_reason text default null) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_role rbac.roles := rbac_private.visible_role(p_role_id);
  v_caller rbac.members;
  v_sod_before text[];
begin
  v_caller := rbac_private.begin_change(v_role.tenant_id, 'roles.delete');
  select * into v_role from rbac.roles where id = p_role_id;
  if v_role.disabled_at is null then
    raise exception 'The role % is not disabled.', v_role.name using errcode = 'RB005';
  end if;
  perform rbac_private.assert_may_manage_role(v_caller.id, v_role, 'restore');
  perform rbac_private.assert_role_holders_in_scope(v_caller.id, v_role, 'restore');
  v_sod_before := rbac_private.company_role_sod_before(v_role);
  begin
    update rbac.roles set disabled_at = null, disabled_by = null, updated_at = now() where id = p_role_id;
  exception when unique_violation then
    raise exception 'Another active role is already named % at this organization; rename one of them first.', v_role.name
      using errcode = 'RB006';
  end;
  perform rbac_private.assert_role_holders_sod(p_role_id);
  perform rbac_private.assert_company_role_sod(v_role, v_sod_before);
  perform rbac_private.audit(v_role.tenant_id, v_caller.id, 'role.restore', 'role', p_role_id::text, v_role.name,
                             jsonb_build_object('disabled_at', v_role.disabled_at), jsonb_build_object('disabled_at', null),
                             p_reason);
end;
$$;
comment on function public.restore_role(uuid, text) is
  'Definer: writes rbac.roles; checks roles.delete, A4 and A6 itself.';
grant execute on function public.restore_role(uuid, text) to authenticated;

-- Four eyes on the version being approved: the member who set its
-- permissions (created the role, or changed them last) is not the one to
-- approve it. A later edit of the name or description by someone else
-- changes nothing here (it let an author approve his own permission change).
-- One rule for approve_role and for the page that offers it.
create function rbac_private.role_last_author(p_role rbac.roles) returns uuid
language sql
immutable
set search_path = pg_catalog, pg_temp
as $$
  select coalesce(p_role.permissions_changed_by, p_role.created_by)
$$;
comment on function rbac_private.role_last_author(rbac.roles) is
  'A4/S3: who set the role''s current permissions.';

-- Why the caller may not approve a role now (a sentence), or null when they
-- may: the role page offers Approve only then.
create function public.role_approval_refusal(p_role_id uuid) returns text
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_role rbac.roles := rbac_private.visible_role(p_role_id);
  v_caller rbac.members := rbac_private.caller(v_role.tenant_id);
begin
  if v_role.approved_at is not null then
    return 'This version of the role is approved.';
  elsif not rbac_private.member_has(v_caller.id, 'roles.approve') then
    return 'Approving roles needs roles.approve.';
  elsif v_caller.id = rbac_private.role_last_author(v_role) then
    return 'You created or last changed this role; another administrator must approve it.';
  end if;
  return null;
end;
$$;
comment on function public.role_approval_refusal(uuid) is
  'Definer: reads the role''s last author from the audit log; answers only whether the caller may approve.';
grant execute on function public.role_approval_refusal(uuid) to authenticated;

-- Compliance: who approved each role. A second person must approve.
create function public.approve_role(p_role_id uuid, p_reason text default null) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_role rbac.roles := rbac_private.visible_role(p_role_id);
  v_caller rbac.members;
begin
  v_caller := rbac_private.begin_change(v_role.tenant_id, 'roles.approve');
  select * into v_role from rbac.roles where id = p_role_id;
  -- Four eyes on the version being approved: whoever made it (created the
  -- role, or changed it last, as the audit log records) cannot approve it.
  if v_caller.id = rbac_private.role_last_author(v_role) then
    raise exception 'You cannot approve a role you created or last changed; another administrator must approve it.' using errcode = 'RB012';
  end if;
  perform rbac_private.assert_may_manage_role(v_caller.id, v_role, 'approve');
  update rbac.roles set approved_by = v_caller.id, approved_at = now() where id = p_role_id;
  perform rbac_private.audit(v_role.tenant_id, v_caller.id, 'role.approve', 'role', p_role_id::text, v_role.name,
                             jsonb_build_object('approved_by', v_role.approved_by),
                             jsonb_build_object('approved_by', v_caller.id), p_reason => p_reason);
end;
$$;
comment on function public.approve_role(uuid, text) is
  'Definer: writes the approval on rbac.roles and reads the audit log to find its last editor; checks roles.approve and the second-person rule itself.';
grant execute on function public.approve_role(uuid, text) to authenticated;

-- R1: a starter role is created from a template only when asked for.
create function public.create_role_from_template(p_org_id uuid, p_template_key text, p_name text default null) returns uuid
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_tenant uuid := rbac_private.org_tenant(p_org_id);
  v_template rbac.role_templates;
begin
  select * into v_template from rbac.role_templates where tenant_id = v_tenant and key = p_template_key;
  if v_template.id is null then
    raise exception 'There is no starter role %.', p_template_key using errcode = 'RB004';
  end if;
  return public.create_role(p_org_id, coalesce(nullif(btrim(p_name), ''), v_template.name), v_template.description,
                            v_template.permissions, v_template.kind, null, v_template.key);
end;
$$;
comment on function public.create_role_from_template(uuid, text, text) is
  'Definer: reads the tenant''s template, then creates the role through create_role, which checks roles.create and A4.';
grant execute on function public.create_role_from_template(uuid, text, text) to authenticated;

-- A4: the roles holders of this role may assign; null or empty removes the list.
create function public.set_assignable_roles(p_role_id uuid, p_assignable_role_ids uuid[], p_reason text default null) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_role rbac.roles := rbac_private.visible_role(p_role_id);
  v_caller rbac.members;
  v_before jsonb;
  v_visible uuid[];
begin
  v_caller := rbac_private.begin_change(v_role.tenant_id, 'roles.edit');
  perform rbac_private.assert_may_manage_role(v_caller.id, v_role, 'edit');
  perform rbac_private.assert_role_holders_in_scope(v_caller.id, v_role, 'edit');
  -- R1/S4: the caller sets the part of the list they can see. A hidden role
  -- on it (the Super Administrator) is neither named to them nor dropped by
  -- their save, and they cannot put one there.
  v_visible := rbac_private.my_visible_role_ids();
  if exists (select 1 from unnest(coalesce(p_assignable_role_ids, '{}')) a
              where not exists (select 1 from rbac.roles r where r.tenant_id = v_role.tenant_id and r.id = a)
                 or not a = any (v_visible)) then
    raise exception 'An assignable role does not exist in this organization or you cannot see it.' using errcode = 'RB004';
  end if;
  select coalesce(jsonb_agg(assignable_role_id order by assignable_role_id), '[]') into v_before
    from rbac.role_assignable_roles
   where tenant_id = v_role.tenant_id and role_id = p_role_id and assignable_role_id = any (v_visible);
  delete from rbac.role_assignable_roles
   where tenant_id = v_role.tenant_id and role_id = p_role_id and assignable_role_id = any (v_visible);
  insert into rbac.role_assignable_roles (tenant_id, role_id, assignable_role_id)
  select distinct v_role.tenant_id, p_role_id, a from unnest(coalesce(p_assignable_role_ids, '{}')) a
  on conflict do nothing;
  perform rbac_private.audit(v_role.tenant_id, v_caller.id, 'role.set_assignable', 'role', p_role_id::text, v_role.name,
                             v_before, coalesce(to_jsonb(p_assignable_role_ids), '[]'), p_reason => p_reason);
end;
$$;
comment on function public.set_assignable_roles(uuid, uuid[], text) is
  'Definer: writes rbac.role_assignable_roles; checks roles.edit and A4 itself.';
grant execute on function public.set_assignable_roles(uuid, uuid[], text) to authenticated;

-- A6: declare two permissions that no member may hold together. Existing
-- conflicts are not undone here; lint_roles lists them.
create function public.create_sod_rule(p_tenant_id uuid, p_name text, p_permission_a text, p_permission_b text, p_reason text default null) returns uuid
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_caller rbac.members;
  v_a bigint;
  v_b bigint;
  v_id uuid;
begin
  v_caller := rbac_private.begin_change(p_tenant_id, 'roles.edit');
  perform rbac_private.assert_tenant_wide(v_caller.id);
  select id into v_a from rbac.permissions where tenant_id = p_tenant_id and key = p_permission_a;
  select id into v_b from rbac.permissions where tenant_id = p_tenant_id and key = p_permission_b;
  if v_a is null or v_b is null then
    raise exception 'There is no permission %.', case when v_a is null then p_permission_a else p_permission_b end using errcode = 'RB005';
  end if;
  if v_a = v_b then
    raise exception 'A separation-of-duties rule needs two different permissions.' using errcode = 'RB005';
  end if;
  insert into rbac.sod_rules (tenant_id, name, permission_a, permission_b)
  values (p_tenant_id, rbac_private.clean_name(p_name, 'rule name'), least(v_a, v_b), greatest(v_a, v_b))
  returning id into v_id;
  perform rbac_private.audit(p_tenant_id, v_caller.id, 'sod_rule.create', 'sod_rule', v_id::text, btrim(p_name), null,
                             jsonb_build_object('permissions', jsonb_build_array(p_permission_a, p_permission_b)), p_reason => p_reason);
  return v_id;
exception
  when unique_violation then
    raise exception 'A rule for these two permissions already exists.' using errcode = 'RB006';
end;
$$;
comment on function public.create_sod_rule(uuid, text, text, text, text) is
  'Definer: writes rbac.sod_rules; checks roles.edit and tenant-wide scope itself.';
grant execute on function public.create_sod_rule(uuid, text, text, text, text) to authenticated;

create function public.delete_sod_rule(p_rule_id uuid, p_reason text default null) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_rule rbac.sod_rules;
  v_caller rbac.members;
begin
  select * into v_rule from rbac.sod_rules where id = p_rule_id and tenant_id = any (rbac_private.my_tenant_ids());
  if v_rule.id is null then
    raise exception 'This rule does not exist.' using errcode = 'RB004';
  end if;
  v_caller := rbac_private.begin_change(v_rule.tenant_id, 'roles.edit');
  perform rbac_private.assert_tenant_wide(v_caller.id);
  delete from rbac.sod_rules where id = p_rule_id;
  perform rbac_private.audit(v_rule.tenant_id, v_caller.id, 'sod_rule.delete', 'sod_rule', p_rule_id::text, v_rule.name,
                             to_jsonb(v_rule) - 'tenant_id', null, p_reason => p_reason);
end;
$$;
comment on function public.delete_sod_rule(uuid, text) is
  'Definer: writes rbac.sod_rules; checks roles.edit and tenant-wide scope itself.';
grant execute on function public.delete_sod_rule(uuid, text) to authenticated;
