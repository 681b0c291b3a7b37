// `npm run db`: the database alone — the embedded Postgres (or DATABASE_URL),
// compatibility script, migrations and, on the first run, the demo data —
// without the web app. For psql, a reporting tool on a SQL login (X3), or
// `supabase db advisors --remote=<url>` against the product's schema.
// Ctrl-C stops the embedded Postgres; a DATABASE_URL database is left running.
import path from 'node:path';
import { config } from './lib/config.ts';
import { startEmbedded, type EmbeddedDatabase } from './lib/embedded.ts';
import { exitWith } from './lib/fail.ts';
import { migrate, redact, ROOT } from './lib/migrate.ts';
import { seedIfEmpty } from './lib/seed.ts';

// The data folder as typed in the docs when it is the default one inside the repository.
function shortPath(dir: string): string {
  const relative = path.relative(ROOT, dir);
  return relative.startsWith('..') || path.isAbsolute(relative) ? dir : relative;
}

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
    let url = config.databaseUrl;
    if (url) {
      console.log(`Using the database at ${redact(url)} (DATABASE_URL).`);
    } else {
      console.log(`Starting the embedded Postgres on port ${config.pgPort} (data in ${shortPath(config.dataDir)})…`);
      db = await startEmbedded({ dataDir: config.dataDir, port: config.pgPort, persistent: true });
      url = db.url;
    }
    console.log('Applying the compatibility script and migrations…');
    await migrate(url);
    if (await seedIfEmpty(url)) console.log('Loaded the demo data.');
    console.log(`\n  Database:  ${redact(url)}`);
    if (!db) {
      // Nothing of ours to keep running.
      return;
    }
    console.log(`  psql:      psql "${url}"`);
    console.log('\n  Ctrl-C stops the database.\n');
  } catch (err) {
    await db?.stop().catch(() => undefined);
    exitWith(err);
  }
}

void main();
