-- Helpers for the record-visibility pgTAP files (30_…–39_…), included after
-- test_helpers.sql with `\ir ../helpers/visibility_helpers.sql`. They write
-- as the superuser (setup only); the tests then act as members.

-- An org under p_parent_id.
create or replace function tests.make_org(p_tenant_id uuid, p_parent_id uuid, p_name text) returns uuid
language sql
as $$
  insert into rbac.orgs (tenant_id, parent_id, name) values (p_tenant_id, p_parent_id, p_name) returning id
$$;

-- A role at the root org granting permission keys; 'conversations.view:team' sets a scope.
create or replace function tests.make_role(p_tenant_id uuid, p_name text, p_permissions text[]) returns uuid
language plpgsql
as $$
declare
  v_role uuid;
begin
  insert into rbac.roles (tenant_id, org_id, name) values (p_tenant_id, p_tenant_id, p_name) returning id into v_role;
  insert into rbac.role_permissions (tenant_id, role_id, permission_id, scope)
  select p_tenant_id, v_role, p.id, coalesce(nullif(split_part(k, ':', 2), ''), 'all')::rbac.scope
    from unnest(p_permissions) k
    join rbac.permissions p on p.tenant_id = p_tenant_id and p.key = split_part(k, ':', 1);
  if (select count(*) from rbac.role_permissions where role_id = v_role) <> cardinality(p_permissions) then
    raise exception 'tests.make_role: unknown permission in %', p_permissions;
  end if;
  return v_role;
end;
$$;

create or replace function tests.make_assignee(p_tenant_id uuid, p_name text) returns uuid
language sql
as $$
  insert into rbac.assignees (tenant_id, name) values (p_tenant_id, p_name) returning id
$$;

-- V1: the member sees only the accounts of these assignees.
create or replace function tests.set_assigned(p_member_id uuid, p_assignee_ids uuid[]) returns void
language sql
as $$
  select rbac_private.apply_member_visibility(p_member_id, 'assigned', p_assignee_ids)
$$;

-- An account with its AMS assignees (links, which fill assignee_ids).
create or replace function tests.make_account(p_tenant_id uuid, p_org_id uuid, p_name text,
                                              p_owner_id uuid default null, p_assignee_ids uuid[] default '{}') returns uuid
language plpgsql
as $$
declare
  v_id uuid;
begin
  insert into public.accounts (tenant_id, org_id, name, owner_member_id)
  values (p_tenant_id, p_org_id, p_name, p_owner_id) returning id into v_id;
  insert into public.account_assignees (tenant_id, account_id, org_id, assignee_id)
  select p_tenant_id, v_id, p_org_id, a from unnest(p_assignee_ids) a;
  return v_id;
end;
$$;

-- Switches to another signed-in person (tests.authenticate_as reads
-- auth.users, which only the superuser may, so step out first).
create or replace function tests.act_as(p_email text) returns void
language sql
as $$
  select tests.clear_authentication();
  select tests.authenticate_as(p_email);
$$;

grant execute on all functions in schema tests to authenticated, anon;
