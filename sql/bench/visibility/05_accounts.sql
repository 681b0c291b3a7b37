-- Visibility benchmark, step 5: bench.vis_accounts accounts. Each is owned by
-- a random member (V4) and sits in that member's home org, so a private user
-- sees the ~20 accounts they own; each has one AMS assignee (producer) and
-- half of them a second one (CSR), drawn uniformly from the 2,000, so an
-- assignee's book is ~750 accounts spread over the whole tree.
--
-- accounts.assignee_ids is normally written by the statement trigger on
-- public.account_assignees (one UPDATE of every account after the links are
-- inserted: 1M dead tuples). Instead the list is computed here the same way
-- (array_agg ordered by assignee_id), written with the account, and the
-- trigger is off while the links go in; the last statement proves every
-- account's list equal to what the trigger would have written.
select setseed(0.25);

create table bench_vis.owners as
select m.id, m.home_org_id, row_number() over (order by m.id) as n
  from rbac.members m
 where m.tenant_id = (select bench_vis.ctx('tenant_id'))::uuid;
create index on bench_vis.owners (n);

create table bench_vis.account_plan as
select g as n, gen_random_uuid() as id,
       1 + floor(random() * (select count(*) from bench_vis.owners))::integer as owner_n,
       format('%s %s %s %s',
              (array['Acme', 'Harbor', 'Summit', 'Pioneer', 'Granite', 'Maple', 'Cedar', 'Atlas', 'Beacon', 'Liberty',
                     'Keystone', 'Redwood', 'Silver', 'Golden', 'Eagle', 'Falcon', 'Prairie', 'Coastal', 'Northern', 'Union',
                     'Bright', 'Blue', 'Crescent', 'Delta', 'Evergreen', 'Frontier', 'Heritage', 'Ironwood', 'Lakeside', 'Meridian',
                     'Oak', 'Pinnacle', 'Quarry', 'Riverside', 'Sterling', 'Tristate', 'Valley', 'Westfield', 'Yellowstone', 'Zenith'])
                [1 + floor(random() * 40)::integer],
              (array['Roofing', 'Dental', 'Logistics', 'Bakery', 'Plumbing', 'Farms', 'Motors', 'Clinic', 'Builders', 'Foods',
                     'Electric', 'Landscaping', 'Realty', 'Trucking', 'Printing', 'Brewing', 'Marine', 'Textiles', 'Hardware', 'Labs'])
                [1 + floor(random() * 20)::integer],
              (array['LLC', 'Inc', 'Co', 'Group', 'Partners'])[1 + floor(random() * 5)::integer],
              lpad(g::text, 7, '0')) as name,
       (array['prospect', 'active', 'active', 'active', 'inactive'])[1 + floor(random() * 5)::integer] as status
  from generate_series(1, bench_vis.setting('accounts')) g;

-- The series' bound names the outer row, so it is drawn per account (an
-- uncorrelated one would be drawn once for the whole statement).
create table bench_vis.links as
select distinct on (p.id, a.id) p.id as account_id, a.id as assignee_id, pick.role
  from bench_vis.account_plan p
  cross join lateral (select k, case k when 1 then 'producer' else 'csr' end as role,
                             1 + floor(random() * bench_vis.setting('assignees'))::integer as n
                        from generate_series(1, 1 + (random() < 0.5 and p.id is not null)::integer) k) pick
  join bench_vis.assignee_numbers a on a.n = pick.n;

insert into public.accounts (id, tenant_id, org_id, name, status, owner_member_id, assignee_ids)
select p.id, (select bench_vis.ctx('tenant_id'))::uuid, o.home_org_id, p.name, p.status, o.id,
       coalesce(l.ids, '{}')
  from bench_vis.account_plan p
  join bench_vis.owners o on o.n = p.owner_n
  left join (select account_id, array_agg(assignee_id order by assignee_id) as ids
               from bench_vis.links group by account_id) l on l.account_id = p.id;

alter table public.account_assignees disable trigger account_assignees_sync_insert;
insert into public.account_assignees (tenant_id, account_id, org_id, assignee_id, role)
select a.tenant_id, l.account_id, a.org_id, l.assignee_id, l.role
  from bench_vis.links l join public.accounts a on a.id = l.account_id;
alter table public.account_assignees enable trigger account_assignees_sync_insert;

-- The proof: every generated account's assignee_ids is exactly what
-- rbac_private.sync_account_assignees computes from the links.
do $$
declare
  v_wrong bigint;
begin
  select count(*) into v_wrong
    from public.accounts a
   where a.tenant_id = bench_vis.ctx('tenant_id')::uuid
     and a.assignee_ids is distinct from coalesce((select array_agg(l.assignee_id order by l.assignee_id)
                                                    from public.account_assignees l where l.account_id = a.id), '{}');
  if v_wrong > 0 then
    raise exception '% generated accounts have assignee_ids that differ from their links.', v_wrong;
  end if;
end;
$$;
