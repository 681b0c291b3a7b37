// Transport 1: node-postgres on the `authenticator` login, one transaction
// per call, made exactly as PostgREST makes a request: `set_config('role',
// 'authenticated', true)` and the JWT claims in request.jwt.claims. The
// database's policies and functions then see the same caller as on Supabase.
import pg from 'pg';
import { assertIdentifier, type Claims, type RpcCall, type TableRead, type Transport } from './transport.ts';

export interface PgTransportOptions {
  /** A7: run every call in a read-only transaction (view-as). */
  readOnly?: boolean;
}

/** AUTHENTICATOR_URL, or DATABASE_URL with the authenticator login (password 'authenticator' locally). */
export function authenticatorUrl(env: Record<string, string | undefined> = process.env): string {
  if (env.AUTHENTICATOR_URL) return env.AUTHENTICATOR_URL;
  if (!env.DATABASE_URL) throw new Error('Set DATABASE_URL (or AUTHENTICATOR_URL) so the client can reach the database.');
  const url = new URL(env.DATABASE_URL);
  url.username = 'authenticator';
  url.password = env.AUTHENTICATOR_PASSWORD ?? 'authenticator';
  return url.toString();
}

export function createAuthenticatorPool(connectionString: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, idleTimeoutMillis: 10_000 });
  // An idle client's error (the server restarted) must not crash the process.
  pool.on('error', () => undefined);
  return pool;
}

export class PgTransport implements Transport {
  constructor(
    private readonly pool: pg.Pool,
    private readonly claims: Claims | null,
    private readonly options: PgTransportOptions = {},
  ) {}

  async rpc({ fn, args, returns }: RpcCall): Promise<unknown> {
    const list = args.map((a, i) => `${assertIdentifier(a.name)} => $${i + 1}::${a.type}`).join(', ');
    const call = `public.${assertIdentifier(fn)}(${list})`;
    const values = args.map((a) => (a.type === 'jsonb' && a.value !== null ? JSON.stringify(a.value) : a.value));
    const sql = returns === 'rows' || returns === 'row' ? `select * from ${call}` : `select ${call} as value`;
    const { rows } = await this.transaction((client) => client.query(sql, values));
    if (returns === 'void') return undefined;
    if (returns === 'value') return rows[0]?.value;
    if (returns === 'row') return rows[0];
    return rows;
  }

  async select({ schema, table, columns, filters, order, range }: TableRead): Promise<unknown[]> {
    // null: is null; a list: one of its values (PostgREST's in.(…)); else equal.
    const where = filters.map(([column, value], i) =>
      value === null ? `"${assertIdentifier(column)}" is null` : Array.isArray(value) ? `"${assertIdentifier(column)}" = any ($${i + 1})` : `"${assertIdentifier(column)}" = $${i + 1}`,
    );
    const sql =
      `select ${columns.map((c) => `"${assertIdentifier(c)}"`).join(', ')} from ${schema === 'public' ? 'public' : 'rbac'}."${assertIdentifier(table)}"` +
      (where.length ? ` where ${where.join(' and ')}` : '') +
      (order.length ? ` order by ${order.map((c) => `"${assertIdentifier(c)}"`).join(', ')}` : '') +
      // Integers checked by the operation's schema (and again here): safe to inline.
      (range ? ` limit ${Math.trunc(Number(range.limit))} offset ${Math.trunc(Number(range.offset))}` : '');
    const values = filters.map(([, value]) => value).filter((v) => v !== null);
    // Placeholders are numbered by position among non-null filters.
    let n = 0;
    const numbered = sql.replace(/\$\d+/g, () => `$${++n}`);
    const { rows } = await this.transaction((client) => client.query(numbered, values));
    return rows;
  }

  private async transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query(this.options.readOnly ? 'begin transaction read only' : 'begin');
      await client.query(`select set_config('request.jwt.claims', $1, true), set_config('role', $2, true)`, [
        JSON.stringify(this.claims ?? { role: 'anon' }),
        this.claims ? 'authenticated' : 'anon',
      ]);
      const result = await fn(client);
      await client.query('commit');
      client.release();
      return result;
    } catch (err) {
      const broken = await client.query('rollback').then(
        () => false,
        () => true,
      );
      client.release(broken);
      throw err;
    }
  }
}
