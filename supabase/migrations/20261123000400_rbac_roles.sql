-- =============================================================================
-- Roles and assignment (R1–R3, A1, A2, A4, A6): roles with their permissions,
-- availability by company type, assignable-role lists, member and group
-- assignments, company roles per org (the ceiling), separation-of-duties
-- rules and starter-role templates.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Tables
-- -----------------------------------------------------------------------------

create table rbac.roles (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  -- R2: defined at an org, available to it and all its descendants.
  org_id uuid not null,
  name text not null check (length(btrim(name)) between 1 and 100),
  description text not null default '' check (length(description) <= 2000),
  kind rbac.role_kind not null default 'employee',
  -- R1: 'administrator', 'user', 'super_administrator' for the system roles.
  system_key text check (system_key in ('administrator', 'user', 'super_administrator')),
  -- R1: Administrator and Super Administrator grant every installed permission.
  grants_all boolean not null default false,
  -- R1: the Super Administrator row is hidden from members who do not hold it.
  hidden boolean not null default false,
  -- The starter template it was instantiated from, if any.
  template_key text,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  approved_by uuid,
  approved_at timestamptz,
  -- Who last changed the permissions (null: as created). An approval covers
  -- the permissions, so this is the author a second person must differ from.
  permissions_changed_by uuid,
  -- R5: disabled roles are kept (restorable) and grant nothing.
  disabled_at timestamptz,
  disabled_by uuid,
  unique (tenant_id, id),
  foreign key (tenant_id, org_id) references rbac.orgs (tenant_id, id),
  foreign key (tenant_id, created_by) references rbac.members (tenant_id, id),
  foreign key (tenant_id, approved_by) references rbac.members (tenant_id, id),
  foreign key (tenant_id, permissions_changed_by) references rbac.members (tenant_id, id),
  foreign key (tenant_id, disabled_by) references rbac.members (tenant_id, id)
);
comment on table rbac.roles is 'R1–R3: system and custom roles; employee roles for people, company roles as ceilings for orgs.';
-- R2: names are unique, case-insensitively, among the active roles of one org.
-- R2: names are unique among an org's active roles. The hidden role (R1) is
-- left out: a name clash with it would tell an Administrator that it exists,
-- and a role named like it would keep the vendor's tooling from creating it.
create unique index roles_active_name_key on rbac.roles (org_id, lower(name)) where disabled_at is null and not hidden;
create unique index roles_system_key on rbac.roles (tenant_id, system_key) where system_key is not null;
create index roles_tenant_org_idx on rbac.roles (tenant_id, org_id);
create index roles_created_by_idx on rbac.roles (tenant_id, created_by);
create index roles_approved_by_idx on rbac.roles (tenant_id, approved_by);
create index roles_permissions_changed_by_idx on rbac.roles (tenant_id, permissions_changed_by);
create index roles_disabled_by_idx on rbac.roles (tenant_id, disabled_by);

create table rbac.role_permissions (
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  role_id uuid not null,
  permission_id bigint not null,
  -- P3: meaningful for scoped actions; 'all' otherwise.
  scope rbac.scope not null default 'all',
  primary key (tenant_id, role_id, permission_id),
  foreign key (tenant_id, role_id) references rbac.roles (tenant_id, id) on delete cascade,
  foreign key (tenant_id, permission_id) references rbac.permissions (tenant_id, id) on delete cascade
);
comment on table rbac.role_permissions is 'The permissions a role grants, as chosen (implied actions are added when rights are computed).';
create index role_permissions_permission_idx on rbac.role_permissions (tenant_id, permission_id);

create table rbac.role_company_types (
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  role_id uuid not null,
  company_type_id uuid not null,
  primary key (tenant_id, role_id, company_type_id),
  foreign key (tenant_id, role_id) references rbac.roles (tenant_id, id) on delete cascade,
  foreign key (tenant_id, company_type_id) references rbac.company_types (tenant_id, id) on delete cascade
);
comment on table rbac.role_company_types is 'R3: role types: a role with rows here is available only to orgs of these company types.';
create index role_company_types_type_idx on rbac.role_company_types (tenant_id, company_type_id);

create table rbac.role_assignable_roles (
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  role_id uuid not null,
  assignable_role_id uuid not null,
  primary key (tenant_id, role_id, assignable_role_id),
  foreign key (tenant_id, role_id) references rbac.roles (tenant_id, id) on delete cascade,
  foreign key (tenant_id, assignable_role_id) references rbac.roles (tenant_id, id) on delete cascade
);
comment on table rbac.role_assignable_roles is 'A4: optional list of the roles a holder of role_id may assign. When any role a member holds has a list, they may assign only roles on the union of their lists.';
create index role_assignable_roles_target_idx on rbac.role_assignable_roles (tenant_id, assignable_role_id);

