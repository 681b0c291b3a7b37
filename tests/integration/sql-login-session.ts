// X3 test helpers: per-member SQL logins made through the API, and real
// connections on them, the way a reporting tool (psql, Metabase, Excel)
// connects: its own Postgres login, no JWT, no PostgREST in between.
import crypto from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { adminPool, asUser, call } from '../helpers/db.ts';

export interface SqlLogin {
  loginId: string;
  roleName: string;
  password: string;
  database: string;
}

/** public.create_sql_login as `adminUserId` (a tenant-wide administrator). */
export async function createSqlLogin(adminUserId: string, memberId: string): Promise<SqlLogin> {
  const rows = await call<{ login_id: string; role_name: string; password: string; database: string }[]>(
    adminUserId,
    'create_sql_login',
    { p_member_id: memberId },
  );
  const row = rows[0];
  return { loginId: row.login_id, roleName: row.role_name, password: row.password, database: row.database };
}

/** Connection settings of a login, on the test database's host and port. */
export function loginConfig(login: SqlLogin): pg.ClientConfig {
  const url = new URL(inject('databaseUrl'));
  return {
    host: url.hostname,
    port: Number(url.port),
    database: login.database,
    user: login.roleName,
    password: login.password,
    connectionTimeoutMillis: 10_000,
  };
}

export interface LoginSession {
  client: pg.Client;
  pid: number;
  /** Errors the server sent outside a query (e.g. the session was terminated). */
  asyncErrors: Error[];
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
  close(): Promise<void>;
}

/** Opens a session on the login; fails like a reporting tool would if the login cannot connect. */
export async function connectAs(login: SqlLogin): Promise<LoginSession> {
  const client = new pg.Client(loginConfig(login));
  const asyncErrors: Error[] = [];
  // A terminated backend reports on an idle connection; keep it instead of crashing the run.
  client.on('error', (err) => asyncErrors.push(err));
  await client.connect();
  const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
  return {
    client,
    pid: rows[0].pid,
    asyncErrors,
    query: (sql, params) => client.query(sql, params),
    close: () => client.end().catch(() => undefined),
  };
}

/** The SQLSTATE a promise rejects with (or 'resolved'). */
export async function errorCode(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'resolved',
    (err: unknown) => (err as pg.DatabaseError).code ?? (err as Error).message,
  );
}

/** Ids of the rows of a table the member sees through the API (as PostgREST would ask), in one tenant. */
export async function idsSeenByMember(userId: string, table: string, tenantId: string, idColumn = 'id'): Promise<string[]> {
  const tenantColumn = table === 'rbac.tenants' ? 'id' : 'tenant_id';
  const { rows } = await asUser(userId, (c) =>
    c.query<{ id: string }>(`select ${idColumn}::text as id from ${table} where ${tenantColumn} = $1 order by 1`, [tenantId]),
  );
  return rows.map((r) => r.id);
}

/** Ids of the rows of a table a SQL login session sees. */
export async function idsSeenByLogin(session: LoginSession, table: string, idColumn = 'id'): Promise<string[]> {
  const { rows } = await session.query<{ id: string }>(`select ${idColumn}::text as id from ${table} order by 1`);
  return rows.map((r) => r.id);
}

export interface ProbeTable {
  name: string;
  drop(): Promise<void>;
}

/**
 * A business table in public with one member policy, opened to SQL logins
 * the documented way (rbac_private.allow_reporting_read), with `rows` rows
 * per tenant. Created and opened in one transaction, so no other test sees
 * it half-protected.
 */
export async function createProbeTable(rowsPerTenant: Record<string, number>): Promise<ProbeTable> {
  const name = `x3_probe_${crypto.randomBytes(4).toString('hex')}`;
  const client = await adminPool().connect();
  try {
    await client.query('begin');
    await client.query(`
      create table public.${name} (
        id uuid primary key default gen_random_uuid(),
        tenant_id uuid not null,
        note text not null default 'probe'
      );
      comment on table public.${name} is 'X3 test: a tenant table read by SQL logins.';
      create index ${name}_tenant_idx on public.${name} (tenant_id);
      alter table public.${name} enable row level security;
      create policy "Members can view probe rows of their tenants" on public.${name}
        for select to authenticated using (tenant_id = any ((select rbac_private.my_tenant_ids())::uuid[]));
      grant select, insert, update, delete on public.${name} to authenticated;
      select rbac_private.allow_reporting_read('public.${name}');`);
    for (const [tenantId, count] of Object.entries(rowsPerTenant)) {
      await client.query(`insert into public.${name} (tenant_id) select $1 from generate_series(1, $2)`, [tenantId, count]);
    }
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
  return { name: `public.${name}`, drop: async () => void (await adminPool().query(`drop table if exists public.${name}`)) };
}
