-- =============================================================================
-- Setup: schemas, privileges and shared types of the RBAC product.
--
--   rbac          the product's tables. Exposed for reads only: every table has
--                 RLS and select policies; writes go through the functions.
--   rbac_private  internal helpers (security definer, search_path pg_catalog, pg_temp), never
--                 exposed through the API. authenticated may execute the few
--                 that policies call; they answer only about the caller.
--   public        the API: functions callable by `authenticated` (RPC), and
--                 the protected business tables.
-- =============================================================================

create schema if not exists rbac;
create schema if not exists rbac_private;
comment on schema rbac is 'Tenants, org tree, catalog, roles, assignments and audit of the RBAC product. Read under RLS; written only through the public API functions.';
comment on schema rbac_private is 'Internal helpers of the RBAC product. Not exposed; policies call a few of them.';

grant usage on schema rbac to authenticated, service_role;
grant usage on schema rbac_private to authenticated, service_role;

-- Revoke by default, grant each function: nothing new is callable by
-- anon/authenticated unless a migration says so right under the function.
-- Postgres grants EXECUTE to PUBLIC globally, and a per-schema revoke cannot
-- undo a global grant, so the global default is revoked (for the migrating
-- role); without it every rbac_private helper (insert_member, create_tenant,
-- define_module …) was callable by any signed-in user. Extensions (pgcrypto,
-- pgTAP) stay callable as on Supabase.
alter default privileges revoke execute on functions from public;
alter default privileges in schema extensions grant execute on functions to public;
alter default privileges in schema public revoke execute on functions from public;
alter default privileges in schema rbac revoke execute on functions from public;
alter default privileges in schema rbac_private revoke execute on functions from public;
alter default privileges in schema public revoke execute on functions from anon, authenticated;
alter default privileges in schema rbac_private revoke execute on functions from anon, authenticated;

-- -----------------------------------------------------------------------------
-- Types
-- -----------------------------------------------------------------------------

-- A3: user types are admin scopes.
create type rbac.user_type as enum ('company_admin', 'administrator', 'power_user', 'private_user');
comment on type rbac.user_type is 'A3: company_admin = whole tenant; administrator = home org and its descendants; power_user = home org only; private_user = own records only.';

create type rbac.member_status as enum ('pending', 'active', 'deactivated', 'deleted');

-- V1: what a member sees of the tenant's accounts.
create type rbac.visibility as enum ('all', 'assigned');

-- R3: employee roles are held by people; company roles are held by orgs and cap them (A2).
create type rbac.role_kind as enum ('employee', 'company');

-- P3: scoped actions; the order matters (own < team < all), max() picks the widest.
create type rbac.scope as enum ('own', 'team', 'all');
