-- =============================================================================
-- Demo business schema, insurance agency (seed 000; V1–V4): accounts with
-- their AMS assignees, and the policies and quotes under each account.
--
-- public.account_assignees is the truth of who an account is assigned to
-- (several per account: producer, CSR, …). A trigger keeps the list in
-- accounts.assignee_ids, which members cannot write (column privileges), so
-- the accounts policy compares one indexed array per row (&&, GIN) instead
-- of looking links up per row.
--
-- Child rows carry their account's tenant and org through a foreign key on
-- (tenant_id, account_id, org_id) with ON UPDATE CASCADE: moving an account
-- to another org moves its policies and quotes with it, and no child can
-- claim an org its account is not in.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Tables
-- -----------------------------------------------------------------------------

create table public.accounts (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  org_id uuid not null,
  name text not null check (length(btrim(name)) between 1 and 200),
  status text not null default 'active' check (status in ('prospect', 'active', 'inactive')),
  -- V4: the member who owns the account (private users see only theirs).
  owner_member_id uuid,
  -- V1: kept from public.account_assignees by a trigger; not writable by members.
  assignee_ids uuid[] not null default '{}',
  created_at timestamptz not null default now(),
  unique (tenant_id, id, org_id),
  -- Foreign keys list the column the index leads with first.
  foreign key (org_id, tenant_id) references rbac.orgs (id, tenant_id),
  foreign key (owner_member_id, tenant_id) references rbac.members (id, tenant_id)
);
comment on table public.accounts is 'Demo (S1): insured accounts of an agency, visible by org scope, AMS assignees (V1) and owner (V4).';
create index accounts_org_idx on public.accounts (org_id, tenant_id);
create index accounts_owner_idx on public.accounts (owner_member_id, tenant_id);
create index accounts_assignees_idx on public.accounts using gin (assignee_ids);
-- The list page: a tenant's accounts by name.
create index accounts_tenant_name_idx on public.accounts (tenant_id, name);

create table public.account_assignees (
  tenant_id uuid not null,
  account_id uuid not null,
  org_id uuid not null,
  assignee_id uuid not null,
  role text not null default 'producer' check (role in ('producer', 'csr', 'other')),
  primary key (account_id, assignee_id),
  foreign key (tenant_id, account_id, org_id) references public.accounts (tenant_id, id, org_id) on update cascade on delete cascade,
  foreign key (tenant_id, assignee_id) references rbac.assignees (tenant_id, id) on delete cascade
);
comment on table public.account_assignees is 'Demo (S1, V1): the AMS assignees of each account (producer, CSR, …); the source of accounts.assignee_ids.';
create index account_assignees_account_idx on public.account_assignees (tenant_id, account_id, org_id);
create index account_assignees_assignee_idx on public.account_assignees (tenant_id, assignee_id);

create table public.insurance_policies (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null,
  org_id uuid not null,
  account_id uuid not null,
  policy_number text not null check (length(btrim(policy_number)) between 1 and 100),
  carrier text not null default '' check (length(carrier) <= 200),
  line_of_business text not null default '' check (length(line_of_business) <= 100),
  premium numeric(12, 2) not null default 0,
  effective_date date,
  expiration_date date,
  created_at timestamptz not null default now(),
  foreign key (account_id, tenant_id, org_id) references public.accounts (id, tenant_id, org_id) on update cascade on delete cascade
);
comment on table public.insurance_policies is 'Demo (S1, V3): policies in force under an account; visible with the account.';
create index insurance_policies_account_idx on public.insurance_policies (account_id, tenant_id, org_id);
create index insurance_policies_org_idx on public.insurance_policies (org_id);
create index insurance_policies_tenant_idx on public.insurance_policies (tenant_id, policy_number);

