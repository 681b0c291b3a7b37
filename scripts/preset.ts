// `npm run preset -- <name> [tenant name]`: loads a seed product's preset into a
// new tenant of DATABASE_URL (or of the embedded database while `npm start` runs).
import { config } from './lib/config.ts';
import { EMBEDDED_PASSWORD, EMBEDDED_USER } from './lib/embedded.ts';
import { exitWith, SetupError } from './lib/fail.ts';
import { connect } from './lib/migrate.ts';

async function main(): Promise<void> {
  const [name, tenantName] = process.argv.slice(2);
  const url = config.databaseUrl ?? `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${config.pgPort}/postgres`;
  const client = await connect(url);
  try {
    const { rows: presets } = await client.query('select name, title, requirement from rbac.presets order by name');
    if (!name || !presets.some((p) => p.name === name)) {
      const list = presets.map((p) => `  ${p.name.padEnd(12)} ${p.requirement}  ${p.title}`).join('\n');
      throw new SetupError(`Name a preset: npm run preset -- <name>\n${list}`);
    }
    const { rows } = await client.query('select public.load_preset($1, $2) as tenant', [name, tenantName ?? null]);
    const { rows: people } = await client.query(
      `select u.email, u.raw_app_meta_data ->> 'demo_description' as description
         from rbac.members m join auth.users u on u.id = m.user_id
        where m.tenant_id = $1 order by u.email`,
      [rows[0].tenant],
    );
    console.log(`Loaded preset ${name} as tenant ${rows[0].tenant}. Sign-ins (password: demo-password):`);
    for (const p of people) console.log(`  ${p.email.padEnd(36)} ${p.description ?? ''}`);
  } catch (err) {
    if (err instanceof SetupError) throw err;
    throw new SetupError(`Loading the preset failed: ${(err as Error).message}`);
  } finally {
    await client.end();
  }
}

main().catch(exitWith);
