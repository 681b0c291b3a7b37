-- =============================================================================
-- Member lifecycle (U1–U7): invitations, org email domains, join requests and
-- the registry of tables holding assignable work (reassigned on deactivate).
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Tables
-- -----------------------------------------------------------------------------

create table rbac.invitations (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  email text not null check (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' and length(email) <= 320),
  display_name text not null check (length(btrim(display_name)) between 1 and 200),
  home_org_id uuid not null,
  role_ids uuid[] not null default '{}',
  user_type rbac.user_type not null default 'power_user',
  visibility rbac.visibility not null default 'all',
  assignee_ids uuid[] not null default '{}',
  -- Only the SHA-256 of the token is kept; the token itself is shown once.
  token_hash bytea not null unique,
  expires_at timestamptz not null,
  invited_by uuid not null,
  created_at timestamptz not null default now(),
  resent_at timestamptz,
  accepted_at timestamptz,
  accepted_member_id uuid,
  revoked_at timestamptz,
  revoked_by uuid,
  unique (tenant_id, id),
  foreign key (tenant_id, home_org_id) references rbac.orgs (tenant_id, id),
  foreign key (tenant_id, invited_by) references rbac.members (tenant_id, id),
  foreign key (tenant_id, accepted_member_id) references rbac.members (tenant_id, id),
  foreign key (tenant_id, revoked_by) references rbac.members (tenant_id, id)
);
comment on table rbac.invitations is 'U1: invitations by email with the access the invitee will get; single-use expiring token stored as a hash.';
-- One open invitation per email and tenant.
create unique index invitations_open_email_key on rbac.invitations (tenant_id, lower(email))
  where accepted_at is null and revoked_at is null;
create index invitations_tenant_created_idx on rbac.invitations (tenant_id, created_at desc);
create index invitations_home_org_idx on rbac.invitations (tenant_id, home_org_id);
create index invitations_invited_by_idx on rbac.invitations (tenant_id, invited_by);
create index invitations_accepted_member_idx on rbac.invitations (tenant_id, accepted_member_id);
create index invitations_revoked_by_idx on rbac.invitations (tenant_id, revoked_by);

create table rbac.org_email_domains (
  domain text primary key check (domain ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$'),
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  org_id uuid not null,
  created_at timestamptz not null default now(),
  foreign key (tenant_id, org_id) references rbac.orgs (tenant_id, id) on delete cascade
);
comment on table rbac.org_email_domains is 'U2: email domains an org claims; a sign-up with such an address becomes a join request there.';
create index org_email_domains_org_idx on rbac.org_email_domains (tenant_id, org_id);

create table rbac.join_requests (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  org_id uuid not null,
  -- The pending member; kept (status deleted) after a rejection for history.
  member_id uuid not null,
  email text not null,
  display_name text not null,
  status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
  created_at timestamptz not null default now(),
  decided_at timestamptz,
  decided_by uuid,
  reason text check (reason is null or length(reason) <= 2000),
  unique (tenant_id, id),
  foreign key (tenant_id, org_id) references rbac.orgs (tenant_id, id),
  foreign key (tenant_id, member_id) references rbac.members (tenant_id, id),
  foreign key (tenant_id, decided_by) references rbac.members (tenant_id, id)
);
comment on table rbac.join_requests is 'U2: self-registrations waiting for an administrator (the member stays pending, with no access, until approved).';
create index join_requests_tenant_status_idx on rbac.join_requests (tenant_id, status, created_at);
create index join_requests_org_idx on rbac.join_requests (tenant_id, org_id);
create index join_requests_member_idx on rbac.join_requests (tenant_id, member_id);
create index join_requests_decided_by_idx on rbac.join_requests (tenant_id, decided_by);

create table rbac.work_item_sources (
  table_name regclass primary key,
  -- The column holding the member (rbac.members.id) the item is assigned to.
  member_column text not null,
  -- Optional: the item is open while this column holds one of these values.
  status_column text,
  open_values text[],
  label text not null,
  check ((status_column is null) = (open_values is null))
);
comment on table rbac.work_item_sources is 'U6: tables holding assignable work; open items of a member must be reassigned when they are deactivated.';

alter table rbac.invitations enable row level security;
alter table rbac.org_email_domains enable row level security;
alter table rbac.join_requests enable row level security;
alter table rbac.work_item_sources enable row level security;

-- The lifecycle tables change who is active; retire cached rights with them.
create trigger invitations_bump_generation after insert or update or delete on rbac.invitations
  for each statement execute function rbac_private.bump_rights_generation();

grant select on rbac.invitations, rbac.org_email_domains, rbac.join_requests, rbac.work_item_sources to authenticated;

-- -----------------------------------------------------------------------------
-- Policies
-- -----------------------------------------------------------------------------

-- R1/S4: an invitation to a hidden role is seen only by its holders.
create policy "Inviters can view invitations of their tenant" on rbac.invitations
  for select to authenticated
  using (home_org_id = any ((select rbac_private.my_orgs_with('users.invite'))::uuid[])
         and not role_ids && (select rbac_private.my_unseen_hidden_role_ids()));

create policy "Members can view their tenant's email domains" on rbac.org_email_domains
  for select to authenticated
  using (tenant_id = any ((select rbac_private.my_tenant_ids())::uuid[]));

create policy "Approvers can view join requests" on rbac.join_requests
  for select to authenticated
  using (org_id = any ((select rbac_private.my_orgs_with('join_requests.view'))::uuid[]));

create policy "Members can view which tables hold assignable work" on rbac.work_item_sources
  for select to authenticated
  using ((select rbac_private.current_user_id()) is not null);

-- -----------------------------------------------------------------------------
-- Helpers
-- -----------------------------------------------------------------------------

-- A3: user types ranked by reach; nobody gives a wider one than their own.
create function rbac_private.user_type_rank(p_type rbac.user_type) returns integer
language sql
immutable
set search_path = pg_catalog, pg_temp
as $$
  select case p_type when 'company_admin' then 4 when 'administrator' then 3 when 'power_user' then 2 else 1 end
$$;

-- A3/A4: the access a member is given (user type, home org, accessible orgs)
-- must be allowed by the company type and within the giver's own reach.
create function rbac_private.assert_may_give_access(p_giver_id uuid, p_home_org_id uuid, p_user_type rbac.user_type,
                                                    p_accessible_org_ids uuid[] default '{}') returns void
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_giver rbac.members;
  v_allowed rbac.user_type[];
  v_org uuid;
begin
  select * into v_giver from rbac.members where id = p_giver_id;
  perform rbac_private.assert_org_in_scope(p_giver_id, p_home_org_id);
  foreach v_org in array coalesce(p_accessible_org_ids, '{}') loop
    perform rbac_private.assert_org_in_scope(p_giver_id, v_org);
  end loop;
  if rbac_private.user_type_rank(p_user_type) > rbac_private.user_type_rank(v_giver.user_type)
     and not (v_giver.user_type = 'administrator' and v_giver.home_org_id = v_giver.tenant_id) then
    raise exception 'You cannot make someone a %, which reaches further than your own access.', replace(p_user_type::text, '_', ' ')
      using errcode = 'RB035';
  end if;
  select ct.allowed_user_types into v_allowed
    from rbac.orgs o join rbac.company_types ct on ct.tenant_id = o.tenant_id and ct.id = o.company_type_id
   where o.id = p_home_org_id;
  if v_allowed is not null and not p_user_type = any (v_allowed) then
    raise exception 'A % is not allowed in a company of this type.', replace(p_user_type::text, '_', ' ') using errcode = 'RB018';
  end if;
end;
$$;
comment on function rbac_private.assert_may_give_access(uuid, uuid, rbac.user_type, uuid[]) is
  'Definer: reads the giver''s scope and the company types for the A3/A4 guard.';

-- A4: the roles a giver may hand to someone at an org (roles default to User).
create function rbac_private.assert_may_give_roles(p_giver_id uuid, p_org_id uuid, p_role_ids uuid[]) returns void
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_role uuid;
begin
  foreach v_role in array coalesce(p_role_ids, '{}') loop
    perform rbac_private.assert_role_available_to_org(v_role, p_org_id, 'employee');
    perform rbac_private.assert_on_assignable_list(p_giver_id, v_role);
    perform rbac_private.assert_may_grant_role(p_giver_id, v_role, 'assign');
  end loop;
end;
$$;
comment on function rbac_private.assert_may_give_roles(uuid, uuid, uuid[]) is
  'Definer: reads the giver''s rights and the roles for the A4 guard.';

create function rbac_private.default_role_ids(p_tenant_id uuid, p_role_ids uuid[]) returns uuid[]
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select case when p_role_ids is null or cardinality(p_role_ids) = 0
              then array(select id from rbac.roles where tenant_id = p_tenant_id and system_key = 'user')
              else p_role_ids end
$$;
comment on function rbac_private.default_role_ids(uuid, uuid[]) is
  'Definer: reads the tenant''s roles to fill in the default User role.';

-- A random URL-safe token and its hash.
create function rbac_private.new_token() returns text
language sql
volatile
set search_path = pg_catalog, pg_temp
as $$
  select translate(encode(extensions.gen_random_bytes(32), 'base64'), '+/=', '-_')
$$;

create function rbac_private.token_hash(p_token text) returns bytea
language sql
immutable
set search_path = pg_catalog, pg_temp
as $$
  select sha256(convert_to(coalesce(p_token, ''), 'UTF8'))
$$;
