-- Visibility benchmark, step 3: bench.vis_members members with random home
-- orgs (uniform over the tree) and user types (A3): 0.5 % company
-- administrators, 9.5 % administrators, 70 % power users, 20 % private
-- users; 30 % of the administrators and power users see Assigned Accounts
-- Only (V1). Every member holds Account Viewer.
select setseed(0.23);

create table bench_vis.people as
select g as n, gen_random_uuid() as user_id,
       format('vis-member-%s@bench-vis.test', lpad(g::text, 6, '0')) as email,
       random() as type_draw, random() as org_draw, random() as visibility_draw
  from generate_series(1, bench_vis.setting('members')) g;

insert into auth.users (id, email, aud, role, raw_user_meta_data, email_confirmed_at)
select p.user_id, p.email, 'authenticated', 'authenticated',
       jsonb_build_object('full_name', 'Member ' || lpad(p.n::text, 6, '0')), now()
  from bench_vis.people p;

with numbered as (
  select o.org_id, row_number() over (order by o.level, o.ord) - 1 as i, count(*) over () as total from bench_vis.orgs o
),
typed as (
  select p.*, case when p.type_draw < 0.005 then 'company_admin'
                   when p.type_draw < 0.100 then 'administrator'
                   when p.type_draw < 0.800 then 'power_user'
                   else 'private_user' end::rbac.user_type as user_type
    from bench_vis.people p
)
insert into rbac.members (tenant_id, user_id, home_org_id, display_name, email, user_type, visibility, status)
select (select bench_vis.ctx('tenant_id'))::uuid, p.user_id, o.org_id, 'Member ' || lpad(p.n::text, 6, '0'), p.email,
       p.user_type,
       case when p.user_type in ('administrator', 'power_user') and p.visibility_draw < 0.3 then 'assigned' else 'all' end::rbac.visibility,
       'active'
  from typed p
  join numbered o on o.i = floor(p.org_draw * o.total)::integer;

insert into rbac.member_roles (tenant_id, member_id, role_id)
select m.tenant_id, m.id, (select bench_vis.ctx('viewer_role_id'))::uuid
  from rbac.members m
 where m.tenant_id = (select bench_vis.ctx('tenant_id'))::uuid and m.email like 'vis-member-%';
