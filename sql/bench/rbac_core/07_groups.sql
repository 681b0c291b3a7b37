-- Benchmark data, step 7: bench.groups groups/teams (A1) at orgs of levels
-- 0–2, each holding 1–2 employee roles available at its org, with 50–300
-- members from the group's subtree.
select setseed(0.77);

insert into rbac.groups (tenant_id, org_id, name, description)
select (select bench.ctx('tenant_id'))::uuid, o.org_id, format('Team %s', lpad(g::text, 2, '0')), 'Generated team.'
  from generate_series(1, bench.setting('groups')) g
  cross join lateral (select o.org_id from bench.orgs o where o.level <= 2 and g > 0 order by random() limit 1) o;

insert into rbac.group_roles (tenant_id, group_id, role_id)
select gr.tenant_id, gr.id, x.id
  from rbac.groups gr
  cross join lateral (
    select r.id
      from rbac.org_closure c
      join rbac.roles r on r.tenant_id = gr.tenant_id and r.org_id = c.ancestor_id
     where c.descendant_id = gr.org_id and r.kind = 'employee' and r.system_key is null
       and r.id <> (select bench.ctx('staff_role_id'))::uuid
     order by random()
     limit 1 + (gr.created_at is not null and random() < 0.5)::integer
  ) x
 where gr.tenant_id = (select bench.ctx('tenant_id'))::uuid;

insert into rbac.group_members (tenant_id, group_id, member_id)
select gr.tenant_id, gr.id, x.id
  from rbac.groups gr
  cross join lateral (
    select m.id
      from rbac.org_closure c
      join rbac.members m on m.tenant_id = gr.tenant_id and m.home_org_id = c.descendant_id
     where c.ancestor_id = gr.org_id and m.user_id <> (select bench.ctx('admin_user_id'))::uuid
     order by random()
     limit 50 + floor(random() * 251)::integer + (gr.id is null)::integer
  ) x
 where gr.tenant_id = (select bench.ctx('tenant_id'))::uuid;
