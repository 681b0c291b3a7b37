// Debian's Chromium for the browser tests: CHROME_PATH, or /usr/bin/chromium;
// on a Debian-like machine without it, the setup installs it with apt-get
// (CI starts from a clean machine). Elsewhere it stops with what to install.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';

const run = promisify(execFile);
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

function found(): string | undefined {
  return [process.env.CHROME_PATH, ...CANDIDATES].find((p): p is string => Boolean(p) && fs.existsSync(p as string));
}

export async function chromePath(): Promise<string> {
  const existing = found();
  if (existing) return existing;
  if (!fs.existsSync('/etc/debian_version') || !fs.existsSync('/usr/bin/apt-get')) {
    throw new Error('The browser tests need Chromium: install it (Debian/Ubuntu: apt-get install chromium) or set CHROME_PATH to a Chrome or Chromium binary.');
  }
  const asRoot = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const apt = async (args: string[]): Promise<void> => {
    const [cmd, ...rest] = [...asRoot, 'apt-get', ...args];
    await run(cmd, rest, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, maxBuffer: 64 * 1024 * 1024, timeout: 15 * 60_000 });
  };
  try {
    await apt(['update']);
    await apt(['install', '-y', '--no-install-recommends', 'chromium']);
  } catch (err) {
    throw new Error(`Installing Chromium with apt-get failed (${(err as Error).message.split('\n')[0]}). Install it yourself (apt-get install chromium) or set CHROME_PATH.`);
  }
  const installed = found();
  if (!installed) throw new Error('apt-get installed chromium, but no binary was found at /usr/bin/chromium. Set CHROME_PATH.');
  return installed;
}

/** Headless Chromium; Playwright gives every launch a fresh temporary --user-data-dir of its own. */
export async function launchChrome(): Promise<Browser> {
  return chromium.launch({
    executablePath: await chromePath(),
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
