// pgTAP for the tests only, never in a migration. In order of preference:
// the server's own extension (`create extension pgtap`, as on Supabase), then
// Debian's pgtap.sql loaded as plain SQL into schema `extensions`: installed
// system-wide, named by PGTAP_SQL, cached under .cache/pgtap, or fetched into
// that cache with `apt-get download postgresql-15-pgtap`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SetupError } from './fail.ts';
import { connect, ROOT } from './migrate.ts';

const CACHE = path.join(ROOT, '.cache', 'pgtap');
const DEB_PACKAGE = 'postgresql-15-pgtap';
const HOW_TO_INSTALL =
  `pgTAP is needed to run the database tests and could not be found or fetched. ` +
  `Install it with \`apt-get install ${DEB_PACKAGE}\` (Debian/Ubuntu), or download pgtap.sql ` +
  `(pgTAP 1.2 or later) and set PGTAP_SQL=/path/to/pgtap.sql.`;

function findInstalled(): string | undefined {
  if (process.env.PGTAP_SQL) {
    if (fs.existsSync(process.env.PGTAP_SQL)) return process.env.PGTAP_SQL;
    throw new SetupError(`PGTAP_SQL names ${process.env.PGTAP_SQL}, which does not exist. ${HOW_TO_INSTALL}`);
  }
  const roots = ['/usr/share/postgresql', path.join(CACHE, 'usr', 'share', 'postgresql')];
  for (const root of roots) {
    if (!fs.existsSync(root)) continue;
    for (const version of fs.readdirSync(root).sort().reverse()) {
      const file = path.join(root, version, 'extension', 'pgtap.sql');
      if (fs.existsSync(file)) return file;
    }
  }
  return undefined;
}

function fetchIntoCache(): string | undefined {
  try {
    fs.mkdirSync(CACHE, { recursive: true });
    execFileSync('apt-get', ['download', DEB_PACKAGE], { cwd: CACHE, stdio: 'pipe' });
    const deb = fs.readdirSync(CACHE).find((f) => f.endsWith('.deb'));
    if (!deb) return undefined;
    execFileSync('dpkg-deb', ['-x', deb, '.'], { cwd: CACHE, stdio: 'pipe' });
  } catch {
    return undefined;
  }
  return findInstalled();
}

/** Path of a pgtap.sql usable as plain SQL, or a SetupError saying what to install. */
export function locatePgtapSql(): string {
  const file = findInstalled() ?? fetchIntoCache();
  if (!file) throw new SetupError(HOW_TO_INSTALL);
  return file;
}

/** Makes pgTAP callable from schema `extensions` in the database at `url`. */
export async function loadPgtap(url: string): Promise<void> {
  const client = await connect(url);
  try {
    const present = await client.query(`select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'extensions' and p.proname = 'plan'`);
    if (present.rowCount) return;
    const available = await client.query(`select 1 from pg_available_extensions where name = 'pgtap'`);
    if (available.rowCount) {
      await client.query('create extension if not exists pgtap with schema extensions');
      return;
    }
    const sql = fs.readFileSync(locatePgtapSql(), 'utf8');
    await client.query('begin');
    await client.query('set local search_path = extensions');
    await client.query(sql);
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    if (err instanceof SetupError) throw err;
    throw new SetupError(`Loading pgTAP failed: ${(err as Error).message}. ${HOW_TO_INSTALL}`);
  } finally {
    await client.end();
  }
}
