-- =============================================================================
-- Demo business schema, organization settings (seed 004, S5): each location's
-- business name, EIN, brand colour and EPA certification. An ORG_ADMIN
-- "manages organization settings" of their location; a TECHNICIAN or SALES
-- member "cannot access organization settings". The table is protected like
-- any business table (V7): org_settings.view to see a location's row within
-- one's org scope, org_settings.edit to change it. Rows are made with their
-- org by whoever sets up the locations (the preset), not by members.
-- Changes are audited (L1) by a trigger, with before and after.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Tables
-- -----------------------------------------------------------------------------

create table public.org_settings (
  org_id uuid primary key,
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  business_name text not null default '' check (length(business_name) <= 200),
  -- US Employer Identification Number, 12-3456789.
  ein text not null default '' check (ein = '' or ein ~ '^[0-9]{2}-[0-9]{7}$'),
  brand_color text not null default '' check (brand_color = '' or brand_color ~ '^#[0-9a-fA-F]{6}$'),
  -- EPA Section 608 certification of the location.
  epa_certification text not null default '' check (length(epa_certification) <= 100),
  updated_at timestamptz not null default now(),
  foreign key (org_id, tenant_id) references rbac.orgs (id, tenant_id)
);
comment on table public.org_settings is 'Demo (S5): a location''s business settings; ORG_ADMINs edit their own location''s.';
-- Foreign keys list the column the index leads with first; the list reads by tenant, in name order.
create index org_settings_org_idx on public.org_settings (org_id, tenant_id);
create index org_settings_tenant_name_idx on public.org_settings (tenant_id, business_name);

-- -----------------------------------------------------------------------------
-- Policies (V7): view and edit only; rows are not created or deleted by members.
-- -----------------------------------------------------------------------------

select public.protect_table('public.org_settings', 'org_settings', p_org_column => 'org_id', p_grant => false);
grant select on public.org_settings to authenticated;
grant update (business_name, ein, brand_color, epa_certification) on public.org_settings to authenticated;

-- -----------------------------------------------------------------------------
-- Triggers
-- -----------------------------------------------------------------------------

-- L1: who changed a location's settings, from what to what. Definer: members
-- never write the audit log themselves.
create function rbac_private.audit_org_settings() returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  new.updated_at := now();
  if (to_jsonb(new) - 'updated_at') is distinct from (to_jsonb(old) - 'updated_at') then
    perform rbac_private.audit(new.tenant_id, rbac_private.acting_member_id(new.tenant_id), 'org_settings.update', 'org',
                               new.org_id::text, (select o.name from rbac.orgs o where o.id = new.org_id),
                               to_jsonb(old) - 'tenant_id' - 'updated_at', to_jsonb(new) - 'tenant_id' - 'updated_at');
  end if;
  return new;
end;
$$;
comment on function rbac_private.audit_org_settings() is 'Definer: writes the audit log, which members cannot write, for changes of organization settings.';
create trigger org_settings_audit before update on public.org_settings
  for each row execute function rbac_private.audit_org_settings();

-- -----------------------------------------------------------------------------
-- Public functions
-- -----------------------------------------------------------------------------

-- S5: an ORG_ADMIN edits their location's settings. Invoker: the table's
-- policies decide who may change which location's row (org_settings.edit in
-- their org scope); this turns refusals and bad values into our codes.
-- Arguments left null keep their value.
create function public.update_org_settings(p_org_id uuid, p_business_name text default null, p_ein text default null,
                                           p_brand_color text default null, p_epa_certification text default null)
returns void
language plpgsql
security invoker
set search_path = pg_catalog, pg_temp
as $$
begin
  if p_ein is not null and btrim(p_ein) <> '' and btrim(p_ein) !~ '^[0-9]{2}-[0-9]{7}$' then
    raise exception 'An EIN is two digits, a dash and seven digits (12-3456789).' using errcode = 'RB005';
  end if;
  if p_brand_color is not null and btrim(p_brand_color) <> '' and btrim(p_brand_color) !~ '^#[0-9a-fA-F]{6}$' then
    raise exception 'A brand colour is # and six hex digits (#1a73e8).' using errcode = 'RB005';
  end if;
  if length(p_business_name) > 200 or length(p_epa_certification) > 100 then
    raise exception 'The business name can be at most 200 characters, the EPA certification 100.' using errcode = 'RB005';
  end if;
  update public.org_settings
     set business_name = coalesce(btrim(p_business_name), business_name),
         ein = coalesce(btrim(p_ein), ein),
         brand_color = coalesce(btrim(p_brand_color), brand_color),
         epa_certification = coalesce(btrim(p_epa_certification), epa_certification)
   where org_id = p_org_id;
  if not found then
    raise exception 'These settings do not exist or you may not change them.' using errcode = 'RB004';
  end if;
end;
$$;
comment on function public.update_org_settings(uuid, text, text, text, text) is
  'Invoker: updates public.org_settings under its row-level policies (V7); audited by its trigger.';
grant execute on function public.update_org_settings(uuid, text, text, text, text) to authenticated;
