-- =============================================================================
-- V7: one call protects any tenant table. public.protect_table records the
-- table in rbac.protected_tables and installs the standard policies, one per
-- command, built from the registration:
--
--   view    the module's view action, within the member's org scope (A3),
--           narrowed by the record filter: AMS assignees for members with
--           Assigned Accounts Only (V1), the owner for private users (V4) and
--           'own' scope, owner or team for 'team' scope (V5, P3); plus any
--           attribute filter grants (V6: FOR_SALE cylinders in my territories)
--   create  the create action; the new row in an org the member may create in
--           (private users and 'own' scope: as its owner)
--   edit    the edit action on rows the member could see with it; the changed
--           row must still be somewhere they may edit (no moving rows out of
--           their scope or into another tenant)
--   delete  the delete action on rows the member could see with it
--
-- Child tables (V3: policies and quotes under an account) need their own
-- module's action and a visible parent row. They carry the parent's tenant
-- and org (kept equal by a foreign key, ON UPDATE CASCADE), so members who
-- see every parent row in an org are answered from the child's own columns;
-- only members with a restricted view (assigned, team, own) look the parent
-- up, through an indexed semi-join on its key under the parent's policy.
--
-- Tables with a trash (soft delete column) show trashed rows only with
-- <module>.trash.view, restore with <module>.trash.restore, purge with
-- <module>.trash.delete; a row trigger checks the move in and out of the
-- trash (RLS sees the old and the new row separately, never the move).
--
-- Performance: every member-dependent part is a (select rbac_private.…)
-- InitPlan, computed once per statement from the sets kept per session
-- (20261123003100_…); the row side is plain column comparisons on indexed
-- columns (protect_table creates missing indexes), so a policy costs a few
-- array look-ups per row and lets the planner use the indexes (BitmapOr
-- across the arms). InitPlan values are unknown when the query is planned,
-- so without help every caller would get the plan of someone who sees the
-- whole tenant (a private user with 20 accounts walked a million rows to fill
-- a page). The view policy therefore has two kinds of arms:
--   runtime arms   `(select flag) = 1 and <row test against (select set)>`:
--                  decide the rows; the flag skips modes the caller does not
--                  have, and `= 1` on a parameter is estimated at 0.5 %, so
--                  these arms barely count in the row estimate;
--   estimate arms  `(select rbac_private.rls_estimate_only()) <> 0 and
--                  <row test against a plain call of the set function>`:
--                  never true when run (the function returns 0, so the row
--                  test is never evaluated), but when planning Postgres calls
--                  stable functions inside `= any(…)` to estimate
--                  (scalararraysel), so these arms carry the caller's real
--                  share of the table: the whole tenant for an administrator,
--                  10 % for a region, nothing for a private user, who then
--                  gets the index plan on his own rows. Only the tenant and
--                  org-scope arms need one: restricted arms are small by nature.
-- Declaring the helpers immutable instead would bake one caller's sets into
-- plans that PostgREST and plpgsql reuse for other callers. tenant_id gets
-- n_distinct = -0.001 (tune_planner_estimates): with one big tenant every
-- `tenant_id = any(<unknown set>)` arm priced a BitmapOr as the whole table;
-- statistics saying that the org determines the tenant keep that from
-- misleading the foreign-key checks.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Tables
-- -----------------------------------------------------------------------------

