-- =============================================================================
-- Access review (L2): who can do X and through what, which roles can write to
-- a module, who holds admin-type rights, unused roles, and a sign-off that is
-- recorded in the audit log. Every answer comes from the same definition of
-- effective rights (rbac_private.member_grants) that the policies use.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Helpers
-- -----------------------------------------------------------------------------

create function rbac_private.require_reviewer(p_tenant_id uuid) returns rbac.members
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_caller rbac.members := rbac_private.caller(p_tenant_id);
begin
  perform rbac_private.require_permission(v_caller.id, 'access_review.view');
  return v_caller;
end;
$$;
comment on function rbac_private.require_reviewer(uuid) is
  'Definer: reads the caller''s rights for the access-review guard.';

-- -----------------------------------------------------------------------------
-- Public functions
-- -----------------------------------------------------------------------------

-- Who can do X: every path from the permission to a member (role held
-- directly or through a group, possibly through an implying permission), and
-- whether the member really has it once status, installation and company
-- ceilings apply.
create function public.who_can(p_tenant_id uuid, p_permission text)
returns table (member_id uuid, display_name text, email text, status rbac.member_status, user_type rbac.user_type,
               home_org text, role_name text, via text, granted_by_permission text, role_scope rbac.scope,
               effective boolean, effective_scope rbac.scope, blocked_by text)
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_caller rbac.members := rbac_private.require_reviewer(p_tenant_id);
  v_permission rbac.permissions;
  -- R1: paths through a hidden role (Super Administrator) only for those who may see it.
  v_visible uuid[] := rbac_private.my_visible_role_ids();
begin
  select * into v_permission from rbac.permissions where tenant_id = p_tenant_id and key = p_permission;
  if v_permission.id is null then
    raise exception 'There is no permission %.', p_permission using errcode = 'RB005';
  end if;
  return query
  with granting_roles as (
    select r.id as role_id, r.name, p.key as through, rp.scope
      from rbac.roles r
      join rbac.role_permissions rp on rp.tenant_id = r.tenant_id and rp.role_id = r.id
      join rbac.permission_closure pc on pc.tenant_id = rp.tenant_id and pc.permission_id = rp.permission_id
      join rbac.permissions p on p.id = rp.permission_id
     where r.tenant_id = p_tenant_id and r.disabled_at is null and r.kind = 'employee'
       and pc.implied_id = v_permission.id and (not r.hidden or r.id = any (v_visible))
    union all
    select r.id, r.name, '*', 'all'::rbac.scope from rbac.roles r
     where r.tenant_id = p_tenant_id and r.disabled_at is null and r.grants_all and r.kind = 'employee'
       and (not r.hidden or r.id = any (v_visible))
  ),
  paths as (
    select mr.member_id, g.name as role_name, 'direct'::text as via, g.through, g.scope
      from granting_roles g join rbac.member_roles mr on mr.tenant_id = p_tenant_id and mr.role_id = g.role_id
    union all
    select gm.member_id, g.name, 'group: ' || gr_group.name, g.through, g.scope
      from granting_roles g
      join rbac.group_roles gr on gr.tenant_id = p_tenant_id and gr.role_id = g.role_id
      join rbac.groups gr_group on gr_group.id = gr.group_id
      join rbac.group_members gm on gm.tenant_id = p_tenant_id and gm.group_id = gr.group_id
  )
  select m.id, m.display_name, m.email, m.status, m.user_type, o.name, p.role_name, p.via, p.through, p.scope,
         rbac_private.member_has(m.id, p_permission),
         rbac_private.member_scope(m.id, p_permission),
         case
           when m.status <> 'active' then 'member is ' || m.status
           when rbac_private.member_has(m.id, p_permission) then null
           when not exists (select 1 from rbac.modules mo left join rbac.modules pa on pa.id = mo.parent_id
                             where mo.id = v_permission.module_id and mo.installed and coalesce(pa.installed, true))
             then 'module not installed'
           else 'company ceiling of ' || coalesce((
                  select string_agg(co.name, ', ' order by c.depth desc)
                    from rbac.org_closure c join rbac.orgs co on co.id = c.ancestor_id
                   where c.descendant_id = m.home_org_id
                     and exists (select 1 from rbac.org_company_roles ocr where ocr.tenant_id = p_tenant_id and ocr.org_id = co.id)
                     and not exists (select 1 from rbac.org_company_roles ocr
                                       join rbac.roles cr on cr.id = ocr.role_id and cr.disabled_at is null
                                       cross join lateral rbac_private.role_grants(cr.id) g
                                      where ocr.tenant_id = p_tenant_id and ocr.org_id = co.id and g.permission_id = v_permission.id)),
                  'an ancestor')
         end
    from paths p
    join rbac.members m on m.id = p.member_id
    join rbac.orgs o on o.id = m.home_org_id
   where m.status <> 'deleted'
     and m.home_org_id in (select rbac_private.member_admin_orgs(v_caller.id))
   order by m.display_name, p.role_name, p.via;
end;
$$;
comment on function public.who_can(uuid, text) is
  'Definer: reads every path to a permission across the tenant; checks access_review.view itself.';
grant execute on function public.who_can(uuid, text) to authenticated;

