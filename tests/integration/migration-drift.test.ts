// A database migrated from this checkout has no drift: the check compares the
// files with what the Supabase CLI recorded, so it would also catch the CLI
// changing how it records statements (and the start-up warning turning false).
import { expect, inject, test } from 'vitest';
import { driftedMigrations } from '../../scripts/lib/migration-drift.ts';

test('a freshly migrated database matches every migration file', async () => {
  expect(await driftedMigrations(inject('databaseUrl'))).toEqual([]);
});
