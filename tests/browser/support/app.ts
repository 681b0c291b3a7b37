// The built web app (adapter-node) against the test database, on a free
// port. The build is reused while src/ is unchanged (scripts/lib/build.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import { buildAppIfStale } from '../../../scripts/lib/build.ts';
import { ROOT } from '../../../scripts/lib/migrate.ts';
import { freePort } from '../../../scripts/lib/ports.ts';

export interface RunningApp {
  url: string;
  stop(): Promise<void>;
  output(): string;
}

export async function startApp(databaseUrl: string): Promise<RunningApp> {
  const entry = await buildAppIfStale('build-test');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const child: ChildProcess = spawn(process.execPath, [entry], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, JWT_SECRET: crypto.randomBytes(32).toString('hex'), PORT: String(port), HOST: '127.0.0.1', ORIGIN: url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The app exited at start: ${log}`);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`The app did not answer on ${url}: ${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    output: () => log,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
