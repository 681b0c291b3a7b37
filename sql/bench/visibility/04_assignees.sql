-- Visibility benchmark, step 4: bench.vis_assignees AMS assignees (V1), one in
-- ten of them a member (a producer's own book), the rest house accounts and
-- departed producers' books; every Assigned member works for 1–3 of them.
select setseed(0.24);

create table bench_vis.assignee_numbers as
select g as n, gen_random_uuid() as id from generate_series(1, bench_vis.setting('assignees')) g;
create index on bench_vis.assignee_numbers (n);

with producers as (
  select m.id, row_number() over (order by m.display_name) as n
    from rbac.members m
   where m.tenant_id = (select bench_vis.ctx('tenant_id'))::uuid and m.user_type = 'power_user'
)
insert into rbac.assignees (id, tenant_id, name, external_key, member_id)
select a.id, (select bench_vis.ctx('tenant_id'))::uuid, 'Producer ' || lpad(a.n::text, 5, '0'), 'AMS-' || a.n, p.id
  from bench_vis.assignee_numbers a
  left join producers p on p.n = a.n and a.n % 10 = 0;

insert into rbac.member_assignees (tenant_id, member_id, assignee_id)
select distinct m.tenant_id, m.id, a.id
  from rbac.members m
  cross join lateral (select 1 + floor(random() * bench_vis.setting('assignees'))::integer as n
                        from generate_series(1, 1 + floor(random() * 3)::integer + 0 * length(m.id::text)) k) pick
  join bench_vis.assignee_numbers a on a.n = pick.n
 where m.tenant_id = (select bench_vis.ctx('tenant_id'))::uuid and m.visibility = 'assigned';
