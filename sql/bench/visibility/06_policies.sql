-- Visibility benchmark, step 6: bench.vis_policies_per_account insurance
-- policies per account (V3: they follow their account), carrying the
-- account's tenant and org as the foreign key requires.
select setseed(0.26);

insert into public.insurance_policies (tenant_id, org_id, account_id, policy_number, carrier, line_of_business, premium,
                                       effective_date, expiration_date)
select a.tenant_id, a.org_id, a.id, format('POL-%s-%s', p.n, k),
       (array['Travelers', 'Hartford', 'Chubb', 'Liberty Mutual', 'Nationwide'])[1 + (p.n + k) % 5],
       (array['General Liability', 'Property', 'Workers Comp', 'Commercial Auto', 'Umbrella'])[1 + (p.n * 7 + k) % 5],
       round((500 + random() * 20000)::numeric, 2), date '2026-01-01' + (p.n % 365), date '2027-01-01' + (p.n % 365)
  from bench_vis.account_plan p
  join public.accounts a on a.id = p.id
  cross join generate_series(1, bench_vis.setting('policies_per_account')) k;
