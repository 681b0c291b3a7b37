// X3, T3: a per-member SQL login, connected for real, reads exactly what its
// member reads through the API in that tenant, and nothing of any other
// tenant, even one where the same person is a full administrator.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addMember, adminPool, asUser, call, closePool, newTenant, roleId, type Member, type Tenant } from '../helpers/db.ts';
import {
  connectAs,
  createProbeTable,
  createSqlLogin,
  idsSeenByLogin,
  idsSeenByMember,
  type LoginSession,
  type ProbeTable,
  type SqlLogin,
} from './sql-login-session.ts';

let a: Tenant;
let b: Tenant;
let mia: Member;
let noa: Member;
let probe: ProbeTable;
let miaLogin: SqlLogin;
let adminLogin: SqlLogin;
let miaSession: LoginSession;
let adminSession: LoginSession;

// Tables compared row for row between the login and the member's API session.
const TABLES: [string, string][] = [
  ['rbac.tenants', 'id'],
  ['rbac.orgs', 'id'],
  ['rbac.members', 'id'],
  ['rbac.member_roles', "member_id || '/' || role_id"],
  ['rbac.roles', 'id'],
  ['rbac.modules', 'id'],
  ['rbac.permissions', 'id'],
  ['rbac.audit_log', 'id'],
  ['rbac.sql_logins', 'id'],
  ['public.accounts', 'id'],
];

beforeAll(async () => {
  a = await newTenant();
  b = await newTenant();
  const west = await call<string>(a.adminUserId, 'create_org', { p_parent_id: a.tenantId, p_name: 'West' });
  mia = await addMember(a.tenantId, { roleIds: [await roleId(a.tenantId, 'User')] });
  noa = await addMember(a.tenantId, { homeOrgId: west, roleIds: [await roleId(a.tenantId, 'User')] });
  // The same person is a full administrator of tenant B (T2).
  await addMember(b.tenantId, { userId: mia.userId, userType: 'company_admin', roleIds: [await roleId(b.tenantId, 'Administrator')] });
  probe = await createProbeTable({ [a.tenantId]: 3, [b.tenantId]: 4 });
  // A protected business table (V7): accounts of both tenants; mia may view accounts in A.
  for (const t of [a, b]) {
    await adminPool().query('select rbac_private.define_demo_catalog($1)', [t.tenantId]);
    await adminPool().query(
      `insert into public.accounts (tenant_id, org_id, name) select $1, $2, 'Account ' || g from generate_series(1, $3) g`,
      [t.tenantId, t === a ? a.tenantId : b.tenantId, t === a ? 2 : 3],
    );
  }
  await adminPool().query(`insert into public.accounts (tenant_id, org_id, name) values ($1, $2, 'West account')`, [a.tenantId, west]);
  const accountViewer = await call<string>(a.adminUserId, 'create_role', {
    p_org_id: a.tenantId,
    p_name: 'Account Viewer',
    p_permissions: '["accounts.view"]',
  });
  await call(a.adminUserId, 'assign_role', { p_member_id: mia.memberId, p_role_id: accountViewer });
  miaLogin = await createSqlLogin(a.adminUserId, mia.memberId);
  adminLogin = await createSqlLogin(a.adminUserId, a.adminMemberId);
  miaSession = await connectAs(miaLogin);
  adminSession = await connectAs(adminLogin);
});

afterAll(async () => {
  await miaSession?.close();
  await adminSession?.close();
  await call(a.adminUserId, 'revoke_sql_login', { p_member_id: mia.memberId }).catch(() => undefined);
  await call(a.adminUserId, 'revoke_sql_login', { p_member_id: a.adminMemberId }).catch(() => undefined);
  await probe?.drop();
  await closePool();
});

