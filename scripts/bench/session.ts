// Requests made the way PostgREST makes them: one transaction, the JWT
// claims in request.jwt.claims, then `set local role authenticated`. Each
// actor gets its own connection, so per-session caches (plans, settings)
// behave as they would for a real client.
import pg from 'pg';

export async function openClient(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  // A connection the server ends (the bench stopping on Ctrl-C) must not crash the process before cleanup.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Opens a request transaction as the signed-in user. */
export async function beginRequest(client: pg.Client, userId: string): Promise<void> {
  await client.query('begin');
  await client.query(`select set_config('request.jwt.claims', $1, true), set_config('role', 'authenticated', true)`, [
    JSON.stringify({ sub: userId, role: 'authenticated', aud: 'authenticated' }),
  ]);
}

/** Runs fn inside one request as userId; commits, or rolls back when fn throws. */
export async function inRequest<T>(client: pg.Client, userId: string, fn: () => Promise<T>): Promise<T> {
  await beginRequest(client, userId);
  try {
    const result = await fn();
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  }
}

/** SQL string literal (for statements whose text is the thing measured). */
export function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A connection for the duration of fn. */
export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await openClient(url);
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
