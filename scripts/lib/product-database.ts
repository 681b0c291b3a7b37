// The database `npm start` and `npm run db` run on: DATABASE_URL, or the
// embedded Postgres in DATA_DIR; then the compatibility script and the
// migrations (with a warning naming migrations edited after this database got
// them), and the demo data on the first run.
import path from 'node:path';
import { config } from './config.ts';
import { startEmbedded, type EmbeddedDatabase } from './embedded.ts';
import { migrate, redact, ROOT } from './migrate.ts';
import { driftedMigrations, driftWarning } from './migration-drift.ts';
import { seedIfEmpty } from './seed.ts';

/** The data folder as the docs name it when it is the default one inside the repository. */
function shortPath(dir: string): string {
  const relative = path.relative(ROOT, dir);
  return relative.startsWith('..') || path.isAbsolute(relative) ? dir : relative;
}

/**
 * Opens, migrates and (first run) seeds the product database and returns its URL.
 * `started` receives the embedded server as soon as it runs, so the caller's
 * signal handlers can stop it even if a later step fails or is interrupted.
 */
export async function openProductDatabase(started: (db: EmbeddedDatabase) => void): Promise<string> {
  let url = config.databaseUrl;
  let embedded = false;
  if (url) {
    console.log(`Using the database at ${redact(url)} (DATABASE_URL).`);
  } else {
    console.log(`Starting the embedded Postgres on port ${config.pgPort} (data in ${shortPath(config.dataDir)})…`);
    const db = await startEmbedded({ dataDir: config.dataDir, port: config.pgPort, persistent: true });
    started(db);
    url = db.url;
    embedded = true;
  }
  console.log('Applying the compatibility script and migrations…');
  await migrate(url);
  const drift = driftWarning(await driftedMigrations(url), embedded ? shortPath(config.dataDir) : undefined);
  if (drift) console.warn(`\n  Warning: ${drift}\n`);
  if (await seedIfEmpty(url)) console.log('Loaded the demo data.');
  return url;
}
