// Builds the SvelteKit app (adapter-node, into build/ or another folder) when
// any of its sources is newer than that folder's last build, so a warm
// `npm start` skips the build. The browser test uses its own folder: a
// rebuild under a running app would break its pages.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { SetupError } from './fail.ts';
import { ROOT } from './migrate.ts';

const run = promisify(execFile);
const SOURCES = ['src', 'svelte.config.js', 'vite.config.ts', 'package.json'];

function newestMtime(target: string): number {
  const full = path.join(ROOT, target);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(full)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** The folder a build goes to (relative to the project root); returns its entry point. */
export async function buildAppIfStale(outDir = 'build'): Promise<string> {
  const STAMP = path.join(ROOT, outDir, '.built-at');
  const entry = path.join(ROOT, outDir, 'index.js');
  const built = fs.existsSync(STAMP) ? fs.statSync(STAMP).mtimeMs : 0;
  if (built >= Math.max(...SOURCES.map(newestMtime))) return entry;
  console.log('Building the web app…');
  // The stamp carries the time the build started: a source saved while it
  // ran is newer than the stamp, so the next start builds again.
  const startedAt = new Date();
  try {
    await run(path.join(ROOT, 'node_modules', '.bin', 'vite'), ['build'], {
      cwd: ROOT,
      env: { ...process.env, BUILD_DIR: outDir },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new SetupError(`Building the web app failed: ${(e.stderr || e.message).trim().split('\n').slice(-5).join(' ')}`);
  }
  fs.writeFileSync(STAMP, startedAt.toISOString());
  fs.utimesSync(STAMP, startedAt, startedAt);
  return entry;
}
