-- Benchmark data, step 1: one tenant made the way first signup makes it (U3):
-- root org, core catalog, Administrator and User roles, and its company
-- administrator; plus three company types for the org tree.
select setseed(0.11);

insert into auth.users (id, email, aud, role, raw_user_meta_data, email_confirmed_at)
values (gen_random_uuid(), 'bench-admin@bench.test', 'authenticated', 'authenticated',
        '{"full_name": "Bench Administrator"}'::jsonb, now());

insert into bench.context (key, value)
select 'tenant_id', rbac_private.create_tenant('Bench Holdings')::text;

insert into bench.context (key, value)
select 'admin_user_id', id::text from auth.users where email = 'bench-admin@bench.test';

insert into bench.context (key, value)
select 'admin_member_id',
       rbac_private.insert_member(bench.ctx('tenant_id')::uuid, bench.ctx('admin_user_id')::uuid, 'Bench Administrator',
                                  'bench-admin@bench.test', bench.ctx('tenant_id')::uuid, 'company_admin',
                                  array(select id from rbac.roles
                                         where tenant_id = bench.ctx('tenant_id')::uuid and system_key = 'administrator'))::text;

-- Every company type allows every user type, so the random user types below
-- are all legal (A3's per-type limits are the tests' business, not load).
insert into rbac.company_types (tenant_id, key, name)
select bench.ctx('tenant_id')::uuid, k, initcap(k)
  from unnest(array['subsidiary', 'licensee', 'partner']) k;
