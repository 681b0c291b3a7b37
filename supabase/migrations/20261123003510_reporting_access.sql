-- =============================================================================
-- What SQL logins may read (X3): every tenant table members can read, under
-- exactly the policies members get, and only in the login's own tenant (T3).
--
-- THE RULE for every table created after this migration (business tables in
-- public included): once the table has RLS and its policies, call
--
--     select rbac_private.allow_reporting_read('public.accounts');
--
-- (or re-run rbac_private.sync_reporting_access()), and call it again after
-- adding a policy later. It grants SELECT to rbac_reporting, adds
-- rbac_reporting to every select (or all) policy that applies to
-- authenticated, restrictive ones included, and adds the restrictive policy
-- "SQL logins read only their own tenant". Policy helpers in rbac_private
-- must be `stable` for the sync to grant them to rbac_reporting; policies
-- must identify the caller with rbac_private.current_user_id() (never
-- auth.uid() or auth.jwt(), which a SQL login could forge: rbac_reporting has
-- no USAGE on schema auth, so such a policy fails for it rather than leaks).
-- supabase/tests/database/40_sql_login_grants.test.sql checks the rule.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Helpers
-- -----------------------------------------------------------------------------

-- Opens one table to SQL logins under the policies members have. Idempotent.
create function rbac_private.allow_reporting_read(p_table regclass, p_tenant_column name default 'tenant_id') returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_policy record;
begin
  if not exists (select 1 from pg_catalog.pg_class c
                  where c.oid = p_table and c.relkind in ('r', 'p') and c.relrowsecurity) then
    raise exception 'Table % needs row level security before SQL logins may read it.', p_table using errcode = 'RB005';
  end if;
  if not exists (select 1 from pg_catalog.pg_attribute a
                  where a.attrelid = p_table and a.attname = p_tenant_column and not a.attisdropped) then
    raise exception 'Table % has no column %.', p_table, p_tenant_column using errcode = 'RB005';
  end if;
  -- A policy for authenticated binds SQL logins too; a restrictive one left
  -- out would let a login see more than its member.
  for v_policy in
    select p.polname,
           (select string_agg(quote_ident(r.rolname), ', ') from pg_catalog.pg_roles r where r.oid = any (p.polroles)) as roles
      from pg_catalog.pg_policy p
     where p.polrelid = p_table and p.polcmd in ('r', '*')
       and 'authenticated'::regrole::oid = any (p.polroles)
       and not 'rbac_reporting'::regrole::oid = any (p.polroles)
  loop
    execute format('alter policy %I on %s to %s, rbac_reporting', v_policy.polname, p_table, v_policy.roles);
  end loop;
  if not exists (select 1 from pg_catalog.pg_policy p
                  where p.polrelid = p_table and p.polname = 'SQL logins read only their own tenant') then
    execute format('create policy "SQL logins read only their own tenant" on %s as restrictive for select to rbac_reporting '
                   'using (%I = (select rbac_private.my_sql_login_tenant_id()))', p_table, p_tenant_column);
  end if;
  execute format('grant select on %s to rbac_reporting', p_table);
end;
$$;
comment on function rbac_private.allow_reporting_read(regclass, name) is
  'Definer: X3, owner-only DDL (grant, alter and create policy) on a tenant table. Called from migrations and by the functions that protect tables.';

-- Applies the rule to every tenant table of rbac and public that members can
-- read, and grants the stable policy helpers. Idempotent.
create function rbac_private.sync_reporting_access() returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  v_table record;
  v_function regprocedure;
begin
  for v_table in
    select c.oid::regclass as tbl, case when c.oid = 'rbac.tenants'::regclass then 'id' else 'tenant_id' end::name as col
      from pg_catalog.pg_class c
     where c.relnamespace in ('rbac'::regnamespace, 'public'::regnamespace)
       and c.relkind in ('r', 'p') and c.relrowsecurity
       and pg_catalog.has_table_privilege('authenticated', c.oid, 'select')
       -- L1: the chain head is an internal of the audit log.
       and c.oid <> 'rbac.audit_heads'::regclass
       and exists (select 1 from pg_catalog.pg_attribute a
                    where a.attrelid = c.oid and not a.attisdropped
                      and a.attname = case when c.oid = 'rbac.tenants'::regclass then 'id' else 'tenant_id' end)
     order by c.oid
  loop
    perform rbac_private.allow_reporting_read(v_table.tbl, v_table.col);
  end loop;
  -- Policies run as the querying role: the caller-only helpers they call.
  for v_function in
    select p.oid::regprocedure
      from pg_catalog.pg_proc p
     where p.pronamespace = 'rbac_private'::regnamespace and p.provolatile in ('s', 'i')
       and pg_catalog.has_function_privilege('authenticated', p.oid, 'execute')
  loop
    execute format('grant execute on function %s to rbac_reporting', v_function);
  end loop;
end;
$$;
comment on function rbac_private.sync_reporting_access() is
  'Definer: X3, owner-only DDL; opens every tenant table members can read to SQL logins under the same policies.';

-- -----------------------------------------------------------------------------
-- Everything migrated so far
-- -----------------------------------------------------------------------------

select rbac_private.sync_reporting_access();
