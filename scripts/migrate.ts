// `npm run migrate`: compatibility script + migrations on DATABASE_URL (any Postgres 15+).
import { exitWith, SetupError } from './lib/fail.ts';
import { migrate, redact } from './lib/migrate.ts';
import { driftedMigrations, driftWarning } from './lib/migration-drift.ts';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new SetupError('Set DATABASE_URL to the database to migrate (npm start migrates the embedded one itself).');
  await migrate(url);
  console.log(`Migrated ${redact(url)}.`);
  const drift = driftWarning(await driftedMigrations(url));
  if (drift) console.warn(`Warning: ${drift}`);
}

main().catch(exitWith);
