-- Benchmark data, step 4: bench.members auth users and their members, with
-- random home orgs (uniform over the tree, so most sit in the leaves) and
-- random user types (A3): 0.5 % company administrators, 9.5 % administrators,
-- 70 % power users, 20 % private users. 2 % of the members get one or two
-- extra accessible orgs (T2).
select setseed(0.44);

create table bench.people as
select g as n, gen_random_uuid() as user_id,
       format('bench-member-%s@bench.test', lpad(g::text, 6, '0')) as email,
       random() as type_draw, random() as org_draw
  from generate_series(1, bench.setting('members')) g;

insert into auth.users (id, email, aud, role, raw_user_meta_data, email_confirmed_at)
select p.user_id, p.email, 'authenticated', 'authenticated',
       jsonb_build_object('full_name', 'Member ' || lpad(p.n::text, 6, '0')), now()
  from bench.people p;

with numbered as (
  select o.org_id, row_number() over (order by o.level, o.ord) - 1 as i, count(*) over () as total from bench.orgs o
)
insert into rbac.members (tenant_id, user_id, home_org_id, display_name, email, user_type, status)
select (select bench.ctx('tenant_id'))::uuid, p.user_id, o.org_id, 'Member ' || lpad(p.n::text, 6, '0'), p.email,
       case when p.type_draw < 0.005 then 'company_admin'
            when p.type_draw < 0.100 then 'administrator'
            when p.type_draw < 0.800 then 'power_user'
            else 'private_user' end::rbac.user_type,
       'active'
  from bench.people p
  join numbered o on o.i = floor(p.org_draw * o.total)::integer;

with movers as (
  select m.tenant_id, m.id, m.home_org_id, 1 + (random() < 0.5)::integer as extra
    from rbac.members m
   where m.tenant_id = (select bench.ctx('tenant_id'))::uuid and m.user_id <> (select bench.ctx('admin_user_id'))::uuid
     and random() < 0.02
)
insert into rbac.member_orgs (tenant_id, member_id, org_id)
select mv.tenant_id, mv.id, x.org_id
  from movers mv
  cross join lateral (
    select o.org_id from bench.orgs o
     where o.org_id <> mv.home_org_id and o.level > 0
     order by random() limit mv.extra
  ) x;
