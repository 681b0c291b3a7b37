// `npm start`: database (embedded unless DATABASE_URL is set) → compatibility
// script and migrations → demo data on the first run → the web app.
// Ctrl-C stops the app, then Postgres.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { buildAppIfStale } from './lib/build.ts';
import { config } from './lib/config.ts';
import type { EmbeddedDatabase } from './lib/embedded.ts';
import { exitWith, SetupError } from './lib/fail.ts';
import { redact, ROOT } from './lib/migrate.ts';
import { portIsFree } from './lib/ports.ts';
import { openProductDatabase } from './lib/product-database.ts';
import { demoSignIns } from './lib/seed.ts';

function jwtSecret(): string {
  if (process.env.JWT_SECRET) return process.env.JWT_SECRET;
  // Local default: one random secret per data folder, kept so sessions survive restarts.
  const file = path.join(ROOT, '.data', 'jwt-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

async function main(): Promise<void> {
  if (!(await portIsFree(config.appPort))) {
    throw new SetupError(`Port ${config.appPort} is already in use, so the app cannot start there. Stop what listens on it or set PORT=<port>.`);
  }
  let db: EmbeddedDatabase | undefined;
  let app: ChildProcess | undefined;
  let stopping = false;
  const stop = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    app?.kill('SIGTERM');
    await db?.stop().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    const url = await openProductDatabase((started) => (db = started));
    const entry = await buildAppIfStale();

    app = spawn(process.execPath, [entry], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, PORT: String(config.appPort), HOST: '127.0.0.1', DATABASE_URL: url, JWT_SECRET: jwtSecret(), ORIGIN: `http://localhost:${config.appPort}` },
    });
    app.on('exit', (code) => void stop(code ?? 0));

    const people = await demoSignIns(url);
    console.log(`\n  App:       http://localhost:${config.appPort}`);
    console.log(`  Database:  ${redact(url)}`);
    if (people.length) {
      console.log('  Demo sign-ins (password: demo-password):');
      for (const p of people) console.log(`    ${p.email.padEnd(34)} ${p.description}`);
    }
    console.log('\n  Ctrl-C stops the app and the database.\n');
  } catch (err) {
    app?.kill('SIGTERM');
    await db?.stop().catch(() => undefined);
    exitWith(err);
  }
}

void main();
