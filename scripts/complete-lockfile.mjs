// Adds the lockfile entries npm leaves out for other platforms' optional
// packages when the registry it reads lacks their newest version (this
// workplace's registry is a partial copy). Without them `npm ci` refuses the
// lock ("Missing: @rollup/rollup-android-arm-eabi@ from lock file"), although
// it would never install those packages on this platform anyway.
//
// Run after any `npm install` that rewrites package-lock.json:
//   node scripts/complete-lockfile.mjs && npm ci --dry-run
// See docs/decisions.md, "Lockfile completion".
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const LOCK = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(fs.readFileSync(LOCK, 'utf8'));
const packages = lock.packages;

/** os/cpu/libc of a platform package, from the version asked for or, failing that, the newest one the registry has. */
function platformFields(name, version) {
  for (const spec of [`${name}@${version}`, name]) {
    try {
      const out = execFileSync('npm', ['view', spec, 'os', 'cpu', 'libc', 'license', '--json'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      if (!out.trim()) continue;
      const parsed = JSON.parse(out);
      const meta = Array.isArray(parsed) ? parsed[parsed.length - 1] : parsed;
      return meta && typeof meta === 'object' ? meta : {};
    } catch {
      // try the next spec
    }
  }
  return {};
}

let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${path ? `${path}/` : ''}node_modules/${name}`;
    if (packages[nested] || packages[`node_modules/${name}`]) continue;
    const meta = platformFields(name, version);
    packages[`node_modules/${name}`] = {
      version,
      ...(meta.license ? { license: meta.license } : {}),
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      ...(meta.os ? { os: meta.os } : {}),
      ...(meta.cpu ? { cpu: meta.cpu } : {}),
      ...(meta.libc ? { libc: meta.libc } : {}),
    };
    added += 1;
  }
}

lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)));
fs.writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} optional platform entr${added === 1 ? 'y' : 'ies'}.`);
