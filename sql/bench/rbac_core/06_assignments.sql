-- Benchmark data, step 6: who holds which role (A1). Every generated member
-- holds Staff plus 0–2 random employee roles that are available at their
-- home org (R2: defined at the home org or an ancestor), so each member
-- holds 1–3 roles directly, as assign_role would have allowed.
select setseed(0.66);

insert into rbac.member_roles (tenant_id, member_id, role_id)
select m.tenant_id, m.id, (select bench.ctx('staff_role_id'))::uuid
  from rbac.members m
 where m.tenant_id = (select bench.ctx('tenant_id'))::uuid and m.user_id <> (select bench.ctx('admin_user_id'))::uuid;

with drawn as (
  select m.id, m.tenant_id, m.home_org_id, floor(random() * 3)::integer as extra
    from rbac.members m
   where m.tenant_id = (select bench.ctx('tenant_id'))::uuid and m.user_id <> (select bench.ctx('admin_user_id'))::uuid
)
insert into rbac.member_roles (tenant_id, member_id, role_id)
select d.tenant_id, d.id, x.id
  from drawn d
  cross join lateral (
    select r.id
      from rbac.org_closure c
      join rbac.roles r on r.tenant_id = d.tenant_id and r.org_id = c.ancestor_id
     where c.descendant_id = d.home_org_id and r.kind = 'employee' and r.system_key is null
       and r.id <> (select bench.ctx('staff_role_id'))::uuid
     order by random()
     limit d.extra
  ) x;
