-- Helpers for the pgTAP files, included at the top of each file (after
-- `begin;`) with `\ir ../helpers/test_helpers.sql`, so they live only inside
-- the test's transaction and work the same under our runner and under
-- `supabase test db` (pg_prove/psql).
create schema if not exists tests;
grant usage on schema tests to authenticated, anon;

-- A GoTrue-like user; returns its id.
create or replace function tests.create_user(p_email text, p_name text default null) returns uuid
language sql
as $$
  insert into auth.users (id, email, aud, role, raw_user_meta_data, email_confirmed_at)
  values (gen_random_uuid(), lower(p_email), 'authenticated', 'authenticated',
          jsonb_build_object('full_name', coalesce(p_name, split_part(p_email, '@', 1))), now())
  returning id
$$;

create or replace function tests.user_id(p_email text) returns uuid
language sql stable
as $$ select id from auth.users where email = lower(p_email) $$;

-- Acts as that user until tests.clear_authentication(), the way PostgREST does.
create or replace function tests.authenticate_as(p_email text) returns void
language plpgsql
as $$
begin
  perform set_config('request.jwt.claims',
    jsonb_build_object('sub', tests.user_id(p_email), 'role', 'authenticated', 'email', lower(p_email))::text, true);
  perform set_config('role', 'authenticated', true);
end;
$$;

create or replace function tests.clear_authentication() returns void
language plpgsql
as $$
begin
  perform set_config('role', 'none', true);
  perform set_config('request.jwt.claims', '', true);
end;
$$;

-- Requests made with claims other than a plain sign-in (a view-as token, a
-- session id): the test files them under a name as the superuser (building
-- them reads auth.users), then acts with one until tests.clear_authentication().
create temporary table if not exists named_claims (name text primary key, claims text);
grant select on named_claims to authenticated;

create or replace function tests.act_with_claims(p_name text) returns void
language sql
as $$
  select set_config('request.jwt.claims', (select claims from named_claims where name = p_name), true);
  select set_config('role', 'authenticated', true);
$$;
grant execute on function tests.act_with_claims(text) to authenticated;

-- A new tenant whose first member (company administrator with the
-- Administrator role) is p_admin_email; returns the tenant id.
create or replace function tests.new_tenant(p_name text, p_admin_email text) returns uuid
language plpgsql
as $$
declare
  v_tenant uuid;
begin
  perform tests.create_user(p_admin_email);
  perform tests.authenticate_as(p_admin_email);
  v_tenant := public.create_organization(p_name);
  perform tests.clear_authentication();
  return v_tenant;
end;
$$;

-- A member added directly (as the lifecycle functions do after their checks).
create or replace function tests.add_member(
  p_tenant_id uuid, p_email text, p_user_type rbac.user_type default 'power_user',
  p_home_org_id uuid default null, p_role_ids uuid[] default '{}'
) returns uuid
language sql
as $$
  select rbac_private.insert_member(p_tenant_id, tests.create_user(p_email), split_part(p_email, '@', 1), lower(p_email),
                                    coalesce(p_home_org_id, p_tenant_id), p_user_type, p_role_ids)
$$;

create or replace function tests.member_id(p_tenant_id uuid, p_email text) returns uuid
language sql stable
as $$ select id from rbac.members where tenant_id = p_tenant_id and email = lower(p_email) $$;

create or replace function tests.role_id(p_tenant_id uuid, p_name text) returns uuid
language sql stable
as $$ select id from rbac.roles where tenant_id = p_tenant_id and lower(name) = lower(p_name) and disabled_at is null $$;

-- Named ids kept for the rest of the test's transaction and readable whoever
-- is acting: an attack needs the id of a row the attacker cannot see, which
-- tests.member_id / tests.role_id (running under RLS) would not find.
-- tests.id fails loudly on a name never remembered, so a typo cannot turn
-- into a null that some other refusal happens to catch.
create or replace function tests.remember(p_name text, p_id uuid) returns uuid
language sql
as $$ select set_config('tests.id_' || p_name, p_id::text, true)::uuid $$;

create or replace function tests.id(p_name text) returns uuid
language sql stable
as $$ select current_setting('tests.id_' || p_name)::uuid $$;

-- A member's effective rights as 'key:scope' straight from the one definition
-- (rbac_private.member_grants), and one right as a boolean. Definers, so a
-- test can check the effect of a call while still acting as the caller.
create or replace function tests.grants_of(p_member_id uuid) returns setof text
language sql stable security definer set search_path = pg_catalog, pg_temp
as $$
  select p.key || ':' || g.scope
    from rbac_private.member_grants(p_member_id) g join rbac.permissions p on p.id = g.permission_id
$$;

create or replace function tests.has(p_member_id uuid, p_permission text) returns boolean
language sql stable security definer set search_path = pg_catalog, pg_temp
as $$ select rbac_private.member_has(p_member_id, p_permission) $$;

-- A generated policy without its estimate arms (20261123003200_…): the only
-- place a helper may be called without (select …), since they never run.
create or replace function tests.runtime_policy(p_expression text) returns text
language sql
immutable
as $$
  select regexp_replace(coalesce(p_expression, ''),
    '\(\(\( SELECT rbac_private\.rls_estimate_only\(\) AS rls_estimate_only\) <> 0\) AND \([a-z_]+ = ANY \(rbac_private\.rls_[a-z_]+\([^()]*\)\)\)\)',
    '', 'g')
$$;

grant execute on all functions in schema tests to authenticated, anon;
