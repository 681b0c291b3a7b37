// Long-lived connections that act as one signed-in user, for tests in which
// requests must overlap in time or stay open across another request.
// (asUser in tests/helpers/db.ts runs a whole transaction per call, so it
// cannot keep one open while another connection acts.)
import pg from 'pg';
import { inject } from 'vitest';
import { adminPool } from '../helpers/db.ts';

export interface UserSession {
  /** The backend process of this connection, to watch its lock waits. */
  readonly pid: number;
  /** begin; then act as the user exactly as PostgREST does for one request. */
  beginAs(userId: string): Promise<void>;
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  close(): Promise<void>;
}

/** One dedicated connection (by default the superuser URL the tests get). */
export async function openSession(connectionString: string = inject('databaseUrl')): Promise<UserSession> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
  return {
    pid: rows[0].pid,
    async beginAs(userId) {
      await client.query('begin');
      await client.query(`select set_config('request.jwt.claims', $1, true)`, [
        JSON.stringify({ sub: userId, role: 'authenticated', aud: 'authenticated' }),
      ]);
      await client.query('set local role authenticated');
    },
    query: (sql, params) => client.query(sql, params),
    commit: async () => void (await client.query('commit')),
    rollback: async () => void (await client.query('rollback')),
    close: () => client.end(),
  };
}

/** The URL of the PostgREST login (`authenticator`, see sql/supabase_compat.sql). */
export function authenticatorUrl(): string {
  const url = new URL(inject('databaseUrl'));
  url.username = 'authenticator';
  url.password = process.env.AUTHENTICATOR_PASSWORD ?? 'authenticator';
  return url.toString();
}

/** Resolves once the backend `pid` waits for a lock; throws after `timeoutMs`. */
export async function waitUntilBlocked(pid: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rowCount } = await adminPool().query('select 1 from pg_locks where pid = $1 and not granted', [pid]);
    if (rowCount) return;
    if (Date.now() > deadline) throw new Error(`backend ${pid} never waited for a lock`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The SQLSTATE of a settled call: null when it succeeded. */
export function outcomeCode(result: PromiseSettledResult<unknown>): string | null {
  if (result.status === 'fulfilled') return null;
  return (result.reason as pg.DatabaseError).code ?? String(result.reason);
}
