// Migrations applied to a database but edited since. `supabase db push`
// applies each version once, so a database migrated before an edit keeps the
// old definitions without a word; while the product is pre-release its
// migrations are still edited in place, so the tools name the drifted files
// instead. The CLI records each migration's statements (split at semicolons,
// which it drops), so the comparison ignores whitespace and semicolons.
import fs from 'node:fs';
import path from 'node:path';
import { connect, ROOT } from './migrate.ts';

const MIGRATIONS = path.join(ROOT, 'supabase', 'migrations');

export interface AppliedMigration {
  version: string;
  statements: string[] | null;
}

/** A migration's text as the comparison sees it: no whitespace, no semicolons. */
export function normalizeMigration(sql: string): string {
  return sql.replace(/[\s;]+/g, '');
}

/** The files (by version) whose text differs from what was applied; versions without a file are skipped. */
export function findDrift(applied: AppliedMigration[], files: Map<string, { name: string; text: string }>): string[] {
  return applied
    .filter((m) => m.statements !== null && files.has(m.version))
    .filter((m) => normalizeMigration(files.get(m.version)!.text) !== normalizeMigration(m.statements!.join('')))
    .map((m) => files.get(m.version)!.name);
}

/** The applied migrations of the database at url whose file has been edited since. */
export async function driftedMigrations(url: string): Promise<string[]> {
  const files = new Map(
    fs
      .readdirSync(MIGRATIONS)
      .filter((f) => f.endsWith('.sql'))
      .map((f) => [f.split('_')[0], { name: f, text: fs.readFileSync(path.join(MIGRATIONS, f), 'utf8') }] as const),
  );
  const client = await connect(url);
  try {
    const { rows } = await client.query<AppliedMigration>(
      'select version, statements from supabase_migrations.schema_migrations order by version',
    );
    return findDrift(rows, files);
  } finally {
    await client.end();
  }
}

/** One warning naming the drifted files and what to do, or null when there are none. */
export function driftWarning(files: string[], dataDir?: string): string | null {
  if (files.length === 0) return null;
  const fix = dataDir
    ? `To rebuild it, stop, delete ${dataDir} and start again (its data is lost; the demo data is loaded again).`
    : 'Rebuild that database, or apply the changed definitions to it yourself.';
  return `This database was migrated before ${files.length === 1 ? 'a migration was' : `${files.length} migrations were`} ` +
    `edited (${files.join(', ')}), so it still has the old definitions. ${fix}`;
}
