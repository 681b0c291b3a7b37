// Runs every supabase/tests/database/*.test.sql pgTAP file as one vitest test.
// A failing assertion shows its description and pgTAP's diagnostics.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { runPgtapFile } from './helpers/pgtap.ts';

const DIR = path.resolve(import.meta.dirname, '..', 'supabase', 'tests', 'database');
const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.test.sql')).sort();

describe('pgTAP', () => {
  test('X4: the pgTAP suite exists', () => {
    expect(files.length).toBeGreaterThan(0);
  });
  for (const file of files) {
    test.concurrent(file, async () => {
      const result = await runPgtapFile(inject('databaseUrl'), path.join(DIR, file));
      expect(result.failures, result.report).toEqual([]);
      expect(result.planned, `plan says ${result.planned}, ran ${result.ran}`).toBe(result.ran);
    });
  }
});
