// Demo data: supabase/seed.sql, loaded on the first start only. "First" means
// the database holds no tenant yet, so a restart never seeds twice and a
// database with real tenants is never touched.
import fs from 'node:fs';
import path from 'node:path';
import { SetupError } from './fail.ts';
import { connect, ROOT } from './migrate.ts';

const SEED_SQL = path.join(ROOT, 'supabase', 'seed.sql');

export async function seedIfEmpty(url: string): Promise<boolean> {
  const client = await connect(url);
  try {
    const { rows } = await client.query('select exists (select 1 from rbac.tenants) as seeded');
    if (rows[0].seeded) return false;
    await client.query('begin');
    await client.query(fs.readFileSync(SEED_SQL, 'utf8'));
    await client.query('commit');
    return true;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw new SetupError(`Loading the demo data (supabase/seed.sql) failed: ${(err as Error).message}.`);
  } finally {
    await client.end();
  }
}

export interface DemoSignIn {
  email: string;
  description: string;
}

/** The demo people, for the start banner (seed.sql tags them in raw_app_meta_data). */
export async function demoSignIns(url: string): Promise<DemoSignIn[]> {
  const client = await connect(url);
  try {
    const { rows } = await client.query(
      `select email, coalesce(raw_app_meta_data ->> 'demo_description', '') as description
         from auth.users where raw_app_meta_data ? 'demo_description'
        order by raw_app_meta_data ->> 'demo_description', email`,
    );
    return rows as DemoSignIn[];
  } finally {
    await client.end();
  }
}
