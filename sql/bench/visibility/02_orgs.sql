-- Visibility benchmark, step 2: bench.vis_orgs orgs in four levels (root,
-- 1 %, 9 %, the rest: regions, branches, offices), each child under a parent
-- of the level above in turn. One insert per level, so the product's closure
-- trigger finds every parent's ancestors in place and writes rbac.org_closure.
insert into bench_vis.orgs (org_id, level, ord) values (bench_vis.ctx('tenant_id')::uuid, 0, 0);

do $$
declare
  v_tenant uuid := bench_vis.ctx('tenant_id')::uuid;
  v_total integer := bench_vis.setting('orgs');
  v_sizes integer[];
  v_level integer;
begin
  v_sizes := array[greatest(1, round(v_total * 0.01)), greatest(1, round(v_total * 0.09))]::integer[];
  v_sizes := v_sizes || greatest(1, v_total - 1 - v_sizes[1] - v_sizes[2]);
  for v_level in 1 .. 3 loop
    with parents as (
      select o.org_id, row_number() over (order by o.ord) - 1 as pn, count(*) over () as pc
        from bench_vis.orgs o where o.level = v_level - 1
    ),
    fresh as (
      select gen_random_uuid() as id, g as ord from generate_series(0, v_sizes[v_level] - 1) g
    ),
    inserted as (
      insert into rbac.orgs (id, tenant_id, parent_id, name, company_type_id)
      select f.id, v_tenant, p.org_id, format('Office L%s-%s', v_level, lpad(f.ord::text, 4, '0')),
             (select ct.id from rbac.company_types ct where ct.tenant_id = v_tenant limit 1)
        from fresh f join parents p on p.pn = f.ord % p.pc
      returning id
    )
    insert into bench_vis.orgs (org_id, level, ord)
    select f.id, v_level, f.ord from fresh f where f.id in (select id from inserted);
  end loop;
end;
$$;
