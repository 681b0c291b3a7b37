-- P1/V7: a protected table with a trash (seed 003, Manuals › Trash).
-- Deleting moves a manual to the trash (manuals.delete); the trash is seen
-- with manuals.trash.view, restored with manuals.trash.restore, purged with
-- manuals.trash.delete; nothing in the trash can be edited.
begin;
\ir ../helpers/test_helpers.sql
\ir ../helpers/visibility_helpers.sql
select plan(16);

-- ---------------------------------------------------------------------------
-- Setup (superuser)
-- ---------------------------------------------------------------------------
select tests.remember('a', tests.new_tenant('Manuals A', 'owner@a.test'));
select rbac_private.define_demo_catalog(tests.id('a'));
select tests.remember('writer_role', tests.make_role(tests.id('a'), 'Writer', array['manuals.view', 'manuals.create', 'manuals.edit']));
select tests.remember('deleter_role', tests.make_role(tests.id('a'), 'Deleter', array['manuals.view', 'manuals.delete']));
select tests.remember('restorer_role', tests.make_role(tests.id('a'), 'Restorer', array['manuals.view', 'manuals.trash.restore']));
select tests.remember('purger_role', tests.make_role(tests.id('a'), 'Purger', array['manuals.view', 'manuals.trash.delete']));
select tests.remember('deleter', tests.add_member(tests.id('a'), 'deleter@a.test', 'power_user', null, array[tests.id('deleter_role')]));
select tests.add_member(tests.id('a'), 'writer@a.test', 'power_user', null, array[tests.id('writer_role')]);
select tests.add_member(tests.id('a'), 'restorer@a.test', 'power_user', null, array[tests.id('restorer_role')]);
select tests.add_member(tests.id('a'), 'purger@a.test', 'power_user', null, array[tests.id('purger_role')]);
insert into public.manuals (tenant_id, org_id, title) values
  (tests.id('a'), tests.id('a'), 'M1 compressor'), (tests.id('a'), tests.id('a'), 'M2 condenser');
select tests.remember('m1', (select id from public.manuals where title like 'M1%'));
select tests.remember('m2', (select id from public.manuals where title like 'M2%'));

-- ---------------------------------------------------------------------------
-- Into the trash
-- ---------------------------------------------------------------------------
select tests.act_as('writer@a.test');
select throws_ok(
  format('update public.manuals set deleted_at = now() where id = %L', tests.id('m1')),
  'RB003', null,
  'P1: editing rights do not move a manual to the trash (manuals.delete does)');

select tests.act_as('deleter@a.test');
select throws_ok(format($$ update public.manuals set deleted_at = now(), title = 'Rewritten on the way' where id = %L $$, tests.id('m1')),
  'RB003', null, 'P1/V2: trashing a manual is no licence to rewrite it on the way (that needs manuals.edit)');
select isnt_empty(format('update public.manuals set deleted_at = now() where id = %L returning id', tests.id('m1')),
  'P1: manuals.delete moves a manual to the trash (and, implied, shows the trash)');
select tests.clear_authentication();
select is((select deleted_by from public.manuals where id = tests.id('m1')), tests.id('deleter'),
  'P1: who moved it there is recorded by the database, not claimed by the client');

select tests.act_as('writer@a.test');
select is_empty(format('select * from public.manuals where id = %L', tests.id('m1')),
  'P1: a manual in the trash is hidden without manuals.trash.view');
select is_empty(format('update public.manuals set deleted_at = null where id = %L returning id', tests.id('m1')),
  'P1: editing rights do not restore a manual');
select tests.act_as('deleter@a.test');
select is_empty(format('update public.manuals set deleted_at = null where id = %L returning id', tests.id('m1')),
  'P1: deleting rights show the trash but do not restore (seed 003: delete without restore cannot recover)');

-- ---------------------------------------------------------------------------
-- Out of the trash
-- ---------------------------------------------------------------------------
select tests.act_as('restorer@a.test');
select results_eq('select title from public.manuals where deleted_at is not null', array['M1 compressor'],
  'P1: manuals.trash.restore shows the trash');
select throws_ok(
  format('update public.manuals set title = ''Renamed in the trash'' where id = %L', tests.id('m1')),
  'RB051', null,
  'P1: a manual in the trash cannot be edited');
select isnt_empty(format('update public.manuals set deleted_at = null where id = %L returning id', tests.id('m1')),
  'P1: manuals.trash.restore restores a manual');
select tests.clear_authentication();
select is((select deleted_by from public.manuals where id = tests.id('m1')), null::uuid,
  'P1: a restored manual no longer names who deleted it');

-- ---------------------------------------------------------------------------
-- Purge
-- ---------------------------------------------------------------------------
update public.manuals set deleted_at = now() where id = tests.id('m2');
select tests.act_as('restorer@a.test');
select is_empty(format('delete from public.manuals where id = %L returning id', tests.id('m2')),
  'P1: restoring rights do not purge the trash');
select tests.act_as('purger@a.test');
select is_empty(format('delete from public.manuals where id = %L returning id', tests.id('m1')),
  'P1: a live manual cannot be deleted for good, only moved to the trash');
select isnt_empty(format('delete from public.manuals where id = %L returning id', tests.id('m2')),
  'P1: manuals.trash.delete purges a manual from the trash');

select tests.act_as('writer@a.test');
select throws_ok(
  format('insert into public.manuals (tenant_id, org_id, title, deleted_at) values (%L, %L, ''Born trashed'', now())',
         tests.id('a'), tests.id('a')),
  '42501', null,
  'P1: nothing is created directly in the trash');
select lives_ok(
  format('update public.manuals set title = ''M1 compressor (rev. 2)'' where id = %L', tests.id('m1')),
  'P1: a restored manual is edited as usual');

select * from finish();
rollback;
