// `npm run db`: the database alone — the embedded Postgres (or DATABASE_URL),
// compatibility script, migrations and, on the first run, the demo data —
// without the web app. For psql, a reporting tool on a SQL login (X3), or
// `supabase db advisors --remote=<url>` against the product's schema.
// Ctrl-C stops the embedded Postgres; a DATABASE_URL database is left running.
import type { EmbeddedDatabase } from './lib/embedded.ts';
import { exitWith } from './lib/fail.ts';
import { redact } from './lib/migrate.ts';
import { openProductDatabase } from './lib/product-database.ts';

async function main(): Promise<void> {
  let db: EmbeddedDatabase | undefined;
  const stop = async (): Promise<void> => {
    console.log('\nStopping…');
    await db?.stop().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  try {
    const url = await openProductDatabase((started) => (db = started));
    console.log(`\n  Database:  ${redact(url)}`);
    if (!db) return; // DATABASE_URL: nothing of ours to keep running.
    console.log(`  psql:      psql "${url}"`);
    console.log('\n  Ctrl-C stops the database.\n');
  } catch (err) {
    await db?.stop().catch(() => undefined);
    exitWith(err);
  }
}

void main();
