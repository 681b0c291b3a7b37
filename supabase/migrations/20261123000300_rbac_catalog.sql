-- =============================================================================
-- Permission catalog (P1–P5): modules with sub-sections, their tailored
-- actions as permissions, scoped actions, implied actions, admin-type flags,
-- installation per tenant.
--
-- The catalog is per tenant: a preset (or the vendor's own product) writes it
-- with rbac_private.define_module; every tenant starts with the core admin
-- modules (users, roles, join requests, groups, organizations, audit, access
-- review) that the product itself checks.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Tables
-- -----------------------------------------------------------------------------

create table rbac.modules (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  -- 'accounts', or 'manuals.trash' for a sub-section of 'manuals'.
  key text not null check (key ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$'),
  name text not null check (length(btrim(name)) between 1 and 200),
  description text not null default '' check (length(description) <= 2000),
  parent_id bigint,
  -- P5: admin-type modules make up the Admin area.
  is_admin boolean not null default false,
  -- P2: an uninstalled module (or one under an uninstalled parent) grants nothing.
  installed boolean not null default true,
  position integer not null default 0,
  -- true for the product's own admin modules, which cannot be uninstalled.
  is_core boolean not null default false,
  unique (tenant_id, key),
  unique (tenant_id, id),
  foreign key (tenant_id, parent_id) references rbac.modules (tenant_id, id) on delete cascade
);
comment on table rbac.modules is 'P1/P2: feature areas of the tenant''s product and their sub-sections (Manuals › Trash), each installed or not.';
create index modules_parent_idx on rbac.modules (tenant_id, parent_id);

create table rbac.permissions (
  id bigint generated always as identity primary key,
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  module_id bigint not null,
  action text not null check (action ~ '^[a-z][a-zA-Z0-9_]*$'),
  -- module key || '.' || action, e.g. 'accounts.view', 'manuals.trash.restore'.
  key text not null,
  name text not null check (length(btrim(name)) between 1 and 200),
  -- P3: a scoped action is granted for own, team or all records.
  scoped boolean not null default false,
  position integer not null default 0,
  unique (tenant_id, key),
  unique (tenant_id, id),
  unique (tenant_id, module_id, action),
  foreign key (tenant_id, module_id) references rbac.modules (tenant_id, id) on delete cascade
);
comment on table rbac.permissions is 'P1: the actions of each module (view, create, edit, delete, run, configure, share, export, assign, restore, autoSelect, …).';

create table rbac.permission_implications (
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  permission_id bigint not null,
  implied_id bigint not null,
  primary key (tenant_id, permission_id, implied_id),
  foreign key (tenant_id, permission_id) references rbac.permissions (tenant_id, id) on delete cascade,
  foreign key (tenant_id, implied_id) references rbac.permissions (tenant_id, id) on delete cascade,
  check (permission_id <> implied_id)
);
comment on table rbac.permission_implications is 'P4: declared implications (edit ⇒ view), as the catalog states them.';
create index permission_implications_implied_idx on rbac.permission_implications (tenant_id, implied_id);

create table rbac.permission_closure (
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  permission_id bigint not null,
  implied_id bigint not null,
  primary key (tenant_id, permission_id, implied_id),
  foreign key (tenant_id, permission_id) references rbac.permissions (tenant_id, id) on delete cascade,
  foreign key (tenant_id, implied_id) references rbac.permissions (tenant_id, id) on delete cascade
);
comment on table rbac.permission_closure is 'P4: every permission with everything it implies, transitively, itself included. Rebuilt by rbac_private.rebuild_permission_closure.';
create index permission_closure_implied_idx on rbac.permission_closure (tenant_id, implied_id);

alter table rbac.modules enable row level security;
alter table rbac.permissions enable row level security;
alter table rbac.permission_implications enable row level security;
alter table rbac.permission_closure enable row level security;

-- -----------------------------------------------------------------------------
-- Helpers
-- -----------------------------------------------------------------------------

create function rbac_private.rebuild_permission_closure(p_tenant_id uuid) returns void
language sql
security definer
set search_path = pg_catalog, pg_temp
as $$
  delete from rbac.permission_closure where tenant_id = p_tenant_id;
  insert into rbac.permission_closure (tenant_id, permission_id, implied_id)
  with recursive walk (permission_id, implied_id) as (
    select p.id, p.id from rbac.permissions p where p.tenant_id = p_tenant_id
    union
    select w.permission_id, i.implied_id
      from walk w
      join rbac.permission_implications i on i.tenant_id = p_tenant_id and i.permission_id = w.implied_id
  )
  select p_tenant_id, permission_id, implied_id from walk;
$$;
comment on function rbac_private.rebuild_permission_closure(uuid) is 'Definer: writes rbac.permission_closure, which callers only read.';

-- Defines (or redefines) one module of a tenant's catalog with its actions.
-- p_actions: [{"action": "view", "name": "View", "scoped": false, "implies": ["other.action" | "action"]}, …]
-- An implied action without a dot names an action of the same module.
create function rbac_private.define_module(
  p_tenant_id uuid,
  p_key text,
  p_name text,
  p_actions jsonb,
  p_is_admin boolean default false,
  p_installed boolean default true,
  p_position integer default 0,
  p_description text default '',
  p_is_core boolean default false
) returns bigint
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_module_id bigint;
  v_parent_id bigint;
  v_action jsonb;
  v_position integer := 0;
begin
  if p_key like '%.%' then
    select id into v_parent_id from rbac.modules
     where tenant_id = p_tenant_id and key = split_part(p_key, '.', 1);
    if v_parent_id is null then
      raise exception 'Module % must be defined before its sub-section %.', split_part(p_key, '.', 1), p_key
        using errcode = 'RB005';
    end if;
  end if;

  insert into rbac.modules (tenant_id, key, name, description, parent_id, is_admin, installed, position, is_core)
  values (p_tenant_id, p_key, p_name, coalesce(p_description, ''), v_parent_id, p_is_admin, p_installed, p_position, p_is_core)
  on conflict (tenant_id, key) do update
     set name = excluded.name, description = excluded.description, is_admin = excluded.is_admin,
         position = excluded.position, is_core = excluded.is_core
  returning id into v_module_id;

  for v_action in select value from jsonb_array_elements(coalesce(p_actions, '[]'::jsonb)) loop
    v_position := v_position + 1;
    insert into rbac.permissions (tenant_id, module_id, action, key, name, scoped, position)
    values (p_tenant_id, v_module_id, v_action ->> 'action', p_key || '.' || (v_action ->> 'action'),
            coalesce(v_action ->> 'name', initcap(replace(v_action ->> 'action', '_', ' '))),
            coalesce((v_action ->> 'scoped')::boolean, false), v_position)
    on conflict (tenant_id, key) do update
       set name = excluded.name, scoped = excluded.scoped, position = excluded.position;
  end loop;

  -- Implications may name permissions of modules defined later; resolve what exists now.
  insert into rbac.permission_implications (tenant_id, permission_id, implied_id)
  select p_tenant_id, p.id, q.id
    from jsonb_array_elements(coalesce(p_actions, '[]'::jsonb)) a
    cross join lateral jsonb_array_elements_text(coalesce(a -> 'implies', '[]'::jsonb)) imp(target)
    join rbac.permissions p on p.tenant_id = p_tenant_id and p.key = p_key || '.' || (a ->> 'action')
    join rbac.permissions q on q.tenant_id = p_tenant_id
     and q.key = case when imp.target like '%.%' then imp.target else p_key || '.' || imp.target end
  on conflict do nothing;

  perform rbac_private.rebuild_permission_closure(p_tenant_id);
  return v_module_id;
end;
$$;
comment on function rbac_private.define_module(uuid, text, text, jsonb, boolean, boolean, integer, text, boolean) is
  'Definer: writes the catalog tables. Called by the core catalog, presets and service_role only.';

-- The product's own admin-type modules, present in every tenant (P5).
create function rbac_private.define_core_catalog(p_tenant_id uuid) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  -- Assigning roles does not imply viewing them in the Roles app (seed 003:
  -- only administrators open it): the roles one may give come from
  -- public.assignable_roles, and role names from list_roles, which users.view
  -- admits.
  perform rbac_private.define_module(p_tenant_id, 'roles', 'Role Management', '[
    {"action": "view", "name": "View roles"},
    {"action": "create", "name": "Create roles", "implies": ["view"]},
    {"action": "edit", "name": "Edit roles", "implies": ["view"]},
    {"action": "delete", "name": "Disable and restore roles", "implies": ["view"]},
    {"action": "approve", "name": "Approve roles", "implies": ["view"]}
  ]'::jsonb, p_is_admin => true, p_position => 1001, p_is_core => true);
  perform rbac_private.define_module(p_tenant_id, 'users', 'User Management', '[
    {"action": "view", "name": "View users"},
    {"action": "invite", "name": "Invite users", "implies": ["view"]},
    {"action": "edit", "name": "Edit users", "implies": ["view"]},
    {"action": "assign_roles", "name": "Assign roles", "implies": ["view"]},
    {"action": "deactivate", "name": "Deactivate and reactivate users", "implies": ["view"]},
    {"action": "delete", "name": "Delete users", "implies": ["view"]}
  ]'::jsonb, p_is_admin => true, p_position => 1000, p_is_core => true);
  perform rbac_private.define_module(p_tenant_id, 'join_requests', 'Join Requests', '[
    {"action": "view", "name": "View join requests"},
    {"action": "approve", "name": "Approve and reject join requests", "implies": ["view", "users.view"]}
  ]'::jsonb, p_is_admin => true, p_position => 1002, p_is_core => true);
  perform rbac_private.define_module(p_tenant_id, 'groups', 'Groups and Teams', '[
    {"action": "view", "name": "View groups"},
    {"action": "manage", "name": "Manage groups and their members", "implies": ["view"]}
  ]'::jsonb, p_is_admin => true, p_position => 1003, p_is_core => true);
  perform rbac_private.define_module(p_tenant_id, 'organizations', 'Organizations', '[
    {"action": "view", "name": "View the organization tree"},
    {"action": "manage", "name": "Manage organizations, company types, company roles and modules", "implies": ["view"]}
  ]'::jsonb, p_is_admin => true, p_position => 1004, p_is_core => true);
  perform rbac_private.define_module(p_tenant_id, 'audit', 'Audit Log', '[
    {"action": "view", "name": "View the audit log"},
    {"action": "export", "name": "Export the audit log", "implies": ["view"]}
  ]'::jsonb, p_is_admin => true, p_position => 1005, p_is_core => true);
  perform rbac_private.define_module(p_tenant_id, 'access_review', 'Access Review', '[
    {"action": "view", "name": "Review who can do what"},
    {"action": "sign_off", "name": "Sign off an access review", "implies": ["view"]}
  ]'::jsonb, p_is_admin => true, p_position => 1006, p_is_core => true);
  -- V6: who creates sales territories and gives them to members (RefriTrak:
  -- the PARENT_ORG_ADMIN, not each location's ORG_ADMIN).
  perform rbac_private.define_module(p_tenant_id, 'territories', 'Sales Territories', '[
    {"action": "assign", "name": "Create sales territories and assign them to members", "implies": ["users.view"]}
  ]'::jsonb, p_is_admin => true, p_position => 1007, p_is_core => true);
end;
$$;
comment on function rbac_private.define_core_catalog(uuid) is 'Definer: writes the catalog tables for a new tenant.';
