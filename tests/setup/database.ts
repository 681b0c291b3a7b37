// Vitest global setup: one real Postgres for the whole run. A throwaway
// embedded cluster on a free port (deleted afterwards), or TEST_DATABASE_URL.
// Either way: compatibility script, every migration, pgTAP.
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startEmbedded, type EmbeddedDatabase } from '../../scripts/lib/embedded.ts';
import { SetupError } from '../../scripts/lib/fail.ts';
import { migrate } from '../../scripts/lib/migrate.ts';
import { loadPgtap } from '../../scripts/lib/pgtap.ts';
import { freePort } from '../../scripts/lib/ports.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

let db: EmbeddedDatabase | undefined;
let dataDir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  try {
    let url = process.env.TEST_DATABASE_URL;
    if (!url) {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rbac-test-pg-'));
      db = await startEmbedded({ dataDir, port: await freePort(), persistent: false });
      url = db.url;
      // An interrupted run leaves no Postgres behind either.
      for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
        process.once(signal, () => void teardown().finally(() => process.exit(code)));
      }
    }
    await migrate(url);
    await loadPgtap(url);
    project.provide('databaseUrl', url);
  } catch (err) {
    await teardown();
    const message = err instanceof SetupError ? err.message : String(err);
    throw new Error(`Test database setup failed: ${message}`);
  }
}

export async function teardown(): Promise<void> {
  await db?.stop().catch(() => undefined);
  db = undefined;
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}
