-- Visibility benchmark, step 1: one agency tenant made the way first signup
-- makes it (U3), with the insurance catalog (accounts, policies, quotes) and
-- one employee role, Account Viewer (accounts.view, policies.view), that
-- every generated member holds: the bench measures visibility, not rights.
select setseed(0.21);

insert into auth.users (id, email, aud, role, raw_user_meta_data, email_confirmed_at)
values (gen_random_uuid(), 'vis-admin@bench-vis.test', 'authenticated', 'authenticated',
        '{"full_name": "Visibility Administrator"}'::jsonb, now());

insert into bench_vis.context (key, value)
select 'tenant_id', rbac_private.create_tenant('Visibility Agency')::text;
insert into bench_vis.context (key, value)
select 'admin_user_id', id::text from auth.users where email = 'vis-admin@bench-vis.test';
insert into bench_vis.context (key, value)
select 'admin_member_id',
       rbac_private.insert_member(bench_vis.ctx('tenant_id')::uuid, bench_vis.ctx('admin_user_id')::uuid,
                                  'Visibility Administrator', 'vis-admin@bench-vis.test', bench_vis.ctx('tenant_id')::uuid,
                                  'company_admin',
                                  array(select id from rbac.roles
                                         where tenant_id = bench_vis.ctx('tenant_id')::uuid and system_key = 'administrator'))::text;

select rbac_private.define_insurance_catalog(bench_vis.ctx('tenant_id')::uuid);

insert into rbac.company_types (tenant_id, key, name)
values (bench_vis.ctx('tenant_id')::uuid, 'office', 'Office');

insert into rbac.roles (tenant_id, org_id, name, description)
values (bench_vis.ctx('tenant_id')::uuid, bench_vis.ctx('tenant_id')::uuid, 'Account Viewer',
        'Views accounts and their policies (generated).');
insert into bench_vis.context (key, value)
select 'viewer_role_id', id::text from rbac.roles
 where tenant_id = bench_vis.ctx('tenant_id')::uuid and name = 'Account Viewer';
insert into rbac.role_permissions (tenant_id, role_id, permission_id, scope)
select p.tenant_id, bench_vis.ctx('viewer_role_id')::uuid, p.id, 'all'
  from rbac.permissions p
 where p.tenant_id = bench_vis.ctx('tenant_id')::uuid and p.key in ('accounts.view', 'policies.view');
