-- Benchmark data, step 8: company ceilings (A2). bench.ceiling_orgs orgs get
-- one or two company roles each: half of them at level 1, the other half at
-- level 2 under a capped level-1 org, so the members there sit under two
-- ceilings that intersect. The root is never capped (it would cap the
-- company administrator).
select setseed(0.88);

create table bench.capped as
select o.org_id, o.level
  from bench.orgs o where o.level = 1
 order by random() limit greatest(1, bench.setting('ceiling_orgs') / 2);

insert into bench.capped (org_id, level)
select c.descendant_id, 2
  from rbac.org_closure c
  join bench.orgs o on o.org_id = c.descendant_id and o.level = 2
 where c.ancestor_id in (select org_id from bench.capped)
 order by random()
 limit greatest(1, bench.setting('ceiling_orgs') - bench.setting('ceiling_orgs') / 2);

insert into rbac.org_company_roles (tenant_id, org_id, role_id)
select (select bench.ctx('tenant_id'))::uuid, c.org_id, x.id
  from bench.capped c
  cross join lateral (
    select r.id from rbac.roles r
     where r.tenant_id = (select bench.ctx('tenant_id'))::uuid and r.kind = 'company' and c.org_id is not null
     order by random()
     limit 1 + (random() < 0.5)::integer
  ) x;
