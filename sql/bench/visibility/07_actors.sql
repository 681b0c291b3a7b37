-- Visibility benchmark, step 7: the members the measurements act as, one per
-- visibility kind (V1, V4), each holding Account Viewer:
--   admin        the company administrator: All Accounts, the whole tenant
--   region       an administrator of a region (level-1 org): All Accounts in
--                its ~10 % of the tree
--   assigned_1   an administrator at the root with Assigned Accounts Only and
--   assigned_20  1 or 20 AMS assignees: their books across the whole tree
--   private      a private user owning about 20 accounts (the median owner)
select setseed(0.27);

create table bench_vis.actor_plan (key text primary key, user_id uuid not null, home_org_id uuid not null,
                                   user_type rbac.user_type not null, visibility rbac.visibility not null,
                                   assignees integer not null);
insert into bench_vis.actor_plan
select 'region', gen_random_uuid(), (select org_id from bench_vis.orgs where level = 1 order by ord limit 1),
       'administrator'::rbac.user_type, 'all'::rbac.visibility, 0
union all
select 'assigned_1', gen_random_uuid(), bench_vis.ctx('tenant_id')::uuid, 'administrator', 'assigned', 1
union all
select 'assigned_20', gen_random_uuid(), bench_vis.ctx('tenant_id')::uuid, 'administrator', 'assigned', 20;

insert into auth.users (id, email, aud, role, raw_user_meta_data, email_confirmed_at)
select a.user_id, format('vis-actor-%s@bench-vis.test', a.key), 'authenticated', 'authenticated',
       jsonb_build_object('full_name', 'Actor ' || a.key), now()
  from bench_vis.actor_plan a;

insert into rbac.members (tenant_id, user_id, home_org_id, display_name, email, user_type, visibility, status)
select (select bench_vis.ctx('tenant_id'))::uuid, a.user_id, a.home_org_id, 'Actor ' || a.key,
       format('vis-actor-%s@bench-vis.test', a.key), a.user_type, a.visibility, 'active'
  from bench_vis.actor_plan a;

insert into bench_vis.context (key, value)
select a.key || '_member_id', m.id::text from bench_vis.actor_plan a join rbac.members m on m.user_id = a.user_id;

insert into rbac.member_roles (tenant_id, member_id, role_id)
select m.tenant_id, m.id, (select bench_vis.ctx('viewer_role_id'))::uuid
  from bench_vis.actor_plan a join rbac.members m on m.user_id = a.user_id;

-- Assignees 1.. for the assigned actors (any 20 are alike: books are uniform).
insert into rbac.member_assignees (tenant_id, member_id, assignee_id)
select m.tenant_id, m.id, n.id
  from bench_vis.actor_plan a
  join rbac.members m on m.user_id = a.user_id
  join bench_vis.assignee_numbers n on n.n <= a.assignees;

-- The private user whose number of owned accounts is closest to the median owner's.
with owned as (
  select m.id, (select count(*) from public.accounts x where x.owner_member_id = m.id and x.tenant_id = m.tenant_id) as n
    from rbac.members m
   where m.tenant_id = (select bench_vis.ctx('tenant_id'))::uuid and m.user_type = 'private_user'
)
insert into bench_vis.context (key, value)
select 'private_member_id', id::text from owned
 order by abs(n - (select percentile_disc(0.5) within group (order by n) from owned)), id
 limit 1;
