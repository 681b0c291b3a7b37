// Runs a suite's generator: every *.sql file of a directory in name order,
// each in its own transaction, as the superuser, with the sizes passed as
// settings bench.<name> (read in SQL with bench.setting('<name>')).
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { SetupError } from '../lib/fail.ts';
import { timed } from './stats.ts';
import type { GenerationStep } from './types.ts';

export async function runSqlSteps(
  client: pg.Client,
  dir: string,
  settings: Record<string, number>,
  log: (line: string) => void,
): Promise<GenerationStep[]> {
  for (const [name, value] of Object.entries(settings)) {
    await client.query(`select set_config($1, $2, false)`, [`bench.${name}`, String(value)]);
  }
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const steps: GenerationStep[] = [];
  for (const file of files) {
    const sql = fs.readFileSync(path.join(dir, file), 'utf8');
    try {
      const ms = await timed(async () => {
        await client.query('begin');
        await client.query(sql);
        await client.query('commit');
      });
      steps.push({ step: file.replace(/\.sql$/, ''), ms });
      log(`  ${file.padEnd(22)} ${(ms / 1000).toFixed(2)} s`);
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw new SetupError(`The bench generator step ${path.relative(process.cwd(), path.join(dir, file))} failed: ${(err as Error).message}`);
    }
  }
  return steps;
}
