-- Visibility benchmark (issue 5), step 0: the scratch schema bench_vis that
-- the steps use to pass ids to each other. Its own schema, so it can run in
-- the same database as the rbac_core suite (which owns schema bench). The
-- sizes arrive as settings bench.vis_<name> set by
-- scripts/bench/suites/visibility/generate.ts. Every step is set-based SQL run
-- as the superuser: it bypasses the API on purpose (no audit rows, no per-row
-- checks) but writes only rows the API could have written.
create schema bench_vis;
comment on schema bench_vis is 'Scratch data of the visibility bench (npm run bench); never part of the product.';

create table bench_vis.context (
  key text primary key,
  value text not null
);
comment on table bench_vis.context is 'Ids the generator steps and the measurements share (tenant_id, the actors'' member ids, …).';

-- Called as (select bench_vis.ctx(…)) in bulk statements: once per statement, not per row.
create function bench_vis.ctx(p_key text) returns text
language sql
stable
set search_path = ''
as $$
  select value from bench_vis.context where key = p_key
$$;

create function bench_vis.setting(p_name text) returns integer
language sql
stable
set search_path = ''
as $$
  select current_setting('bench.vis_' || p_name)::integer
$$;

create table bench_vis.orgs (
  org_id uuid primary key,
  level integer not null,
  ord integer not null
);
comment on table bench_vis.orgs is 'The generated org tree by level.';
