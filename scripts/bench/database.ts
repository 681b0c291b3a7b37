// The bench database: a throwaway embedded Postgres in a temp dir on a free
// port (deleted at the end), or BENCH_DATABASE_URL. Either way the product's
// compatibility script and migrations are applied (idempotent), so a bench
// on a Supabase branch measures the schema as shipped.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbedded } from '../lib/embedded.ts';
import { migrate, redact } from '../lib/migrate.ts';
import { freePort } from '../lib/ports.ts';

export interface BenchDatabase {
  url: string;
  /** Where it runs, for the log: "embedded, port 41234" or the redacted URL. */
  description: string;
  /** true when the database outlives the run, so suites must clean up after themselves. */
  shared: boolean;
  stop(): Promise<void>;
}

export async function openBenchDatabase(log: (line: string) => void): Promise<BenchDatabase> {
  const given = process.env.BENCH_DATABASE_URL;
  if (given) {
    log(`Using BENCH_DATABASE_URL (${redact(given)}); applying the compatibility script and migrations…`);
    await migrate(given);
    return { url: given, description: redact(given), shared: true, stop: async () => undefined };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rbac-bench-pg-'));
  const port = await freePort();
  log(`Starting a throwaway embedded Postgres on port ${port} (${dataDir})…`);
  const removeDir = (): void => fs.rmSync(dataDir, { recursive: true, force: true });
  try {
    const db = await startEmbedded({ dataDir, port, persistent: false });
    const stop = async (): Promise<void> => {
      await db.stop().catch(() => undefined);
      removeDir();
    };
    try {
      log('Applying the compatibility script and migrations…');
      await migrate(db.url);
    } catch (err) {
      await stop();
      throw err;
    }
    return { url: db.url, description: `embedded, port ${port}, fsync off`, shared: false, stop };
  } catch (err) {
    removeDir();
    throw err;
  }
}
