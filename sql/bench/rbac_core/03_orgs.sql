-- Benchmark data, step 3: the org tree, bench.orgs orgs in five levels
-- (root, then about 1 %, 4.5 %, 18 % and the rest), each child under a parent
-- of the level above in turn. One insert per level, so the closure trigger
-- finds every parent's ancestors already in place; the trigger, not this
-- script, writes rbac.org_closure, so the closure is the product's own.
select setseed(0.33);

insert into bench.orgs (org_id, level, ord) values (bench.ctx('tenant_id')::uuid, 0, 0);

do $$
declare
  v_tenant uuid := bench.ctx('tenant_id')::uuid;
  v_total integer := bench.setting('orgs');
  v_sizes integer[];
  v_level integer;
begin
  v_sizes := array[greatest(1, round(v_total * 0.01)), greatest(1, round(v_total * 0.045)),
                   greatest(1, round(v_total * 0.18))]::integer[];
  v_sizes := v_sizes || greatest(1, v_total - 1 - v_sizes[1] - v_sizes[2] - v_sizes[3]);
  for v_level in 1 .. 4 loop
    with parents as (
      select o.org_id, row_number() over (order by o.ord) - 1 as pn, count(*) over () as pc
        from bench.orgs o where o.level = v_level - 1
    ),
    fresh as (
      select gen_random_uuid() as id, g as ord from generate_series(0, v_sizes[v_level] - 1) g
    ),
    inserted as (
      insert into rbac.orgs (id, tenant_id, parent_id, name, company_type_id)
      select f.id, v_tenant, p.org_id, format('Org L%s-%s', v_level, lpad(f.ord::text, 4, '0')),
             (select ct.id from rbac.company_types ct where ct.tenant_id = v_tenant
               order by ct.key offset (f.ord + v_level) % 3 limit 1)
        from fresh f join parents p on p.pn = f.ord % p.pc
      returning id
    )
    insert into bench.orgs (org_id, level, ord)
    select f.id, v_level, f.ord from fresh f where f.id in (select id from inserted);
  end loop;
end;
$$;
