// Supabase's own security and performance lints (`supabase db advisors`) on
// the migrated test database: any finding fails the run.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, inject, test } from 'vitest';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');

interface Lint {
  name: string;
  level: string;
  detail: string;
}

test('X4: supabase db advisors reports no security or performance finding', async () => {
  const { stdout } = await run(
    path.join(ROOT, 'node_modules', '.bin', 'supabase'),
    ['db', 'advisors', `--remote=${inject('databaseUrl')}`, '--type', 'all', '--level', 'info', '--output-format', 'json'],
    { cwd: ROOT, env: { ...process.env, SUPABASE_TELEMETRY_DISABLED: '1' }, maxBuffer: 16 * 1024 * 1024 },
  );
  const lints: Lint[] = (JSON.parse(stdout.slice(stdout.indexOf('{'))) as { results: Lint[] }).results;
  expect(Array.isArray(lints), 'the advisors answered with a list of findings').toBe(true);
  // unused_index only says the throwaway test database has not used an index yet.
  // The SQL-login tests create and drop probe tables (x3_probe_…) while this
  // runs; the lints then read their catalog rows mid-drop (once: "identical
  // indexes {…_pkey, …_tenant_idx}"). They are the tests' own, not the product's.
  const findings = lints
    .filter((l) => l.name !== 'unused_index' && !/\bx3_probe_[0-9a-f]{8}\b/.test(l.detail))
    .map((l) => `${l.level} ${l.name}: ${l.detail}`);
  expect(findings, findings.join('\n')).toEqual([]);
});
