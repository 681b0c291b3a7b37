// Integration-test helpers: a real Postgres (see tests/setup/database.ts),
// requests made the way PostgREST makes them: one transaction, `set local
// role authenticated`, and the JWT claims in request.jwt.claims.
import crypto from 'node:crypto';
import pg from 'pg';
import { expect, inject } from 'vitest';

let pool: pg.Pool | undefined;

/** Superuser pool (setup and inspection only; requests go through asUser). */
export function adminPool(): pg.Pool {
  pool ??= new pg.Pool({ connectionString: inject('databaseUrl'), max: 8 });
  return pool;
}

export async function closePool(): Promise<void> {
  await pool?.end();
  pool = undefined;
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${crypto.randomBytes(5).toString('hex')}@example.test`;
}

/** A GoTrue-like auth user; returns its id. */
export async function createUser(email = uniqueEmail(), name?: string): Promise<string> {
  const { rows } = await adminPool().query(
    `insert into auth.users (id, email, aud, role, raw_user_meta_data, email_confirmed_at)
     values (gen_random_uuid(), lower($1), 'authenticated', 'authenticated', jsonb_build_object('full_name', $2::text), now())
     returning id`,
    [email, name ?? email.split('@')[0]],
  );
  return rows[0].id;
}

/** Runs fn in one transaction as the signed-in user, as PostgREST would; rolls back on error. */
export async function asUser<T>(userId: string | null, fn: (client: pg.PoolClient) => Promise<T>, extraClaims: Record<string, unknown> = {}): Promise<T> {
  const client = await adminPool().connect();
  try {
    await client.query('begin');
    await client.query(`select set_config('request.jwt.claims', $1, true)`, [
      JSON.stringify(userId ? { sub: userId, role: 'authenticated', aud: 'authenticated', ...extraClaims } : { role: 'anon' }),
    ]);
    await client.query(userId ? 'set local role authenticated' : 'set local role anon');
    const result = await fn(client);
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** Calls one public function as a user: `await call(u, 'create_role', { p_org_id: … })`. */
export async function call<T = unknown>(userId: string | null, fn: string, args: Record<string, unknown> = {}): Promise<T> {
  const names = Object.keys(args);
  const params = names.map((n, i) => `${n} => $${i + 1}`).join(', ');
  const values = names.map((n) => (args[n] !== null && typeof args[n] === 'object' && !Array.isArray(args[n]) ? JSON.stringify(args[n]) : args[n]));
  return asUser(userId, async (c) => {
    const { rows } = await c.query(`select * from public.${fn}(${params})`, values);
    return (rows.length === 1 && Object.keys(rows[0]).length === 1 && fn !== 'list_roles' ? Object.values(rows[0])[0] : rows) as T;
  });
}

/** Expects a database refusal with our stable error code. */
export async function expectRefusal(promise: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e as pg.DatabaseError,
  );
  expect(err, `expected a refusal with ${code}`).toBeDefined();
  expect(err?.code, err?.message).toBe(code);
  if (message) expect(err?.message).toMatch(message);
}

export interface Tenant {
  tenantId: string;
  adminUserId: string;
  adminMemberId: string;
}

/** U3: a new tenant created by its first signup, who becomes its Administrator. */
export async function newTenant(name = `Tenant ${crypto.randomBytes(3).toString('hex')}`, adminEmail = uniqueEmail('admin')): Promise<Tenant> {
  const adminUserId = await createUser(adminEmail);
  const tenantId = await call<string>(adminUserId, 'create_organization', { p_name: name });
  const { rows } = await adminPool().query('select id from rbac.members where tenant_id = $1 and user_id = $2', [tenantId, adminUserId]);
  return { tenantId, adminUserId, adminMemberId: rows[0].id };
}

export interface Member {
  userId: string;
  memberId: string;
}

/** A member added directly (what the lifecycle functions do once their checks pass). */
export async function addMember(
  tenantId: string,
  opts: { userType?: string; homeOrgId?: string; roleIds?: string[]; email?: string; userId?: string } = {},
): Promise<Member> {
  const email = opts.email ?? uniqueEmail('member');
  const userId = opts.userId ?? (await createUser(email));
  const { rows } = await adminPool().query(
    `select rbac_private.insert_member($1, $2, $3, $4, $5, $6::rbac.user_type, $7::uuid[]) as id`,
    [tenantId, userId, email.split('@')[0], email, opts.homeOrgId ?? tenantId, opts.userType ?? 'power_user', opts.roleIds ?? []],
  );
  return { userId, memberId: rows[0].id };
}

export async function roleId(tenantId: string, name: string): Promise<string> {
  const { rows } = await adminPool().query('select id from rbac.roles where tenant_id = $1 and lower(name) = lower($2) and disabled_at is null', [tenantId, name]);
  return rows[0].id;
}
