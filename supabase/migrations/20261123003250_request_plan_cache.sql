-- =============================================================================
-- Requests are always planned for their own caller.
--
-- The view policies carry estimate arms (20261123003200_…): the planner calls
-- the caller's set functions while planning, so a plan fits the caller who
-- was signed in when it was made (a company administrator's walk of the name
-- index, a private user's look-up of his own rows). Postgres may keep one
-- generic plan for a prepared statement after five executions, and PostgREST
-- prepares its statements and shares its connections between users: measured
-- on the benchmark's data, a private user's page of 20 accounts then ran the
-- generic plan made after an administrator's requests and took 2.3 s instead
-- of 0.5 ms. Results stay right either way (the InitPlans are evaluated for
-- each execution); only the plan would belong to someone else.
--
-- force_custom_plan plans every execution again (the 0.2–0.6 ms the
-- benchmark already measures for every request):
--   authenticated    PostgREST (11.1 and later) applies the impersonated
--                    role's settings in each request's transaction
--   authenticator    its sessions, from login: PostgREST's own connections,
--                    this product's server and the benchmark
-- A hosted project may refuse to change authenticator (it belongs to the
-- platform); the setting on authenticated still covers PostgREST there.
-- SQL logins (X3) are one member each: their plans are always their own.
-- =============================================================================

do $$
begin
  alter role authenticated set plan_cache_mode = 'force_custom_plan';
  begin
    alter role authenticator set plan_cache_mode = 'force_custom_plan';
  exception when insufficient_privilege then
    raise notice 'authenticator belongs to the platform here; plan_cache_mode is set for authenticated (PostgREST applies it per request).';
  end;
end
$$;
