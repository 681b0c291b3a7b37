-- =============================================================================
-- Demo business schema, field service (seed 004; V6): refrigerant cylinders
-- with a status and a sales territory. cylinders.view shows every cylinder in
-- the member's org scope; cylinders.view_for_sale (the SALES role) shows only
-- cylinders FOR_SALE in the territories the member covers.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Tables
-- -----------------------------------------------------------------------------

create table public.cylinders (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references rbac.tenants (id) on delete cascade,
  org_id uuid not null,
  serial_number text not null check (length(btrim(serial_number)) between 1 and 100),
  gas text not null default '' check (length(gas) <= 50),
  status text not null default 'IN_STOCK' check (status in ('IN_STOCK', 'IN_USE', 'FOR_SALE', 'RETIRED')),
  territory_id uuid,
  created_at timestamptz not null default now(),
  -- Foreign keys list the column the index leads with first.
  foreign key (org_id, tenant_id) references rbac.orgs (id, tenant_id),
  foreign key (territory_id, tenant_id) references rbac.territories (id, tenant_id)
);
comment on table public.cylinders is 'Demo (S5, V6): cylinders; salespeople see only those FOR_SALE in their territories.';
create index cylinders_org_idx on public.cylinders (org_id, tenant_id);
create index cylinders_territory_idx on public.cylinders (territory_id, tenant_id, status);
create index cylinders_tenant_serial_idx on public.cylinders (tenant_id, serial_number);

-- -----------------------------------------------------------------------------
-- Policies (V7)
-- -----------------------------------------------------------------------------

select public.protect_table('public.cylinders', 'cylinders', p_org_column => 'org_id', p_filters => '[
  {"permission": "view_for_sale", "for": "view",
   "conditions": [{"column": "status", "in": ["FOR_SALE"]}, {"column": "territory_id", "in_member_territories": true}]}
]');

-- -----------------------------------------------------------------------------
-- Public functions
-- -----------------------------------------------------------------------------

-- S5: "Move cylinders between locations" (the parent's warehouse and the
-- branches are the locations). Invoker: the table's own policies decide, as
-- for any update: cylinders.edit on the cylinder where it is, and the new
-- location inside the mover's org scope (home org, and the accessible orgs of
-- a roving member). This only turns their refusals into our codes.
create function public.move_cylinder(p_cylinder_id uuid, p_org_id uuid) returns void
language plpgsql
security invoker
set search_path = pg_catalog, pg_temp
as $$
begin
  update public.cylinders set org_id = p_org_id where id = p_cylinder_id;
  if not found then
    raise exception 'This cylinder does not exist or you may not move it.' using errcode = 'RB004';
  end if;
exception
  when insufficient_privilege then
    raise exception 'You can move cylinders only between locations you work at.' using errcode = 'RB011';
  when foreign_key_violation then
    raise exception 'There is no such location in your organization.' using errcode = 'RB004';
end;
$$;
comment on function public.move_cylinder(uuid, uuid) is
  'Invoker: updates public.cylinders under its row-level policies (V7); the policies decide who may move what where.';
grant execute on function public.move_cylinder(uuid, uuid) to authenticated;
