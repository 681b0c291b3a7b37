// Brings any Postgres 15+ to the product's schema: the Supabase compatibility
// script first (a no-op on Supabase), then every migration through the real
// Supabase CLI, so a database migrated here is one the CLI accepts and the
// other way round (see docs/decisions.md, "Migrations").
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { SetupError } from './fail.ts';

const run = promisify(execFile);
export const ROOT = path.resolve(import.meta.dirname, '..', '..');
const COMPAT_SQL = path.join(ROOT, 'sql', 'supabase_compat.sql');
const SUPABASE_BIN = path.join(ROOT, 'node_modules', '.bin', 'supabase');

/** Opens a client or says, in one sentence, why the database does not answer. */
export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (err) {
    throw new SetupError(
      `Cannot connect to the database at ${redact(url)} (${(err as Error).message}). ` +
        `Check that it is running and that DATABASE_URL is right, or unset DATABASE_URL to use the embedded database.`,
    );
  }
  return client;
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

export async function applyCompat(url: string): Promise<void> {
  const client = await connect(url);
  try {
    await client.query(fs.readFileSync(COMPAT_SQL, 'utf8'));
  } catch (err) {
    throw new SetupError(`The Supabase compatibility script failed: ${(err as Error).message}. Fix sql/supabase_compat.sql.`);
  } finally {
    await client.end();
  }
}

/**
 * `supabase db push`: each migration in its own transaction, recorded in supabase_migrations.schema_migrations.
 * --include-all applies a migration dated before the last applied one too (branches merged out of order).
 */
export async function pushMigrations(url: string): Promise<void> {
  if (!fs.existsSync(SUPABASE_BIN)) {
    throw new SetupError('The Supabase CLI is missing from node_modules. Run `npm install` first.');
  }
  try {
    await run(SUPABASE_BIN, ['db', 'push', `--remote=${url}`, '--yes', '--include-all'], {
      cwd: ROOT,
      env: { ...process.env, SUPABASE_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    const output = `${e.stdout ?? ''}\n${e.stderr ?? ''}`;
    const file = /Applying migration (\S+?\.sql)/g;
    let last = '';
    for (let m = file.exec(output); m; m = file.exec(output)) last = m[1];
    const reason = output
      .split('\n')
      .filter((l) => /ERROR|At statement/.test(l))
      .slice(0, 3)
      .join(' ')
      .trim();
    throw new SetupError(
      last
        ? `Migration ${last} failed and was rolled back: ${reason || e.message}. Fix that migration and run again.`
        : `supabase db push failed: ${reason || output.trim() || e.message}`,
    );
  }
}

export async function migrate(url: string): Promise<void> {
  await applyCompat(url);
  await pushMigrations(url);
}
