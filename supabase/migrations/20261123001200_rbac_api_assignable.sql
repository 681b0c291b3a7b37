-- =============================================================================
-- Public API: the roles the caller may give someone at an org (A4), so the UI
-- offers exactly what the database will accept (seed 001: "User 1 can only
-- access Roles 2 and 3").
-- =============================================================================

create function public.assignable_roles(p_org_id uuid)
returns table (id uuid, name text, description text, org_id uuid)
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_tenant uuid := rbac_private.org_tenant(p_org_id);
  v_caller rbac.members := rbac_private.caller(v_tenant);
  v_org rbac.orgs;
  v_listed boolean;
begin
  select * into v_org from rbac.orgs where id = p_org_id;
  if not rbac_private.member_has(v_caller.id, 'users.assign_roles')
     or v_caller.user_type = 'private_user'
     or p_org_id not in (select rbac_private.member_scope_orgs(v_caller.id)) then
    return;
  end if;
  v_listed := exists (select 1 from rbac_private.member_role_ids(v_caller.id) h(role_id)
                        join rbac.role_assignable_roles a on a.role_id = h.role_id);
  return query
    select r.id, r.name, r.description, r.org_id
      from rbac.roles r
     where r.tenant_id = v_tenant and r.disabled_at is null and r.kind = 'employee'
       -- R1: a hidden role is offered only to those who may see it (as assert_may_grant_role requires).
       and (not r.hidden or r.id = any (rbac_private.my_visible_role_ids()))
       and exists (select 1 from rbac.org_closure c where c.ancestor_id = r.org_id and c.descendant_id = p_org_id)
       and (not exists (select 1 from rbac.role_company_types t where t.tenant_id = v_tenant and t.role_id = r.id)
            or exists (select 1 from rbac.role_company_types t
                        where t.tenant_id = v_tenant and t.role_id = r.id and t.company_type_id = v_org.company_type_id))
       and (not v_listed or exists (select 1 from rbac_private.member_role_ids(v_caller.id) h(role_id)
                                      join rbac.role_assignable_roles a on a.role_id = h.role_id and a.assignable_role_id = r.id))
       and (select rbac_private.first_ungranted(v_caller.id, array_agg(g.permission_id), array_agg(g.scope))
              from rbac_private.role_grants(r.id) g) is null
     order by lower(r.name);
end;
$$;
comment on function public.assignable_roles(uuid) is
  'Definer: reads roles, lists and company types the caller may not see in full to answer A4 for the caller only.';
grant execute on function public.assignable_roles(uuid) to authenticated;