describe('X3: a SQL login reads through the same policies as its member', () => {
  test('X3: a SQL login connects as its own role, in read-only transactions with a statement timeout', async () => {
    const { rows } = await miaSession.query(
      `select current_user::text as cu, session_user::text as su, current_setting('transaction_read_only') as ro,
              current_setting('statement_timeout') as st`,
    );
    expect(rows[0]).toEqual({ cu: miaLogin.roleName, su: miaLogin.roleName, ro: 'on', st: '30s' });
  });

  test('X3: a member\'s login sees exactly what the member sees through the API in that tenant', async () => {
    for (const [table, id] of [...TABLES, [probe.name, 'id'] as [string, string]]) {
      expect(await idsSeenByLogin(miaSession, table, id), table).toEqual(await idsSeenByMember(mia.userId, table, a.tenantId, id));
    }
    // Not vacuous: a power user without users.view sees themselves only, and the tenant's probe rows.
    expect(await idsSeenByLogin(miaSession, 'rbac.members')).toEqual([mia.memberId]);
    expect(await idsSeenByLogin(miaSession, probe.name)).toHaveLength(3);
    // V7: a power user at the root with accounts.view sees the root's accounts, not West's.
    expect(await idsSeenByLogin(miaSession, 'public.accounts')).toHaveLength(2);
  });

  test('X3: an administrator\'s login sees the whole tenant, exactly as through the API', async () => {
    for (const [table, id] of [...TABLES, [probe.name, 'id'] as [string, string]]) {
      expect(await idsSeenByLogin(adminSession, table, id), table).toEqual(await idsSeenByMember(a.adminUserId, table, a.tenantId, id));
    }
    expect((await idsSeenByLogin(adminSession, 'rbac.members')).sort()).toEqual([a.adminMemberId, mia.memberId, noa.memberId].sort());
    expect((await idsSeenByLogin(adminSession, 'rbac.audit_log')).length).toBeGreaterThan(0);
  });
});

describe('T3: a SQL login never reads another tenant', () => {
  test('T3: the login of a member of tenant A reads nothing of tenant B, where the same person is a full administrator', async () => {
    // Through the API the person does see tenant B: the login must not.
    const viaApi = await asUser(mia.userId, (c) => c.query('select count(*)::int as n from rbac.members where tenant_id = $1', [b.tenantId]));
    expect(viaApi.rows[0].n).toBeGreaterThan(0);
    const accountsViaApi = await asUser(mia.userId, (c) => c.query('select count(*)::int as n from public.accounts where tenant_id = $1', [b.tenantId]));
    expect(accountsViaApi.rows[0].n).toBe(3);

    expect(await idsSeenByLogin(miaSession, 'rbac.tenants')).toEqual([a.tenantId]);
    for (const table of ['rbac.members', 'rbac.orgs', 'rbac.roles', 'rbac.permissions', 'rbac.audit_log', 'rbac.sql_logins', 'public.accounts', probe.name]) {
      const { rows } = await miaSession.query(`select count(*)::int as n from ${table} where tenant_id = $1`, [b.tenantId]);
      expect(rows[0].n, table).toBe(0);
    }
    // Tenant B's audit log would be readable for a full administrator of B.
    const { rows } = await miaSession.query('select count(*)::int as n from rbac.audit_log');
    expect(rows[0].n).toBe(0);
  });

  test('T3: looking rows of tenant B up by id finds nothing', async () => {
    const { rows } = await miaSession.query('select count(*)::int as n from rbac.tenants where id = $1', [b.tenantId]);
    expect(rows[0].n).toBe(0);
    const members = await miaSession.query('select count(*)::int as n from rbac.members where id = $1', [b.adminMemberId]);
    expect(members.rows[0].n).toBe(0);
  });
});

describe('R4: changes reach an open login session on its next query', () => {
  test('R4/X3: a role given to the member widens what its already open login session reads, at once', async () => {
    const before = await idsSeenByLogin(miaSession, 'rbac.members');
    expect(before).toEqual([mia.memberId]);
    const viewer = await call<string>(a.adminUserId, 'create_role', {
      p_org_id: a.tenantId,
      p_name: 'Member Viewer',
      p_permissions: '["users.view"]',
    });
    await call(a.adminUserId, 'assign_role', { p_member_id: mia.memberId, p_role_id: viewer });
    // A power user at the root: members whose home org is the root, not noa in West.
    expect((await idsSeenByLogin(miaSession, 'rbac.members')).sort()).toEqual([a.adminMemberId, mia.memberId].sort());
    await call(a.adminUserId, 'unassign_role', { p_member_id: mia.memberId, p_role_id: viewer });
    expect(await idsSeenByLogin(miaSession, 'rbac.members')).toEqual([mia.memberId]);
  });
});