create table rbac.member_roles (
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  member_id uuid not null,
  role_id uuid not null,
  granted_by uuid,
  granted_at timestamptz not null default now(),
  primary key (tenant_id, member_id, role_id),
  foreign key (tenant_id, member_id) references rbac.members (tenant_id, id) on delete cascade,
  foreign key (tenant_id, role_id) references rbac.roles (tenant_id, id),
  foreign key (tenant_id, granted_by) references rbac.members (tenant_id, id)
);
comment on table rbac.member_roles is 'A1: the roles a member holds directly (several allowed; rights are their union).';
create index member_roles_role_idx on rbac.member_roles (tenant_id, role_id);
create index member_roles_granted_by_idx on rbac.member_roles (tenant_id, granted_by);

create table rbac.groups (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  org_id uuid not null,
  name text not null check (length(btrim(name)) between 1 and 100),
  description text not null default '' check (length(description) <= 2000),
  created_at timestamptz not null default now(),
  unique (tenant_id, id),
  foreign key (tenant_id, org_id) references rbac.orgs (tenant_id, id)
);
comment on table rbac.groups is 'A1: groups/teams: members inherit the group''s roles; a team is the unit of the "team" scope (P3, V5).';
create unique index groups_name_key on rbac.groups (tenant_id, lower(name));
create index groups_org_idx on rbac.groups (tenant_id, org_id);

create table rbac.group_members (
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  group_id uuid not null,
  member_id uuid not null,
  primary key (tenant_id, group_id, member_id),
  foreign key (tenant_id, group_id) references rbac.groups (tenant_id, id) on delete cascade,
  foreign key (tenant_id, member_id) references rbac.members (tenant_id, id) on delete cascade
);
comment on table rbac.group_members is 'A1: who is in which group or team.';
create index group_members_member_idx on rbac.group_members (tenant_id, member_id);

create table rbac.group_roles (
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  group_id uuid not null,
  role_id uuid not null,
  primary key (tenant_id, group_id, role_id),
  foreign key (tenant_id, group_id) references rbac.groups (tenant_id, id) on delete cascade,
  foreign key (tenant_id, role_id) references rbac.roles (tenant_id, id)
);
comment on table rbac.group_roles is 'A1: roles every member of a group holds through it.';
create index group_roles_role_idx on rbac.group_roles (tenant_id, role_id);

create table rbac.org_company_roles (
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  org_id uuid not null,
  role_id uuid not null,
  primary key (tenant_id, org_id, role_id),
  foreign key (tenant_id, org_id) references rbac.orgs (tenant_id, id) on delete cascade,
  foreign key (tenant_id, role_id) references rbac.roles (tenant_id, id)
);
comment on table rbac.org_company_roles is 'A2: company roles of an org. An org with company roles caps its employees and its sub-orgs at the union of them; caps along the ancestor chain intersect.';
create index org_company_roles_role_idx on rbac.org_company_roles (tenant_id, role_id);

create table rbac.sod_rules (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 200),
  permission_a bigint not null,
  permission_b bigint not null,
  created_at timestamptz not null default now(),
  unique (tenant_id, id),
  unique (tenant_id, permission_a, permission_b),
  check (permission_a < permission_b),
  foreign key (tenant_id, permission_a) references rbac.permissions (tenant_id, id) on delete cascade,
  foreign key (tenant_id, permission_b) references rbac.permissions (tenant_id, id) on delete cascade
);
comment on table rbac.sod_rules is 'A6: pairs of permissions no member may hold together.';
create index sod_rules_permission_b_idx on rbac.sod_rules (tenant_id, permission_b);

create table rbac.role_templates (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  key text not null check (key ~ '^[a-z][a-z0-9_]{0,62}$'),
  name text not null check (length(btrim(name)) between 1 and 100),
  description text not null default '' check (length(description) <= 2000),
  kind rbac.role_kind not null default 'employee',
  -- [{"permission": "accounts.view", "scope": "all"}, …]
  permissions jsonb not null default '[]'::jsonb check (jsonb_typeof(permissions) = 'array'),
  unique (tenant_id, key),
  unique (tenant_id, id)
);
comment on table rbac.role_templates is 'R1: starter roles offered to a tenant (Producer/Agent, CSR, Read Only, …); a role is made from one only on demand.';

alter table rbac.roles enable row level security;
alter table rbac.role_permissions enable row level security;
alter table rbac.role_company_types enable row level security;
alter table rbac.role_assignable_roles enable row level security;
alter table rbac.member_roles enable row level security;
alter table rbac.groups enable row level security;
alter table rbac.group_members enable row level security;
alter table rbac.group_roles enable row level security;
alter table rbac.org_company_roles enable row level security;
alter table rbac.sod_rules enable row level security;
alter table rbac.role_templates enable row level security;