-- Which roles can write (any action but view/read) or only read a module, and how many hold them.
create function public.module_access(p_tenant_id uuid, p_module text, p_write_only boolean default true)
returns table (role_id uuid, role_name text, kind rbac.role_kind, actions text[], writes boolean, holders bigint)
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_caller rbac.members := rbac_private.require_reviewer(p_tenant_id);
begin
  if not exists (select 1 from rbac.modules where tenant_id = p_tenant_id and key = p_module) then
    raise exception 'There is no module %.', p_module using errcode = 'RB005';
  end if;
  return query
    select r.id, r.name, r.kind, x.actions, x.writes,
           (select count(*) from rbac_private.role_holder_ids(r.id))
      from rbac.roles r
      cross join lateral (
        select array_agg(p.action order by p.position) as actions,
               bool_or(p.action not in ('view', 'read')) as writes
          from rbac_private.role_grants(r.id) g
          join rbac.permissions p on p.id = g.permission_id
          join rbac.modules mo on mo.id = p.module_id
         where mo.key = p_module or mo.key like p_module || '.%') x
     where r.tenant_id = p_tenant_id and r.disabled_at is null
       and r.id = any (rbac_private.my_visible_role_ids())
       and x.actions is not null
       and (not p_write_only or x.writes)
     order by r.name;
end;
$$;
comment on function public.module_access(uuid, text, boolean) is
  'Definer: reads every role''s grants on a module; checks access_review.view itself.';
grant execute on function public.module_access(uuid, text, boolean) to authenticated;

-- Members holding any admin-type permission (P5), with what they hold.
create function public.admin_holders(p_tenant_id uuid)
returns table (member_id uuid, display_name text, email text, user_type rbac.user_type, home_org text,
               admin_permissions text[], full_administrator boolean)
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_caller rbac.members := rbac_private.require_reviewer(p_tenant_id);
begin
  return query
    select m.id, m.display_name, m.email, m.user_type, o.name, x.perms, rbac_private.is_full_admin(m.id)
      from rbac.members m
      join rbac.orgs o on o.id = m.home_org_id
      cross join lateral (
        select array_agg(p.key order by p.key) as perms
          from rbac_private.member_grants(m.id) g
          join rbac.permissions p on p.id = g.permission_id
          join rbac.modules mo on mo.id = p.module_id
          left join rbac.modules pa on pa.id = mo.parent_id
         where mo.is_admin or coalesce(pa.is_admin, false)) x
     where m.tenant_id = p_tenant_id and m.status = 'active' and x.perms is not null
       and m.home_org_id in (select rbac_private.member_admin_orgs(v_caller.id))
     order by m.display_name;
end;
$$;
comment on function public.admin_holders(uuid) is
  'Definer: reads every member''s admin-type rights; checks access_review.view itself.';
grant execute on function public.admin_holders(uuid) to authenticated;

-- L2: records that the caller reviewed access, with a summary of what they saw.
create function public.sign_off_access_review(p_tenant_id uuid, p_notes text default null) returns bigint
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_caller rbac.members;
  v_summary jsonb;
begin
  v_caller := rbac_private.begin_change(p_tenant_id, 'access_review.sign_off');
  if length(coalesce(p_notes, '')) > 2000 then
    raise exception 'The notes can be at most 2000 characters long.' using errcode = 'RB005';
  end if;
  -- What the reviewer attests to, kept with the sign-off: who held
  -- admin-type rights and which ones (by name, as the review page showed
  -- them), the counts and lint findings, and the audit log's fingerprint at
  -- that moment (L1: a later rewrite of the log before it would not match).
  select jsonb_build_object(
           -- What the attestation covers: the admin holders listed are those
           -- in the reviewer's scope, so a reviewer below the root signs off
           -- for their part of the organization only, and it says which.
           'covers', case when v_caller.user_type = 'company_admin'
                            or (v_caller.user_type = 'administrator' and v_caller.home_org_id = p_tenant_id)
                          then jsonb_build_object('whole_tenant', true)
                          else jsonb_build_object('whole_tenant', false, 'orgs',
                                 (select coalesce(jsonb_agg(o.name order by o.name), '[]') from rbac.orgs o
                                   where o.id in (select rbac_private.member_admin_orgs(v_caller.id)))) end,
           'active_members', (select count(*) from rbac.members where tenant_id = p_tenant_id and status = 'active'),
           'active_roles', (select count(*) from rbac.roles where tenant_id = p_tenant_id and disabled_at is null),
           'admin_holders', (select coalesce(jsonb_agg(jsonb_build_object(
                                      'member_id', a.member_id, 'member', a.display_name,
                                      'full_administrator', a.full_administrator, 'admin_permissions', a.admin_permissions)
                                    order by a.display_name), '[]')
                               from public.admin_holders(p_tenant_id) a),
           'lint_findings', case when rbac_private.member_has(v_caller.id, 'roles.view') then
                              (select coalesce(jsonb_object_agg(rule, n), '{}') from (
                                 select rule, count(*) as n from public.lint_roles(p_tenant_id) group by rule) l) end,
           'audit_head', (select jsonb_build_object('seq', h.last_seq, 'fingerprint', encode(h.last_hash, 'hex'))
                            from rbac.audit_heads h where h.tenant_id = p_tenant_id and h.last_seq > 0))
    into v_summary;
  return rbac_private.audit(p_tenant_id, v_caller.id, 'access_review.sign_off', 'tenant', p_tenant_id::text, null,
                            null, v_summary, p_notes);
end;
$$;
comment on function public.sign_off_access_review(uuid, text) is
  'Definer: writes the sign-off, with the admin holders and the log''s head it attests to, into the audit log, which members cannot write; checks access_review.sign_off itself.';
grant execute on function public.sign_off_access_review(uuid, text) to authenticated;
