// X3, U6, U7: a SQL login ends with its member. Deactivation ends the open
// sessions and blocks new ones; even a session that somehow stays open sees
// nothing from its next statement; revoking and deleting drop the login.
import { afterAll, describe, expect, test } from 'vitest';
import { addMember, adminPool, call, closePool, newTenant, roleId, type Tenant } from '../helpers/db.ts';
import { connectAs, createSqlLogin, errorCode, idsSeenByLogin, type LoginSession, type SqlLogin } from './sql-login-session.ts';

const sessions: LoginSession[] = [];

afterAll(async () => {
  await Promise.all(sessions.map((s) => s.close()));
  await closePool();
});

async function open(login: SqlLogin): Promise<LoginSession> {
  const session = await connectAs(login);
  sessions.push(session);
  return session;
}

/** Resolves once the backend has exited (pg_terminate_backend does not wait when deactivating). */
async function waitUntilGone(pid: number, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await adminPool().query('select 1 from pg_stat_activity where pid = $1', [pid])).rowCount) {
    if (Date.now() > deadline) throw new Error(`backend ${pid} is still running`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function setup(): Promise<{ tenant: Tenant; memberId: string; login: SqlLogin }> {
  const tenant = await newTenant();
  const member = await addMember(tenant.tenantId, { roleIds: [await roleId(tenant.tenantId, 'User')] });
  return { tenant, memberId: member.memberId, login: await createSqlLogin(tenant.adminUserId, member.memberId) };
}

describe('U6: deactivation', () => {
  test('U6/X3: deactivating the member ends the login\'s open session and refuses new ones', async () => {
    const { tenant, memberId, login } = await setup();
    const session = await open(login);
    expect(await idsSeenByLogin(session, 'rbac.members')).toEqual([memberId]);

    await call(tenant.adminUserId, 'deactivate_member', { p_member_id: memberId });
    await waitUntilGone(session.pid);
    expect(await errorCode(session.query('select 1'))).not.toBe('resolved');
    expect(await errorCode(connectAs(login))).toBe('28000');
  });

  test('X3: a session left open after its member is deactivated sees nothing on its next statement', async () => {
    const { tenant, memberId, login } = await setup();
    const session = await open(login);
    expect(await idsSeenByLogin(session, 'rbac.tenants')).toEqual([tenant.tenantId]);

    // Deactivate without the hooks that end the session (as a script bypassing
    // triggers would): the identity check alone must cut access.
    const client = await adminPool().connect();
    try {
      await client.query('begin');
      await client.query('set local session_replication_role = replica');
      await client.query(`update rbac.members set status = 'deactivated' where id = $1`, [memberId]);
      await client.query('commit');
    } finally {
      client.release();
    }
    const alive = await session.query('select 1 as one');
    expect(alive.rows[0].one).toBe(1);
    for (const table of ['rbac.tenants', 'rbac.members', 'rbac.roles', 'rbac.permissions', 'rbac.sql_logins']) {
      expect(await idsSeenByLogin(session, table), table).toEqual([]);
    }

    // And back: reactivated, the same session reads again.
    await adminPool().query(`update rbac.members set status = 'active' where id = $1`, [memberId]);
    expect(await idsSeenByLogin(session, 'rbac.tenants')).toEqual([tenant.tenantId]);
  });

  test('U6: after reactivation the login stays disabled until an administrator revokes it and creates a new one', async () => {
    const { tenant, memberId, login } = await setup();
    await call(tenant.adminUserId, 'deactivate_member', { p_member_id: memberId });
    await call(tenant.adminUserId, 'reactivate_member', { p_member_id: memberId });
    expect(await errorCode(connectAs(login))).toBe('28000');

    await call(tenant.adminUserId, 'revoke_sql_login', { p_member_id: memberId });
    const fresh = await createSqlLogin(tenant.adminUserId, memberId);
    const session = await open(fresh);
    expect(await idsSeenByLogin(session, 'rbac.members')).toEqual([memberId]);
  });
});

describe('X3/U7: revocation and deletion', () => {
  test('X3: revoking the login ends its open session, and it can no longer connect', async () => {
    const { tenant, memberId, login } = await setup();
    const session = await open(login);
    await call(tenant.adminUserId, 'revoke_sql_login', { p_member_id: memberId, p_reason: 'tool retired' });
    await waitUntilGone(session.pid);
    expect(await errorCode(session.query('select 1'))).not.toBe('resolved');
    expect(['28000', '28P01']).toContain(await errorCode(connectAs(login)));
    const { rowCount } = await adminPool().query('select 1 from pg_roles where rolname = $1', [login.roleName]);
    expect(rowCount).toBe(0);
  });

  test('U7: deleting the member drops the login', async () => {
    const { tenant, memberId, login } = await setup();
    await call(tenant.adminUserId, 'deactivate_member', { p_member_id: memberId });
    await call(tenant.adminUserId, 'delete_member', { p_member_id: memberId });
    expect(['28000', '28P01']).toContain(await errorCode(connectAs(login)));
    const { rowCount } = await adminPool().query('select 1 from pg_roles where rolname = $1', [login.roleName]);
    expect(rowCount).toBe(0);
  });

  test('X3: a login removed with its whole tenant takes its role along', async () => {
    const { tenant, login } = await setup();
    await adminPool().query('delete from rbac.tenants where id = $1', [tenant.tenantId]);
    const { rowCount } = await adminPool().query('select 1 from pg_roles where rolname = $1', [login.roleName]);
    expect(rowCount).toBe(0);
  });
});
