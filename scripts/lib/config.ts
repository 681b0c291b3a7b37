// Everything the tool scripts read from the environment, in one place.
import path from 'node:path';
import { ROOT } from './migrate.ts';

export const config = {
  /** Any Postgres 15+ (a Supabase one included); unset means the embedded database. */
  databaseUrl: process.env.DATABASE_URL || undefined,
  /** Tests only: use this database instead of a throwaway embedded one. */
  testDatabaseUrl: process.env.TEST_DATABASE_URL || undefined,
  pgPort: Number(process.env.PGPORT || 54322),
  appPort: Number(process.env.PORT || 5173),
  dataDir: process.env.DATA_DIR || path.join(ROOT, '.data', 'postgres'),
};
