-- Removes everything the rbac_core generator wrote: the bench tenant(s)
-- (cascading to their orgs, members, roles and audit log), the bench auth
-- users and the scratch schema. Run before generating (a crashed run may
-- have left data behind) and after measuring on a database that outlives
-- the run (BENCH_DATABASE_URL).
delete from rbac.tenants
 where id in (select m.tenant_id from rbac.members m where m.email like '%@bench.test');
delete from auth.users where email like '%@bench.test';
drop schema if exists bench cascade;