create table rbac.protected_tables (
  table_name regclass primary key,
  module text not null check (module ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$'),
  -- Which action of the module each command needs: {"view": "view", "create": "create", …}.
  actions jsonb not null,
  org_column text,
  owner_column text,
  assignee_column text,
  -- true when assignee_column is uuid[] (several assignees per row), false for uuid.
  assignee_is_array boolean,
  team_column text,
  parent_table regclass,
  parent_column text,
  -- The parent's column parent_column references (from the foreign key).
  parent_key text,
  trash_column text,
  -- V6: [{"permission": "view_for_sale", "for": "view", "conditions": [{"column": "status", "in": ["FOR_SALE"]}, …]}]
  filters jsonb not null default '[]'::jsonb check (jsonb_typeof(filters) = 'array'),
  protected_at timestamptz not null default now(),
  foreign key (parent_table) references rbac.protected_tables (table_name),
  check ((parent_table is null) = (parent_column is null)),
  check (parent_table is not null or org_column is not null)
);
comment on table rbac.protected_tables is 'V7: tenant tables protected by the standard policies, with what each policy filters on. Written only by public.protect_table.';
create index protected_tables_parent_idx on rbac.protected_tables (parent_table);

alter table rbac.protected_tables enable row level security;
grant select on rbac.protected_tables to authenticated;

create policy "Signed-in members can view which tables are protected" on rbac.protected_tables
  for select to authenticated
  using ((select rbac_private.current_user_id()) is not null);

-- -----------------------------------------------------------------------------
-- Helpers: inspecting the table being protected
-- -----------------------------------------------------------------------------

-- The type of a column (format_type), or null when it does not exist.
create function rbac_private.column_type(p_table regclass, p_column text) returns text
language sql
stable
set search_path = pg_catalog, pg_temp
as $$
  select format_type(a.atttypid, a.atttypmod) from pg_catalog.pg_attribute a
   where a.attrelid = p_table and a.attname = p_column and a.attnum > 0 and not a.attisdropped
$$;

-- Refuses a column that is missing or of another type.
create function rbac_private.assert_column(p_table regclass, p_column text, p_types text[], p_role text) returns text
language plpgsql
stable
set search_path = pg_catalog, pg_temp
as $$
declare
  v_type text := rbac_private.column_type(p_table, p_column);
begin
  if v_type is null then
    raise exception 'Table % has no column % (its %).', p_table, coalesce(p_column, '(none given)'), p_role using errcode = 'RB005';
  end if;
  if p_types is not null and not v_type = any (p_types) then
    raise exception 'Column %.% (its %) must be of type %, not %.', p_table, p_column, p_role, array_to_string(p_types, ' or '), v_type
      using errcode = 'RB005';
  end if;
  return v_type;
end;
$$;

-- The referenced column paired with each of p_columns in a foreign key from
-- p_table to p_target that covers exactly these pairs (and maybe more), or null.
create function rbac_private.foreign_key_pairs(p_table regclass, p_target regclass, p_columns text[], p_target_columns text[])
returns boolean
language sql
stable
set search_path = pg_catalog, pg_temp
as $$
  select exists (
    select 1 from pg_catalog.pg_constraint c
     where c.contype = 'f' and c.conrelid = p_table and c.confrelid = p_target
       and not exists (
         select 1 from unnest(p_columns, p_target_columns) want(col, target_col)
          where want.target_col is not null
            and not exists (
              select 1 from unnest(c.conkey, c.confkey) k(attnum, target_attnum)
                join pg_catalog.pg_attribute a on a.attrelid = p_table and a.attnum = k.attnum
                join pg_catalog.pg_attribute b on b.attrelid = p_target and b.attnum = k.target_attnum
               where a.attname = want.col and b.attname = want.target_col)))
$$;

-- The column of p_target that p_column references in a foreign key, or null.
create function rbac_private.referenced_column(p_table regclass, p_column text, p_target regclass) returns text
language sql
stable
set search_path = pg_catalog, pg_temp
as $$
  select b.attname::text
    from pg_catalog.pg_constraint c
    cross join lateral unnest(c.conkey, c.confkey) k(attnum, target_attnum)
    join pg_catalog.pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
    join pg_catalog.pg_attribute b on b.attrelid = c.confrelid and b.attnum = k.target_attnum
   where c.contype = 'f' and c.conrelid = p_table and c.confrelid = p_target and a.attname = p_column
   order by c.conname
   limit 1
$$;

-- Creates an index on a column the policies filter on, unless one already
-- starts with it. Assignee arrays get a GIN index (the && operator).
create function rbac_private.ensure_policy_index(p_table regclass, p_column text, p_gin boolean default false) returns void
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
  v_attnum smallint;
  v_name text;
begin
  if p_column is null then
    return;
  end if;
  select a.attnum into v_attnum from pg_catalog.pg_attribute a
   where a.attrelid = p_table and a.attname = p_column and not a.attisdropped;
  if exists (select 1 from pg_catalog.pg_index i join pg_catalog.pg_class c on c.oid = i.indexrelid
              join pg_catalog.pg_am am on am.oid = c.relam
              where i.indrelid = p_table and i.indkey[0] = v_attnum and (am.amname = 'gin') = p_gin) then
    return;
  end if;
  select left(c.relname || '_' || p_column, 54) || '_rls_idx' into v_name from pg_catalog.pg_class c where c.oid = p_table;
  execute format('create index if not exists %I on %s using %s (%I)', v_name, p_table, case when p_gin then 'gin' else 'btree' end, p_column);
end;
$$;

-- -----------------------------------------------------------------------------
-- Helpers: the policy expressions
-- -----------------------------------------------------------------------------

-- The permission key a command needs on a registered table.
create function rbac_private.protected_permission(p rbac.protected_tables, p_command text) returns text
language sql
immutable
set search_path = pg_catalog, pg_temp
as $$
  select p.module || '.' || (p.actions ->> p_command)
$$;

-- The org-scope test of a restricted arm: the whole tenant for memberships
-- scoped to the root, else the row's org among the scope's orgs. Inside
-- coalesce(…, false), which the planner cannot turn into an index condition:
-- the arm's rows come from its assignee, owner or team index, and the scope
-- is checked on those few rows (as an index condition it read the whole
-- tenant's entries of the tenant index for an administrator at the root).
create function rbac_private.scope_sql(p_self text, p_org text, p_permission text, p_mode text, p_a text, p_t text) returns text
language sql
immutable
set search_path = pg_catalog, pg_temp
as $$
  select format('coalesce(%s.tenant_id = any ((select rbac_private.rls_scope_tenants(%L, %L, %s, %s))::uuid[]) or %s = any ((select rbac_private.rls_orgs(%L, %L, %s, %s))::uuid[]), false)',
                p_self, p_permission, p_mode, p_a, p_t, p_org, p_permission, p_mode, p_a, p_t)
$$;

-- A runtime arm of a view policy: the caller's rows in one mode, behind the
-- mode's flag (see the header: it skips modes the caller does not have and
-- keeps the arm out of the row estimate).
create function rbac_private.gated_arm_sql(p_permission text, p_mode text, p_a text, p_t text, p_test text) returns text
language sql
immutable
set search_path = pg_catalog, pg_temp
as $$
  select format('((select rbac_private.rls_flag(%L, %L, %s, %s)) = 1 and %s)', p_permission, p_mode, p_a, p_t, p_test)
$$;

-- The rows of a registered table that p_permission lets the caller reach.
-- p_assignees: apply V1 (reads and the rows an edit or delete starts from);
-- false for the row being written (creating an account is not limited by
-- the books one sees). The expression references columns of the table only
-- through its own name (p_self), so it can sit inside sub-queries.
create function rbac_private.reach_sql(p rbac.protected_tables, p_permission text, p_assignees boolean) returns text
language plpgsql
stable
set search_path = pg_catalog, pg_temp
as $$
declare
  v_self text := quote_ident((select c.relname from pg_catalog.pg_class c where c.oid = p.table_name));
  -- Booleans as SQL literals (format's %s would write t and f).
  v_a text := (p.assignee_column is not null and p_assignees)::text;
  v_t text := (p.team_column is not null)::text;
  v_flags text;
  v_org text;
  v_arms text[] := '{}';
  v_parent rbac.protected_tables;
  v_parent_view text;
  v_parent_flags text;
  v_exists text;
begin
  if p.parent_table is null then
    v_flags := format('%L, %s, %s', p_permission, v_a, v_t);
    v_org := v_self || '.' || quote_ident(p.org_column);
    -- Runtime arms, one per mode, each behind its flag.
    v_arms := v_arms || rbac_private.gated_arm_sql(p_permission, 'tenant', v_a, v_t,
      format('%s.tenant_id = any ((select rbac_private.rls_whole_tenants(%s))::uuid[])', v_self, v_flags));
    v_arms := v_arms || rbac_private.gated_arm_sql(p_permission, 'orgs', v_a, v_t,
      format('%s = any ((select rbac_private.rls_orgs(%L, %L, %s, %s))::uuid[])', v_org, p_permission, 'orgs', v_a, v_t));
    -- In the restricted arms the row's own assignee, owner or team is tested
    -- first (a few ids); then its org scope: the whole tenant, or the orgs.
    if v_a::boolean then
      v_arms := v_arms || rbac_private.gated_arm_sql(p_permission, 'assigned', v_a, v_t, format('%s and %s',
        case when p.assignee_is_array
             then format('%s.%I && (select rbac_private.rls_assignee_ids(%s))', v_self, p.assignee_column, v_flags)
             else format('%s.%I = any ((select rbac_private.rls_assignee_ids(%s))::uuid[])', v_self, p.assignee_column, v_flags) end,
        rbac_private.scope_sql(v_self, v_org, p_permission, 'assigned', v_a, v_t)));
    end if;
    if v_t::boolean then
      v_arms := v_arms || rbac_private.gated_arm_sql(p_permission, 'team', v_a, v_t, format('(%s%s.%I = any ((select rbac_private.rls_group_ids(%s))::uuid[])) and %s',
        case when p.owner_column is null then ''
             else format('%s.%I = any ((select rbac_private.rls_member_ids(%L, %L, %s, %s))::uuid[]) or ',
                         v_self, p.owner_column, p_permission, 'team', v_a, v_t) end,
        v_self, p.team_column, v_flags,
        rbac_private.scope_sql(v_self, v_org, p_permission, 'team', v_a, v_t)));
    end if;
    if p.owner_column is not null then
      v_arms := v_arms || rbac_private.gated_arm_sql(p_permission, 'own', v_a, v_t, format('%s.%I = any ((select rbac_private.rls_member_ids(%L, %L, %s, %s))::uuid[]) and %s',
        v_self, p.owner_column, p_permission, 'own', v_a, v_t,
        rbac_private.scope_sql(v_self, v_org, p_permission, 'own', v_a, v_t)));
    end if;
    -- Estimate arms (reads and the rows edits start from): see the header.
    if p_assignees then
      v_arms := v_arms || format('((select rbac_private.rls_estimate_only()) <> 0 and %s.tenant_id = any (rbac_private.rls_whole_tenants(%s)))',
        v_self, v_flags);
      v_arms := v_arms || format('((select rbac_private.rls_estimate_only()) <> 0 and %s = any (rbac_private.rls_orgs(%L, %L, %s, %s)))',
        v_org, p_permission, 'orgs', v_a, v_t);
    end if;
    return '(' || array_to_string(v_arms, ' or ') || ')';
  end if;

  -- V3: a child row needs its own module's action and a visible parent row.
  select * into v_parent from rbac.protected_tables where table_name = p.parent_table;
  v_parent_view := rbac_private.protected_permission(v_parent, 'view');
  v_parent_flags := format('%L, %s, %s', v_parent_view, (v_parent.assignee_column is not null)::text,
                           (v_parent.team_column is not null)::text);
  v_exists := format('exists (select 1 from %s rbac_parent where rbac_parent.%I = %s.%I)',
                     v_parent.table_name, p.parent_key, v_self, p.parent_column);
  -- Shortcuts answer from the child's own tenant and org, which equal the
  -- parent's: valid only when the parent's view is a plain org-scope test
  -- (a top-level parent without a trash or attribute filters).
  if v_parent.parent_table is null and v_parent.trash_column is null and v_parent.filters = '[]'::jsonb then
    v_arms := v_arms || format('%s.tenant_id = any ((select rbac_private.rls_whole_tenants(%s))::uuid[])', v_self, v_parent_flags);
    if p.org_column is not null then
      v_arms := v_arms || format('%s.%I = any ((select rbac_private.rls_orgs(%L, %L, %s, %s))::uuid[])',
        v_self, p.org_column, v_parent_view, 'orgs', (v_parent.assignee_column is not null)::text,
        (v_parent.team_column is not null)::text);
      v_arms := v_arms || format('((%s.tenant_id = any ((select rbac_private.rls_scope_tenants(%L, %L, %s, %s))::uuid[]) or %s.%I = any ((select rbac_private.rls_restricted_orgs(%s))::uuid[])) and %s)',
        v_self, v_parent_view, 'restricted', (v_parent.assignee_column is not null)::text, (v_parent.team_column is not null)::text,
        v_self, p.org_column, v_parent_flags, v_exists);
    else
      v_arms := v_arms || v_exists;
    end if;
  else
    v_arms := v_arms || v_exists;
  end if;
  return format('(%s.tenant_id = any ((select rbac_private.rls_tenants_with(%L))::uuid[]) and (%s))',
                v_self, p_permission, array_to_string(v_arms, ' or '));
end;
$$;

-- The planner's view of a protected table (see the header):
--   tenant_id has many values (n_distinct = -0.001), so an arm comparing it
--   with an unknown set is not costed as the whole table; a value the
--   table's owner set is kept;
--   the row's org determines its tenant (functional-dependency statistics).
--   Without them, `org_id = $1 and tenant_id = $2` looks like one row once
--   tenant_id looks selective, and the foreign-key checks of child rows
--   (… references accounts (id, tenant_id, org_id)) chose the org index and
--   scanned the org's rows for the id: inserting 100,000 policies went from
--   4.3 s to 16 s in the benchmark's data.
create function rbac_private.tune_planner_estimates(p_table regclass, p_org_column text) returns void
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
  v_name text;
begin
  if not exists (select 1 from pg_catalog.pg_attribute a
                  where a.attrelid = p_table and a.attname = 'tenant_id' and a.attoptions is not null) then
    execute format('alter table %s alter column tenant_id set (n_distinct = -0.001)', p_table);
  end if;
  if p_org_column is not null then
    select left(c.relname, 40) || '_org_tenant_stats' into v_name from pg_catalog.pg_class c where c.oid = p_table;
    if not exists (select 1 from pg_catalog.pg_statistic_ext x where x.stxrelid = p_table and x.stxname = v_name) then
      execute format('create statistics %I.%I (dependencies) on %I, tenant_id from %s',
                     (select n.nspname from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
                       where c.oid = p_table), v_name, p_org_column, p_table);
    end if;
  end if;
end;
$$;

-- V6: the extra rows the attribute filter grants of a registration give for
-- one command: each grant is its own permission, reached like the module's
-- actions, and limited to rows matching all of its conditions.
create function rbac_private.filter_grants_sql(p rbac.protected_tables, p_command text, p_assignees boolean) returns text
language plpgsql
stable
set search_path = pg_catalog, pg_temp
as $$
declare
  v_self text := quote_ident((select c.relname from pg_catalog.pg_class c where c.oid = p.table_name));
  v_grant jsonb;
  v_condition jsonb;
  v_parts text[];
  v_arms text[] := '{}';
begin
  for v_grant in select value from jsonb_array_elements(p.filters)
                  where coalesce(value ->> 'for', 'view') = p_command loop
    v_parts := array[rbac_private.reach_sql(p, p.module || '.' || (v_grant ->> 'permission'), p_assignees)];
    for v_condition in select value from jsonb_array_elements(v_grant -> 'conditions') loop
      if v_condition ? 'in' then
        v_parts := v_parts || format('%s.%I = any (%L::%s[])', v_self, v_condition ->> 'column',
          array(select jsonb_array_elements_text(v_condition -> 'in'))::text,
          rbac_private.column_type(p.table_name, v_condition ->> 'column'));
      else
        v_parts := v_parts || format('%s.%I = any ((select rbac_private.my_territory_ids())::uuid[])', v_self, v_condition ->> 'column');
      end if;
    end loop;
    v_arms := v_arms || ('(' || array_to_string(v_parts, ' and ') || ')');
  end loop;
  return case when cardinality(v_arms) = 0 then null else array_to_string(v_arms, ' or ') end;
end;
$$;

-- The rows one command may start from (p_assignees true) or produce (false),
-- attribute filter grants included.
create function rbac_private.command_sql(p rbac.protected_tables, p_command text, p_assignees boolean) returns text
language sql
stable
set search_path = pg_catalog, pg_temp
as $$
  select concat_ws(' or ', rbac_private.reach_sql(p, rbac_private.protected_permission(p, p_command), p_assignees),
                   rbac_private.filter_grants_sql(p, p_command, p_assignees))
$$;

-- A7: view-as is read-only. An administrator viewing the app as a member
-- holds a token with the member's claims plus `view_as`; every change the
-- product's functions make is refused by the audit log's trigger
-- (20261123005001_ui_view_as.sql), and the write policies of protected
-- tables, which no audit row accompanies, call this first. It raises rather
-- than returning false so the viewer gets RB050 and its sentence instead of
-- a bare row-level security violation. No row is passed in: it reveals
-- nothing about the rows it guards.
create function rbac_private.rls_not_viewing_as() returns boolean
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if coalesce(auth.jwt() ? 'view_as', false) then
    raise exception 'You are viewing the app as another member; this view is read-only.' using errcode = 'RB050';
  end if;
  return true;
end;
$$;
comment on function rbac_private.rls_not_viewing_as() is
  'Definer: like every rls_ helper, so any login may run it (SQL logins hold no grant on auth); reads only the request''s claims. A7: raises RB050 under view-as claims; the write policies of protected tables and the audit log''s trigger call it.';
grant execute on function rbac_private.rls_not_viewing_as() to authenticated;

-- The four policy expressions of a registration. The ones that let a row be
-- written (create, edit, delete) start with the view-as guard, once per
-- statement.
create function rbac_private.protected_policy_sql(p rbac.protected_tables,
  out view_using text, out create_check text, out edit_using text, out edit_check text, out delete_using text)
language plpgsql
stable
set search_path = pg_catalog, pg_temp
as $$
declare
  v_live text;
  v_trashed text;
  v_trash rbac.protected_tables := p;
  v_guard constant text := '(select rbac_private.rls_not_viewing_as()) and ';
begin
  if p.trash_column is null then
    view_using := rbac_private.command_sql(p, 'view', true);
    create_check := v_guard || '(' || rbac_private.command_sql(p, 'create', false) || ')';
    edit_using := v_guard || '(' || rbac_private.command_sql(p, 'edit', true) || ')';
    edit_check := rbac_private.command_sql(p, 'edit', false);
    delete_using := v_guard || '(' || rbac_private.command_sql(p, 'delete', true) || ')';
    return;
  end if;
  -- The trash is the module's 'trash' sub-section with actions view, restore, delete.
  v_trash.module := p.module || '.trash';
  v_trash.filters := '[]'::jsonb;
  v_live := format('%I is null', p.trash_column);
  v_trashed := format('%I is not null', p.trash_column);
  view_using := format('((%s and (%s)) or (%s and %s))', v_live, rbac_private.command_sql(p, 'view', true),
                       v_trashed, rbac_private.reach_sql(v_trash, v_trash.module || '.view', true));
  create_check := v_guard || format('(%s and (%s))', v_live, rbac_private.command_sql(p, 'create', false));
  edit_using := v_guard || format('((%s and (%s or %s)) or (%s and %s))', v_live,
                       rbac_private.command_sql(p, 'edit', true), rbac_private.command_sql(p, 'delete', true),
                       v_trashed, rbac_private.reach_sql(v_trash, v_trash.module || '.restore', true));
  -- Which move the edit is (edit, trash, restore) is checked by the row trigger.
  edit_check := format('(%s or %s or %s)', rbac_private.command_sql(p, 'edit', false), rbac_private.command_sql(p, 'delete', false),
                       rbac_private.reach_sql(v_trash, v_trash.module || '.restore', false));
  delete_using := v_guard || format('(%s and %s)', v_trashed, rbac_private.reach_sql(v_trash, v_trash.module || '.delete', true));
end;
$$;

-- (Re)creates the standard policies and the trash trigger of one registered table.
create function rbac_private.apply_protection(p_table regclass) returns void
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
  p rbac.protected_tables;
  s record;
  v_policy name;
begin
  select * into p from rbac.protected_tables where table_name = p_table;
  s := rbac_private.protected_policy_sql(p);
  execute format('alter table %s enable row level security', p_table);
  perform rbac_private.tune_planner_estimates(p_table, p.org_column);
  for v_policy in select pol.polname from pg_catalog.pg_policy pol
                   where pol.polrelid = p_table
                     and pol.polname in ('Members can view rows their access allows', 'Members can add rows their access allows',
                                         'Members can edit rows their access allows', 'Members can delete rows their access allows') loop
    execute format('drop policy %I on %s', v_policy, p_table);
  end loop;
  execute format('create policy %I on %s for select to authenticated using (%s)',
                 'Members can view rows their access allows', p_table, s.view_using);
  execute format('create policy %I on %s for insert to authenticated with check (%s)',
                 'Members can add rows their access allows', p_table, s.create_check);
  -- Edits and deletes reach only rows the member also sees, even when the
  -- statement reads no column (where Postgres would skip the select policy).
  execute format('create policy %I on %s for update to authenticated using ((%s) and (%s)) with check (%s)',
                 'Members can edit rows their access allows', p_table, s.view_using, s.edit_using, s.edit_check);
  execute format('create policy %I on %s for delete to authenticated using ((%s) and (%s))',
                 'Members can delete rows their access allows', p_table, s.view_using, s.delete_using);
  -- T3: a row never changes tenant. The update policy checks the new row
  -- against the new tenant, so someone with edit rights in two tenants (one
  -- of them their own) could otherwise pull a record out of the other.
  execute format('create or replace trigger protected_tenant_fixed before update of tenant_id on %s for each row
                  when (old.tenant_id is distinct from new.tenant_id)
                  execute function rbac_private.refuse_tenant_change()', p_table);
  if exists (select 1 from pg_catalog.pg_trigger t where t.tgrelid = p_table and t.tgname = 'protected_trash_guard') then
    execute format('drop trigger protected_trash_guard on %s', p_table);
  end if;
  if p.trash_column is not null then
    execute format('create trigger protected_trash_guard before update on %s for each row
                    execute function rbac_private.guard_trash_move(%L, %L, %L, %L)',
                   p_table, p.module, p.trash_column, p.actions ->> 'edit', p.actions ->> 'delete');
  end if;
  -- X3: SQL logins read protected tables under the same select policy, once
  -- the reporting migration (which comes later) has installed its helper.
  if to_regprocedure('rbac_private.allow_reporting_read(regclass, name)') is not null then
    execute 'select rbac_private.allow_reporting_read($1)' using p_table;
  end if;
end;
$$;

-- Re-applies every registration (after a change to the policy generator).
-- Parents first: children read them.
create function rbac_private.reprotect_all() returns integer
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
  v_table regclass;
  v_count integer := 0;
begin
  for v_table in
    with recursive chain (table_name, depth) as (
      select table_name, 0 from rbac.protected_tables where parent_table is null
      union all
      select c.table_name, chain.depth + 1 from rbac.protected_tables c join chain on c.parent_table = chain.table_name
    )
    select table_name from chain order by depth
  loop
    perform rbac_private.apply_protection(v_table);
    v_count := v_count + 1;
  end loop;
  return v_count;
end;
$$;

-- -----------------------------------------------------------------------------
-- Triggers
-- -----------------------------------------------------------------------------

-- T3: refuses moving a row of a protected table to another tenant (anyone:
-- records are made again in the other tenant, never carried over).
create function rbac_private.refuse_tenant_change() returns trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
begin
  raise exception 'A record cannot move to another tenant.' using errcode = 'RB005';
end;
$$;
comment on function rbac_private.refuse_tenant_change() is 'T3: trigger of every protected table (protect_table).';

-- Moves in and out of the trash: trashing needs the delete action, restoring
-- <module>.trash.restore, an edit of a live row the edit action; a row in the
-- trash cannot be edited. Vendor maintenance (no signed-in person) passes.
create function rbac_private.guard_trash_move() returns trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
  v_module text := tg_argv[0];
  v_was_trashed boolean := to_jsonb(old) ->> tg_argv[1] is not null;
  v_is_trashed boolean := to_jsonb(new) ->> tg_argv[1] is not null;
  v_permission text;
begin
  if rbac_private.current_user_id() is null then
    return new;
  end if;
  if v_was_trashed and v_is_trashed then
    raise exception 'Items in the trash cannot be changed; restore them first.' using errcode = 'RB051';
  end if;
  v_permission := case
    when v_was_trashed then v_module || '.trash.restore'
    when v_is_trashed then v_module || '.' || tg_argv[3]
    else v_module || '.' || tg_argv[2] end;
  if not rbac_private.i_have(new.tenant_id, v_permission) then
    raise exception 'You do not have the permission "%".', v_permission using errcode = 'RB003', detail = v_permission;
  end if;
  -- A move in or out of the trash that changes anything else is an edit too
  -- (trashing a manual is no licence to rewrite it on the way).
  if v_was_trashed <> v_is_trashed
     and (to_jsonb(new) - tg_argv[1] - 'deleted_by' - 'updated_at') <> (to_jsonb(old) - tg_argv[1] - 'deleted_by' - 'updated_at')
     and not rbac_private.i_have(new.tenant_id, v_module || '.' || tg_argv[2]) then
    raise exception 'You do not have the permission "%".', v_module || '.' || tg_argv[2]
      using errcode = 'RB003', detail = v_module || '.' || tg_argv[2];
  end if;
  return new;
end;
$$;

-- -----------------------------------------------------------------------------
-- Public functions
-- -----------------------------------------------------------------------------

-- V7: protects a tenant table (one with tenant_id) with the standard
-- policies. For the vendor's migrations and service_role only; calling it
-- again with other arguments replaces the registration and the policies.
--   p_module          the module whose actions the commands need
--   p_org_column      the row's org (org scope, A3); required unless p_parent_table is given
--   p_owner_column    the member who owns the row (V4 private users, 'own' scope)
--   p_assignee_column the row's AMS assignee (uuid) or assignees (uuid[]) (V1)
--   p_team_column     the group (team) the row is assigned to (V5)
--   p_parent_table    a protected table this one's rows belong to (V3),
--   p_parent_column   through this column; a foreign key must hold the child's
--                     tenant_id (and org column) equal to the parent's
--   p_filters         V6 attribute filter grants (see rbac.protected_tables.filters)
--   p_trash_column    soft-delete timestamp; trashed rows need <module>.trash.*
--   p_actions         other action names per command, e.g. {"delete": "archive"}
--   p_grant           grant select, insert, update, delete to authenticated
create function public.protect_table(
  p_table regclass,
  p_module text,
  p_org_column text default 'org_id',
  p_owner_column text default null,
  p_assignee_column text default null,
  p_team_column text default null,
  p_parent_table regclass default null,
  p_parent_column text default null,
  p_filters jsonb default null,
  p_trash_column text default null,
  p_actions jsonb default null,
  p_grant boolean default true
) returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_schema text;
  v_kind "char";
  v_actions jsonb := jsonb_build_object('view', 'view', 'create', 'create', 'edit', 'edit', 'delete', 'delete')
                     || coalesce(p_actions, '{}'::jsonb);
  v_assignee_type text;
  v_parent rbac.protected_tables;
  v_parent_key text;
  v_grant jsonb;
  v_condition jsonb;
  v_others text;
begin
  select n.nspname, c.relkind into v_schema, v_kind
    from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where c.oid = p_table;
  if v_kind is null or v_kind not in ('r', 'p') then
    raise exception '% is not a table.', p_table using errcode = 'RB005';
  end if;
  if v_schema in ('rbac', 'rbac_private', 'auth', 'extensions', 'pg_catalog', 'information_schema') then
    raise exception 'Tables in schema % are the product''s own and cannot be protected this way.', v_schema using errcode = 'RB005';
  end if;
  if p_module is null or p_module !~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$' then
    raise exception 'A module key is lowercase letters, digits and underscores (a sub-section after one dot).' using errcode = 'RB005';
  end if;
  if jsonb_typeof(v_actions) <> 'object'
     or exists (select 1 from jsonb_each(v_actions) e
                 where e.key not in ('view', 'create', 'edit', 'delete') or jsonb_typeof(e.value) <> 'string'
                    or e.value #>> '{}' !~ '^[a-z][a-zA-Z0-9_]*$') then
    raise exception 'Actions map the commands view, create, edit and delete to action names.' using errcode = 'RB005';
  end if;
  perform rbac_private.assert_column(p_table, 'tenant_id', array['uuid'], 'tenant');

  -- Row columns the policies compare.
  if p_org_column is not null then
    perform rbac_private.assert_column(p_table, p_org_column, array['uuid'], 'organization');
  end if;
  if p_owner_column is not null then
    perform rbac_private.assert_column(p_table, p_owner_column, array['uuid'], 'owner');
  end if;
  if p_assignee_column is not null then
    v_assignee_type := rbac_private.assert_column(p_table, p_assignee_column, array['uuid', 'uuid[]'], 'assignees');
  end if;
  if p_team_column is not null then
    perform rbac_private.assert_column(p_table, p_team_column, array['uuid'], 'team');
  end if;
  if p_trash_column is not null then
    perform rbac_private.assert_column(p_table, p_trash_column, null, 'trash');
    if p_module like '%.%' then
      raise exception 'A table with a trash needs a top-level module (its trash is the sub-section %.trash).', p_module
        using errcode = 'RB005';
    end if;
  end if;

  -- The org must belong to the row's tenant (T3), which the policies rely on.
  if p_org_column is not null and p_parent_table is null
     and not rbac_private.foreign_key_pairs(p_table, 'rbac.orgs'::regclass, array['tenant_id', p_org_column], array['tenant_id', 'id']) then
    raise exception 'Table % needs a foreign key (tenant_id, %) referencing rbac.orgs (tenant_id, id).', p_table, p_org_column
      using errcode = 'RB005';
  end if;
  -- T1: deleting an org is refused while records are left in it (RB047,
  -- delete_org), which names the table; a foreign key that deletes or
  -- empties them instead would make records the deleter cannot see vanish.
  if exists (select 1 from pg_catalog.pg_constraint c
              where c.contype = 'f' and c.conrelid = p_table and c.confrelid = 'rbac.orgs'::regclass
                and c.confdeltype not in ('a', 'r')) then
    raise exception 'Table % has a foreign key to rbac.orgs that deletes or changes its rows when an organization is deleted; use ON DELETE RESTRICT or NO ACTION.', p_table
      using errcode = 'RB005';
  end if;

  -- V3: the parent is protected and the child's tenant (and org) follow it.
  if (p_parent_table is null) <> (p_parent_column is null) then
    raise exception 'A child table needs both its parent table and the column that points to it.' using errcode = 'RB005';
  end if;
  if p_parent_table is null and p_org_column is null then
    raise exception 'Table % needs an organization column (or a parent table whose rows it belongs to).', p_table using errcode = 'RB005';
  end if;
  if p_parent_table is not null then
    if p_parent_table = p_table then
      raise exception 'A table cannot be its own parent.' using errcode = 'RB005';
    end if;
    select * into v_parent from rbac.protected_tables where table_name = p_parent_table;
    if v_parent.table_name is null then
      raise exception 'Protect the parent table % first.', p_parent_table using errcode = 'RB005';
    end if;
    perform rbac_private.assert_column(p_table, p_parent_column, null, 'parent');
    v_parent_key := rbac_private.referenced_column(p_table, p_parent_column, p_parent_table);
    if v_parent_key is null
       or not rbac_private.foreign_key_pairs(p_table, p_parent_table,
                array['tenant_id', p_parent_column, p_org_column],
                array['tenant_id', v_parent_key, case when p_org_column is not null then v_parent.org_column end]) then
      raise exception 'Table % needs a foreign key (tenant_id, %) referencing % (tenant_id, <its key>%), so its rows always follow their parent.',
        p_table, p_parent_column || coalesce(', ' || p_org_column, ''), p_parent_table,
        case when p_org_column is null then '' else ', ' || coalesce(v_parent.org_column, 'org') end
        using errcode = 'RB005';
    end if;
  end if;

  -- V6: attribute filter grants.
  if p_filters is not null and jsonb_typeof(p_filters) <> 'array' then
    raise exception 'Filters must be a list.' using errcode = 'RB005';
  end if;
  for v_grant in select value from jsonb_array_elements(coalesce(p_filters, '[]'::jsonb)) loop
    if jsonb_typeof(v_grant) <> 'object' or coalesce(v_grant ->> 'permission', '') !~ '^[a-z][a-zA-Z0-9_]*$'
       or coalesce(v_grant ->> 'for', 'view') not in ('view', 'create', 'edit', 'delete')
       or jsonb_typeof(v_grant -> 'conditions') is distinct from 'array' or jsonb_array_length(v_grant -> 'conditions') = 0 then
      raise exception 'Each filter needs a permission (an action of the module), what it is for (view, create, edit or delete) and a list of conditions.'
        using errcode = 'RB005';
    end if;
    for v_condition in select value from jsonb_array_elements(v_grant -> 'conditions') loop
      perform rbac_private.assert_column(p_table, v_condition ->> 'column', null, 'filter');
      if v_condition ? 'in' then
        if jsonb_typeof(v_condition -> 'in') <> 'array' or jsonb_array_length(v_condition -> 'in') = 0
           or exists (select 1 from jsonb_array_elements(v_condition -> 'in') x where jsonb_typeof(x) not in ('string', 'number')) then
          raise exception 'The values of filter column % must be a non-empty list of strings or numbers.', v_condition ->> 'column'
            using errcode = 'RB005';
        end if;
      elsif v_condition -> 'in_member_territories' = 'true'::jsonb then
        perform rbac_private.assert_column(p_table, v_condition ->> 'column', array['uuid'], 'territory');
      else
        raise exception 'A filter condition is either {"column": …, "in": [values]} or {"column": …, "in_member_territories": true}.'
          using errcode = 'RB005';
      end if;
    end loop;
  end loop;

  -- Other permissive policies would be OR-ed with the standard ones and widen them.
  select string_agg(format('"%s"', pol.polname), ', ') into v_others
    from pg_catalog.pg_policy pol
   where pol.polrelid = p_table and pol.polpermissive
     and pol.polname not in ('Members can view rows their access allows', 'Members can add rows their access allows',
                             'Members can edit rows their access allows', 'Members can delete rows their access allows');
  if v_others is not null then
    raise exception 'Table % already has the policies %; drop them first so that only the standard policies decide.', p_table, v_others
      using errcode = 'RB005';
  end if;

  insert into rbac.protected_tables (table_name, module, actions, org_column, owner_column, assignee_column, assignee_is_array,
                                     team_column, parent_table, parent_column, parent_key, trash_column, filters)
  values (p_table, p_module, v_actions, p_org_column, p_owner_column, p_assignee_column,
          case when p_assignee_column is not null then v_assignee_type = 'uuid[]' end,
          p_team_column, p_parent_table, p_parent_column, v_parent_key, p_trash_column, coalesce(p_filters, '[]'::jsonb))
  on conflict (table_name) do update
     set module = excluded.module, actions = excluded.actions, org_column = excluded.org_column,
         owner_column = excluded.owner_column, assignee_column = excluded.assignee_column,
         assignee_is_array = excluded.assignee_is_array, team_column = excluded.team_column,
         parent_table = excluded.parent_table, parent_column = excluded.parent_column, parent_key = excluded.parent_key,
         trash_column = excluded.trash_column, filters = excluded.filters, protected_at = now();

  -- Every column a policy filters on is indexed.
  perform rbac_private.ensure_policy_index(p_table, 'tenant_id');
  perform rbac_private.ensure_policy_index(p_table, p_org_column);
  perform rbac_private.ensure_policy_index(p_table, p_owner_column);
  perform rbac_private.ensure_policy_index(p_table, p_assignee_column, v_assignee_type = 'uuid[]');
  perform rbac_private.ensure_policy_index(p_table, p_team_column);
  perform rbac_private.ensure_policy_index(p_table, p_parent_column);

  perform rbac_private.apply_protection(p_table);
  if coalesce(p_grant, true) then
    execute format('grant select, insert, update, delete on %s to authenticated', p_table);
  end if;
end;
$$;
comment on function public.protect_table(regclass, text, text, text, text, text, regclass, text, jsonb, text, jsonb, boolean) is
  'Definer: V7, so service_role can enable RLS and create policies on tables it does not own; not executable by members.';
grant execute on function public.protect_table(regclass, text, text, text, text, text, regclass, text, jsonb, text, jsonb, boolean) to service_role;

-- V7: the protected tables with their standard policies, as Postgres holds
-- them (pg_policies), for the admin UI and for review.
create view public.protected_tables with (security_invoker = true) as
  select t.table_name::text as table_name, t.module, t.actions, t.org_column, t.owner_column, t.assignee_column,
         t.team_column, t.parent_table::text as parent_table, t.parent_column, t.trash_column, t.filters, t.protected_at,
         coalesce((select jsonb_agg(jsonb_build_object('name', p.policyname, 'command', p.cmd, 'roles', p.roles,
                                                       'using', p.qual, 'check', p.with_check) order by p.cmd)
                     from pg_catalog.pg_policies p
                     join pg_catalog.pg_class c on c.relname = p.tablename
                     join pg_catalog.pg_namespace n on n.oid = c.relnamespace and n.nspname = p.schemaname
                    where c.oid = t.table_name), '[]'::jsonb) as policies
    from rbac.protected_tables t;
comment on view public.protected_tables is 'V7: registered tables, what their policies filter on, and the policies themselves.';
grant select on public.protected_tables to authenticated, service_role;
