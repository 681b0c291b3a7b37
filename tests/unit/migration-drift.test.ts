// The drift check of scripts/lib/migration-drift.ts: a migration edited after a
// database got it is named, whatever the CLI did to whitespace and semicolons.
import { describe, expect, test } from 'vitest';
import { driftWarning, findDrift } from '../../scripts/lib/migration-drift.ts';

const files = new Map([
  ['20260101000100', { name: '20260101000100_setup.sql', text: 'create table t (a int);\n\ncomment on table t is \'A; B\';\n' }],
  ['20260101000200', { name: '20260101000200_more.sql', text: 'create function f() returns int\nlanguage sql as $$ select 1 $$;\n' }],
]);

describe('migration drift', () => {
  test('a migration recorded as the CLI records it (split at semicolons, which it drops) is not drift', () => {
    const applied = [
      { version: '20260101000100', statements: ['create table t (a int)', "\n\ncomment on table t is 'A", " B'"] },
      { version: '20260101000200', statements: ['create function f() returns int\nlanguage sql as $$ select 1 $$'] },
    ];
    expect(findDrift(applied, files)).toEqual([]);
  });

  test('an edited migration is named; versions without a local file and unrecorded statements are skipped', () => {
    const applied = [
      { version: '20260101000100', statements: ['create table t (a int)', "comment on table t is 'A", " B'"] },
      { version: '20260101000200', statements: ['create function f() returns int language sql as $$ select 2 $$'] },
      { version: '20250101000000', statements: ['select 1'] },
      { version: '20260101000100', statements: null },
    ];
    expect(findDrift(applied, files)).toEqual(['20260101000200_more.sql']);
  });

  test('the warning names the files and, for the embedded database, the folder to delete', () => {
    expect(driftWarning([])).toBeNull();
    expect(driftWarning(['a.sql', 'b.sql'], '.data/postgres')).toBe(
      'This database was migrated before 2 migrations were edited (a.sql, b.sql), so it still has the old definitions. ' +
        'To rebuild it, stop, delete .data/postgres and start again (its data is lost; the demo data is loaded again).',
    );
    expect(driftWarning(['a.sql'])).toContain('a migration was edited (a.sql)');
  });
});
