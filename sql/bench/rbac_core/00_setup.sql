-- Benchmark data, step 0: the scratch schema `bench` that the generator
-- steps use to pass ids to each other (tenant, special roles, org levels).
-- The sizes arrive as settings (bench.orgs, bench.members, …) set by
-- scripts/bench/suites/rbac_core/generate.ts; every step is set-based SQL run
-- as the superuser, so it bypasses the API on purpose (no audit rows, no
-- per-row checks) but writes only rows the API could have written.
-- sql/bench/rbac_core_cleanup.sql has removed any earlier bench data.
create schema bench;
comment on schema bench is 'Scratch data of npm run bench; never part of the product.';

create table bench.context (
  key text primary key,
  value text not null
);
comment on table bench.context is 'Ids the generator steps and the measurements share (tenant_id, admin_user_id, staff_role_id, …).';

-- Statements that touch many rows call these as (select bench.ctx(…)), so
-- they run once per statement rather than once per row.
create function bench.ctx(p_key text) returns text
language sql
stable
set search_path = ''
as $$
  select value from bench.context where key = p_key
$$;

create function bench.setting(p_name text) returns integer
language sql
stable
set search_path = ''
as $$
  select current_setting('bench.' || p_name)::integer
$$;

-- Every org with its level (0 = root) and position in the level, so the
-- later steps can place roles, groups and ceilings at chosen depths.
create table bench.orgs (
  org_id uuid primary key,
  level integer not null,
  ord integer not null
);
comment on table bench.orgs is 'The generated org tree by level.';
create index on bench.orgs (level, ord);
