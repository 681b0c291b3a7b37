-- =============================================================================
-- Row level security on every rbac table (T3): members read only their own
-- tenant's rows that their rights allow. There are no insert, update or
-- delete policies: every write goes through a public function that checks
-- the caller's rights and audits the change.
--
-- Helpers are wrapped in (select …) so Postgres evaluates them once per
-- statement; large sets are matched with `in (select …)` (a hashed subplan),
-- small ones with `= any(…)`.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Helpers used only by policies
-- -----------------------------------------------------------------------------

-- Members the caller may see: themselves, and members whose home org is in
-- their scope where they hold users.view.
create function rbac_private.my_visible_member_ids() returns setof uuid
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select unnest(rbac_private.my_member_ids())
  union
  select m.id from rbac.members m
   where m.home_org_id = any (rbac_private.my_orgs_with('users.view'))
$$;
comment on function rbac_private.my_visible_member_ids() is
  'Definer: reads members in the caller''s scope; answers only about what the caller may see (policies call it).';
grant execute on function rbac_private.my_visible_member_ids() to authenticated;

-- -----------------------------------------------------------------------------
-- Grants: read through RLS; nothing else.
-- -----------------------------------------------------------------------------

grant select on all tables in schema rbac to authenticated;
revoke insert, update, delete, truncate, references, trigger on all tables in schema rbac from authenticated, anon, public;

-- -----------------------------------------------------------------------------
-- Policies
-- -----------------------------------------------------------------------------

create policy "Members can view their tenants" on rbac.tenants
  for select to authenticated
  using (id = any ((select rbac_private.my_tenant_ids())::uuid[]));

create policy "Members can view their tenant's company types" on rbac.company_types
  for select to authenticated
  using (tenant_id = any ((select rbac_private.my_tenant_ids())::uuid[]));

create policy "Members can view their tenant's org tree" on rbac.orgs
  for select to authenticated
  using (tenant_id = any ((select rbac_private.my_tenant_ids())::uuid[]));

create policy "Members can view their tenant's org closure" on rbac.org_closure
  for select to authenticated
  using (tenant_id = any ((select rbac_private.my_tenant_ids())::uuid[]));

create policy "Members can view themselves and members they administer" on rbac.members
  for select to authenticated
  using (id in (select rbac_private.my_visible_member_ids()));

create policy "Members can view accessible orgs of members they can see" on rbac.member_orgs
  for select to authenticated
  using (member_id in (select rbac_private.my_visible_member_ids()));

create policy "Members can view their tenant's modules" on rbac.modules
  for select to authenticated
  using (tenant_id = any ((select rbac_private.my_tenant_ids())::uuid[]));

create policy "Members can view their tenant's permissions" on rbac.permissions
  for select to authenticated
  using (tenant_id = any ((select rbac_private.my_tenant_ids())::uuid[]));

create policy "Members can view their tenant's permission implications" on rbac.permission_implications
  for select to authenticated
  using (tenant_id = any ((select rbac_private.my_tenant_ids())::uuid[]));

create policy "Members can view their tenant's permission closure" on rbac.permission_closure
  for select to authenticated
  using (tenant_id = any ((select rbac_private.my_tenant_ids())::uuid[]));

create policy "Members can view roles they hold or may review" on rbac.roles
  for select to authenticated
  using (id = any ((select rbac_private.my_visible_role_ids())::uuid[]));

-- A role's grants are the Roles app's detail view (seed 003: only those who
-- may view roles open it; role_matrix asks the same): users.view shows role
-- names, to assign them, not what each grants.
create policy "Role viewers can view permissions of roles they can see" on rbac.role_permissions
  for select to authenticated
  using (role_id = any ((select rbac_private.my_visible_role_ids())::uuid[])
         and tenant_id = any ((select rbac_private.my_tenants_with('roles.view'))::uuid[]));

create policy "Members can view company types of roles they can see" on rbac.role_company_types
  for select to authenticated
  using (role_id = any ((select rbac_private.my_visible_role_ids())::uuid[]));

-- R1/S4: and only the entries naming roles they can see (a hidden role's id
-- does not leak through the lists it is on).
create policy "Members can view assignable lists of roles they can see" on rbac.role_assignable_roles
  for select to authenticated
  using (role_id = any ((select rbac_private.my_visible_role_ids())::uuid[])
         and assignable_role_id = any ((select rbac_private.my_visible_role_ids())::uuid[]));

-- R1: only assignments of roles the caller can see, so a hidden role's id
-- does not leak through its holders' rows.
create policy "Members can view role assignments of members they can see" on rbac.member_roles
  for select to authenticated
  using (member_id in (select rbac_private.my_visible_member_ids())
         and role_id = any ((select rbac_private.my_visible_role_ids())::uuid[]));

create policy "Members can view their tenant's groups" on rbac.groups
  for select to authenticated
  using (tenant_id = any ((select rbac_private.my_tenant_ids())::uuid[]));

create policy "Members can view group membership of members they can see" on rbac.group_members
  for select to authenticated
  using (member_id in (select rbac_private.my_visible_member_ids()));

-- R1/S4: a hidden role's id does not leak through the groups that give it.
create policy "Group managers can view group roles" on rbac.group_roles
  for select to authenticated
  using (tenant_id = any ((select rbac_private.my_tenants_with('groups.view'))::uuid[])
         and not role_id = any ((select rbac_private.my_unseen_hidden_role_ids())::uuid[]));

create policy "Organization managers can view company roles" on rbac.org_company_roles
  for select to authenticated
  using (tenant_id = any ((select rbac_private.my_tenants_with('organizations.view'))::uuid[]));

create policy "Role reviewers can view separation-of-duties rules" on rbac.sod_rules
  for select to authenticated
  using (tenant_id = any ((select rbac_private.my_tenants_with('roles.view'))::uuid[]));

create policy "Role creators can view starter templates" on rbac.role_templates
  for select to authenticated
  using (tenant_id = any ((select rbac_private.my_tenants_with('roles.create'))::uuid[]));

-- S4/R1: entries naming a hidden role are withheld from those who may not see it.
create policy "Auditors can view the audit log" on rbac.audit_log
  for select to authenticated
  using (tenant_id = any ((select rbac_private.my_tenants_with('audit.view'))::uuid[])
         and not hidden_role_ids && (select rbac_private.my_unseen_hidden_role_ids()));

create policy "Auditors can view the audit chain head" on rbac.audit_heads
  for select to authenticated
  using (tenant_id = any ((select rbac_private.my_tenants_with('audit.view'))::uuid[]));
