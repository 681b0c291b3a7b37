-- =============================================================================
-- Tenancy (T1–T3): tenants, company types, the org tree with its closure
-- table, members and their extra accessible orgs.
--
-- Every tenant-owned row carries tenant_id, and references inside a tenant
-- are composite foreign keys (tenant_id, id), so a row can never point into
-- another tenant, whatever a function or a superuser script does (T3).
-- tenant_id is also the distribution key should the schema ever be sharded.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Tables
-- -----------------------------------------------------------------------------

create table rbac.tenants (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(btrim(name)) between 1 and 200),
  -- U4: false until RBAC is turned on for a tenant that existed before it.
  rbac_enabled boolean not null default true,
  created_at timestamptz not null default now()
);
comment on table rbac.tenants is 'T1: a tenant is a root organization; its root org has the same id.';

create table rbac.company_types (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  key text not null check (key ~ '^[a-z][a-z0-9_]{0,62}$'),
  name text not null check (length(btrim(name)) between 1 and 200),
  -- A3: which user types employees of such a company may have.
  allowed_user_types rbac.user_type[] not null
    default array['company_admin', 'administrator', 'power_user', 'private_user']::rbac.user_type[]
    -- A null entry would make every `not type = any (allowed)` test null,
    -- which lets any user type through.
    check (cardinality(allowed_user_types) > 0 and array_position(allowed_user_types, null) is null),
  unique (tenant_id, key),
  unique (tenant_id, id)
);
comment on table rbac.company_types is 'T1: the tenant''s own list of company types (assured, licensee, partner, …) with the user types each allows (A3).';

create table rbac.orgs (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  parent_id uuid,
  name text not null check (length(btrim(name)) between 1 and 200),
  company_type_id uuid,
  created_at timestamptz not null default now(),
  unique (tenant_id, id),
  foreign key (tenant_id, parent_id) references rbac.orgs (tenant_id, id),
  foreign key (tenant_id, company_type_id) references rbac.company_types (tenant_id, id),
  -- The root org is the tenant itself; every other org has a parent.
  check ((parent_id is null) = (id = tenant_id))
);
comment on table rbac.orgs is 'T1: the org tree of a tenant (HQ → subsidiaries, parent org → sub-orgs), any depth. The root has id = tenant_id.';
create index orgs_parent_idx on rbac.orgs (tenant_id, parent_id);
create index orgs_company_type_idx on rbac.orgs (tenant_id, company_type_id);

create table rbac.org_closure (
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  ancestor_id uuid not null,
  descendant_id uuid not null,
  depth integer not null check (depth >= 0),
  primary key (ancestor_id, descendant_id),
  foreign key (tenant_id, ancestor_id) references rbac.orgs (tenant_id, id) on delete cascade,
  foreign key (tenant_id, descendant_id) references rbac.orgs (tenant_id, id) on delete cascade
);
comment on table rbac.org_closure is 'Every (ancestor, descendant) pair of the org tree, self pairs included: subtree and ancestor look-ups are one index range. Maintained by triggers on rbac.orgs.';
create index org_closure_descendant_idx on rbac.org_closure (descendant_id, ancestor_id);
create index org_closure_tenant_ancestor_idx on rbac.org_closure (tenant_id, ancestor_id);
create index org_closure_tenant_descendant_idx on rbac.org_closure (tenant_id, descendant_id);

create table rbac.members (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  -- null once the member is deleted and their login removed (U7).
  user_id uuid references auth.users (id) on delete set null,
  home_org_id uuid not null,
  status rbac.member_status not null default 'active',
  user_type rbac.user_type not null default 'power_user',
  visibility rbac.visibility not null default 'all',
  -- Kept after deletion so history shows who did what (U6, U7).
  display_name text not null check (length(btrim(display_name)) between 1 and 200),
  email text check (email is null or length(email) <= 320),
  created_at timestamptz not null default now(),
  deactivated_at timestamptz,
  deleted_at timestamptz,
  unique (tenant_id, id),
  foreign key (tenant_id, home_org_id) references rbac.orgs (tenant_id, id)
);
comment on table rbac.members is 'T2: a person (auth user) inside one tenant, with home org, status, user type (A3) and account visibility (V1).';
create unique index members_tenant_user_key on rbac.members (tenant_id, user_id) where user_id is not null;
create index members_user_idx on rbac.members (user_id) include (tenant_id, status);
create index members_home_org_idx on rbac.members (tenant_id, home_org_id);
create index members_tenant_status_idx on rbac.members (tenant_id, status);

create table rbac.member_orgs (
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  member_id uuid not null,
  org_id uuid not null,
  primary key (tenant_id, member_id, org_id),
  foreign key (tenant_id, member_id) references rbac.members (tenant_id, id) on delete cascade,
  foreign key (tenant_id, org_id) references rbac.orgs (tenant_id, id) on delete cascade
);
comment on table rbac.member_orgs is 'T2: extra orgs a member may work in besides the home org (consultants, roving supervisors).';
create index member_orgs_org_idx on rbac.member_orgs (tenant_id, org_id);

alter table rbac.tenants enable row level security;
alter table rbac.company_types enable row level security;
alter table rbac.orgs enable row level security;
alter table rbac.org_closure enable row level security;
alter table rbac.members enable row level security;
alter table rbac.member_orgs enable row level security;

-- -----------------------------------------------------------------------------
-- Triggers: the closure table follows every insert and move in the org tree.
-- -----------------------------------------------------------------------------

create function rbac_private.org_closure_on_insert() returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  insert into rbac.org_closure (tenant_id, ancestor_id, descendant_id, depth)
  select new.tenant_id, c.ancestor_id, new.id, c.depth + 1
    from rbac.org_closure c
   where c.descendant_id = new.parent_id
  union all
  select new.tenant_id, new.id, new.id, 0;
  return null;
end;
$$;
comment on function rbac_private.org_closure_on_insert() is 'Definer: maintains rbac.org_closure, which no caller may write directly.';

create trigger orgs_closure_insert after insert on rbac.orgs
  for each row execute function rbac_private.org_closure_on_insert();

create function rbac_private.org_closure_on_move() returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if new.tenant_id is distinct from old.tenant_id then
    raise exception 'An organization cannot move to another tenant.' using errcode = 'RB005';
  end if;
  if new.parent_id is not distinct from old.parent_id then
    return null;
  end if;
  if exists (select 1 from rbac.org_closure c where c.ancestor_id = new.id and c.descendant_id = new.parent_id) then
    raise exception 'An organization cannot move under itself or one of its sub-organizations.' using errcode = 'RB005';
  end if;
  -- Detach the subtree from its old ancestors, then attach it under the new parent.
  delete from rbac.org_closure c
   using rbac.org_closure up, rbac.org_closure down
   where up.descendant_id = new.id and up.ancestor_id <> new.id
     and down.ancestor_id = new.id
     and c.ancestor_id = up.ancestor_id and c.descendant_id = down.descendant_id;
  insert into rbac.org_closure (tenant_id, ancestor_id, descendant_id, depth)
  select new.tenant_id, up.ancestor_id, down.descendant_id, up.depth + down.depth + 1
    from rbac.org_closure up, rbac.org_closure down
   where up.descendant_id = new.parent_id and down.ancestor_id = new.id;
  return null;
end;
$$;
comment on function rbac_private.org_closure_on_move() is 'Definer: maintains rbac.org_closure when an org gets a new parent; refuses cycles.';

create trigger orgs_closure_move after update of parent_id, tenant_id on rbac.orgs
  for each row execute function rbac_private.org_closure_on_move();
