-- Benchmark data, step 6: who holds which role (A1). Every generated member
-- holds Staff plus 0–2 random employee roles that are available at their
-- home org (R2: defined at the home org or an ancestor), so each member
-- holds 1–3 roles directly, as assign_role would have allowed. The roles
-- available at each org are listed once, so each member only draws indexes.
select setseed(0.66);

insert into rbac.member_roles (tenant_id, member_id, role_id)
select m.tenant_id, m.id, (select bench.ctx('staff_role_id'))::uuid
  from rbac.members m
 where m.tenant_id = (select bench.ctx('tenant_id'))::uuid and m.user_id <> (select bench.ctx('admin_user_id'))::uuid;

create table bench.available_roles as
select c.descendant_id as org_id, array_agg(r.id order by r.id) as role_ids
  from rbac.org_closure c
  join rbac.roles r on r.tenant_id = c.tenant_id and r.org_id = c.ancestor_id
 where c.tenant_id = (select bench.ctx('tenant_id'))::uuid and r.kind = 'employee' and r.system_key is null
   and r.id <> (select bench.ctx('staff_role_id'))::uuid
 group by c.descendant_id;
comment on table bench.available_roles is 'The employee roles (Staff and system roles aside) available at each org.';

-- Two draws per member, each kept with probability 1/2 (0, 1 or 2 extra
-- roles); a repeated draw is dropped, so a few members hold one role less.
insert into rbac.member_roles (tenant_id, member_id, role_id)
select m.tenant_id, m.id, a.role_ids[1 + floor(random() * cardinality(a.role_ids))::integer]
  from rbac.members m
  join bench.available_roles a on a.org_id = m.home_org_id
  cross join generate_series(1, 2) draw
 where m.tenant_id = (select bench.ctx('tenant_id'))::uuid and m.user_id <> (select bench.ctx('admin_user_id'))::uuid
   and random() < 0.5
on conflict do nothing;
