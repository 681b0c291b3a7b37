-- Removes everything the visibility generator wrote: the bench tenant
-- (cascading to its orgs, members, assignees, accounts and policies), its
-- auth users and the scratch schema bench_vis. Run before generating and
-- after measuring on a database that outlives the run (BENCH_DATABASE_URL).
delete from rbac.tenants
 where id in (select m.tenant_id from rbac.members m where m.email like '%@bench-vis.test');
delete from auth.users where email like '%@bench-vis.test';
drop schema if exists bench_vis cascade;