create table public.quotes (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null,
  org_id uuid not null,
  account_id uuid not null,
  carrier text not null default '' check (length(carrier) <= 200),
  premium numeric(12, 2),
  status text not null default 'draft' check (status in ('draft', 'quoted', 'bound', 'declined')),
  created_by uuid,
  created_at timestamptz not null default now(),
  foreign key (account_id, tenant_id, org_id) references public.accounts (id, tenant_id, org_id) on update cascade on delete cascade,
  foreign key (tenant_id, created_by) references rbac.members (tenant_id, id)
);
comment on table public.quotes is 'Demo (S1, V2, V3): quotes run for an account; visible with the account, running one needs quotes.create.';
create index quotes_account_idx on public.quotes (account_id, tenant_id, org_id);
create index quotes_org_idx on public.quotes (org_id);
create index quotes_tenant_created_idx on public.quotes (tenant_id, created_at desc);
create index quotes_created_by_idx on public.quotes (tenant_id, created_by);

-- -----------------------------------------------------------------------------
-- Triggers: accounts.assignee_ids follows public.account_assignees.
-- -----------------------------------------------------------------------------

-- Statement-level, so a bulk load recomputes each account once. The accounts
-- are locked first and read again in a new statement (a fresh snapshot under
-- READ COMMITTED), so two transactions changing one account's assignees at
-- once both end up in the list.
create function rbac_private.sync_account_assignees() returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_accounts uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(distinct account_id) into v_accounts from new_links;
  elsif tg_op = 'DELETE' then
    select array_agg(distinct account_id) into v_accounts from old_links;
  else
    -- Only links whose account or assignee changed (an org move cascading here changes neither).
    select array_agg(distinct account_id) into v_accounts
      from ((select account_id, assignee_id from new_links except select account_id, assignee_id from old_links)
            union all
            (select account_id, assignee_id from old_links except select account_id, assignee_id from new_links)) changed;
  end if;
  if v_accounts is null then
    return null;
  end if;
  perform 1 from public.accounts where id = any (v_accounts) order by id for update;
  update public.accounts a
     set assignee_ids = coalesce((select array_agg(l.assignee_id order by l.assignee_id)
                                    from public.account_assignees l where l.account_id = a.id), '{}')
   where a.id = any (v_accounts);
  return null;
end;
$$;
comment on function rbac_private.sync_account_assignees() is 'Definer: writes accounts.assignee_ids, which members may not write.';

create trigger account_assignees_sync_insert after insert on public.account_assignees
  referencing new table as new_links for each statement execute function rbac_private.sync_account_assignees();
create trigger account_assignees_sync_update after update on public.account_assignees
  referencing new table as new_links old table as old_links for each statement execute function rbac_private.sync_account_assignees();
create trigger account_assignees_sync_delete after delete on public.account_assignees
  referencing old table as old_links for each statement execute function rbac_private.sync_account_assignees();

-- -----------------------------------------------------------------------------
-- Policies (V7) and privileges
-- -----------------------------------------------------------------------------

select public.protect_table('public.accounts', 'accounts', p_org_column => 'org_id', p_owner_column => 'owner_member_id',
                            p_assignee_column => 'assignee_ids', p_grant => false);
-- Column privileges: assignee_ids is the trigger's; tenant_id never changes.
grant select, delete on public.accounts to authenticated;
grant insert (id, tenant_id, org_id, name, status, owner_member_id) on public.accounts to authenticated;
grant update (org_id, name, status, owner_member_id) on public.accounts to authenticated;

-- Changing who an account is assigned to is editing the account.
select public.protect_table('public.account_assignees', 'accounts', p_org_column => 'org_id',
                            p_parent_table => 'public.accounts', p_parent_column => 'account_id',
                            p_actions => '{"create": "edit", "delete": "edit"}');
select public.protect_table('public.insurance_policies', 'policies', p_org_column => 'org_id',
                            p_parent_table => 'public.accounts', p_parent_column => 'account_id');
select public.protect_table('public.quotes', 'quotes', p_org_column => 'org_id',
                            p_parent_table => 'public.accounts', p_parent_column => 'account_id');

-- U6: accounts a member owns are open work to hand over when they leave.
select rbac_private.register_work_items('public.accounts', 'owner_member_id', 'Accounts owned');
