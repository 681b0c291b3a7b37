-- =============================================================================
-- The product's own functions keep their plan cache under PostgREST.
--
-- 20261123003250_request_plan_cache.sql makes PostgREST plan every statement
-- of a request for its caller (plan_cache_mode = force_custom_plan on
-- authenticated), because a view policy's plan fits one caller. That setting
-- also reaches the queries inside the functions a request calls, RPCs and
-- the helpers every policy calls alike, and plpgsql then plans each of them
-- again on every call. Measured with the setting on the RBAC benchmark's
-- sessions: list_roles 4–6 ms → 8–11 ms, update_role 11 → 31 ms, a member's
-- first has_permission of a statement 4 → 14 ms, `select * from rbac.roles
-- limit 50` 1.7 → 5–7 ms. A security definer function reads as its owner, to
-- whom no policy applies, so its plans are the same for every caller: each
-- runs with plan_cache_mode = auto, and plpgsql keeps its plans again (with
-- this migration: list_roles 4–6 ms, update_role 10 ms, first check 4 ms).
-- Security invoker functions (list_sql_logins, …) read under the caller's
-- policies and keep the request's setting; trigger functions run per row and
-- are left as they are.
--
-- Covered: every definer function in rbac and rbac_private, and those in
-- public that use them (this product's API, not a project's own functions).
-- This migration runs after every function it covers; a definer function
-- added later declares `set plan_cache_mode = auto` itself
-- (30_visibility_structure checks that none is missing).
-- =============================================================================

do $$
declare
  f regprocedure;
begin
  for f in select p.oid::regprocedure
             from pg_catalog.pg_proc p
            where (p.pronamespace in ('rbac'::regnamespace, 'rbac_private'::regnamespace)
                   -- In public, only this product's API (a project's own functions are left alone).
                   or (p.pronamespace = 'public'::regnamespace and p.prosrc ~ '\mrbac(_private)?\.'))
              and p.prosecdef
              and p.prorettype <> 'trigger'::regtype
              and p.proowner = (select oid from pg_catalog.pg_roles where rolname = current_user)
              and not coalesce('plan_cache_mode=auto' = any (p.proconfig), false) loop
    execute format('alter function %s set plan_cache_mode = auto', f);
  end loop;
end;
$$;
