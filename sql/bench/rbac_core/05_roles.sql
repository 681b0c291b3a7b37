-- Benchmark data, step 5: roles. Besides the system Administrator and User:
--   * Staff, at the root, which every member holds (the role the R4
--     measurement edits: "a role held by 10,000 members");
--   * bench.roles - 3 random employee roles, 70 % defined at the root and
--     30 % at a level-1 or level-2 org (R2: available to its subtree), each
--     with 4–30 random permissions (any module but the probe one, core admin
--     permissions included, random scope where the action is scoped);
--   * bench.company_roles company roles (R3) granting 70–90 % of the catalog,
--     used as ceilings (A2) in step 8.
select setseed(0.55);

create table bench.grantable as
select p.id, p.scoped
  from rbac.permissions p join rbac.modules mo on mo.id = p.module_id
 where p.tenant_id = (select bench.ctx('tenant_id'))::uuid and mo.key <> (select bench.ctx('probe_module'));

insert into rbac.roles (tenant_id, org_id, name, description)
values (bench.ctx('tenant_id')::uuid, (select bench.ctx('tenant_id'))::uuid, 'Staff', 'Everyone in the company holds this role.');
insert into bench.context (key, value)
select 'staff_role_id', id::text from rbac.roles where tenant_id = (select bench.ctx('tenant_id'))::uuid and name = 'Staff';

-- Staff starts with a small everyday set (edited by the R4 measurement).
insert into rbac.role_permissions (tenant_id, role_id, permission_id, scope)
select p.tenant_id, (select bench.ctx('staff_role_id'))::uuid, p.id, 'all'
  from rbac.permissions p
 where p.tenant_id = (select bench.ctx('tenant_id'))::uuid and p.key in ('m01.view', 'm02.view', 'm03.edit', 'm04.view', 'm05.create');

with placed as (
  select g as n,
         case when random() < 0.7 then (select bench.ctx('tenant_id'))::uuid
              else (select o.org_id from bench.orgs o where o.level in (1, 2) and g > 0 order by random() limit 1) end as org_id,
         (array['Sales', 'Support', 'Finance', 'Field', 'Regional', 'Claims', 'Billing', 'Audit', 'Dispatch',
                'Warehouse', 'Marketing', 'Legal', 'Service', 'Quality', 'Partner'])[1 + floor(random() * 15)::integer] as word1,
         (array['Manager', 'Agent', 'Viewer', 'Editor', 'Lead', 'Clerk', 'Analyst'])[1 + floor(random() * 7)::integer] as word2
    from generate_series(1, bench.setting('roles') - 3) g
)
insert into rbac.roles (tenant_id, org_id, name, description, kind)
select (select bench.ctx('tenant_id'))::uuid, p.org_id, format('%s %s %s', p.word1, p.word2, lpad(p.n::text, 3, '0')),
       format('%s work for %s people (generated role %s).', p.word1, lower(p.word2), p.n), 'employee'
  from placed p;

insert into rbac.roles (tenant_id, org_id, name, description, kind)
select (select bench.ctx('tenant_id'))::uuid, (select bench.ctx('tenant_id'))::uuid, format('Company tier %s', lpad(g::text, 2, '0')),
       'Generated company role (ceiling).', 'company'
  from generate_series(1, bench.setting('company_roles')) g;

-- Random permission subsets: employee roles 4–30 permissions, company roles 70–90 % of the catalog.
with sized as (
  select r.id, r.tenant_id, r.kind,
         case when r.kind = 'employee' then 4 + floor(random() * 27)::integer
              else floor((0.7 + random() * 0.2) * (select count(*) from bench.grantable))::integer end as k
    from rbac.roles r
   where r.tenant_id = (select bench.ctx('tenant_id'))::uuid and r.system_key is null and r.name <> 'Staff'
)
insert into rbac.role_permissions (tenant_id, role_id, permission_id, scope)
select s.tenant_id, s.id, x.id,
       case when x.scoped then (array['own', 'team', 'all'])[1 + floor(random() * 3)::integer]::rbac.scope else 'all' end
  from sized s
  cross join lateral (select g.id, g.scoped from bench.grantable g where s.id is not null order by random() limit s.k) x;
