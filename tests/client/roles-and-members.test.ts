// X2: the typed client against the real database: successes come back typed
// and parsed, refusals come back as RbacError with the stable code and the
// database's sentence, bad input fails before the database.
import { afterAll, describe, expect, test } from 'vitest';
import { DatabaseError, InputError, isRbacError, RbacError } from '../../src/lib/client/index.ts';
import { addMember, adminPool, closePool, newTenant, roleId } from '../helpers/db.ts';
import { clientAs, closeAuthenticatorPool, rejection } from './support.ts';

afterAll(async () => {
  await closeAuthenticatorPool();
  await closePool();
});

describe('X2: roles through the client', () => {
  test('X2: an administrator creates a role and reads it back typed: list row, matrix with implied actions, holders', async () => {
    const tenant = await newTenant();
    const admin = clientAs(tenant.adminUserId);
    const id = await admin.roles.create({ orgId: tenant.tenantId, name: 'Auditor', description: 'Reads the log', permissions: ['audit.export'] });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    const page = await admin.roles.list({ tenantId: tenant.tenantId, search: 'audit' });
    expect(page.map((r) => r.name)).toEqual(['Auditor']);
    expect(page[0].created_at).toBeInstanceOf(Date);
    expect(page[0].permission_count).toBe(1);
    expect(page[0].total_count).toBe(1);

    const matrix = await admin.roles.matrix({ roleId: id });
    const byKey = new Map(matrix.map((m) => [m.permission, m]));
    expect(byKey.get('audit.export')).toMatchObject({ granted: true, implied: false });
    expect(byKey.get('audit.view'), 'P4: export implies view').toMatchObject({ granted: true, implied: true });
    expect(byKey.get('users.invite')).toMatchObject({ granted: false });

    const member = await addMember(tenant.tenantId, { roleIds: [id] });
    const holders = await admin.roles.holders({ roleId: id });
    expect(holders.map((h) => h.member_id)).toEqual([member.memberId]);
  });

  test('X2: a refusal is an RbacError with the stable code, the sentence and the detail (A4: RB010)', async () => {
    const tenant = await newTenant();
    const manager = await tenantRole(tenant.tenantId, 'Role Maker', ['roles.create']);
    const member = await addMember(tenant.tenantId, { roleIds: [manager], userType: 'company_admin' });
    const err = await rejection(clientAs(member.userId).roles.create({ orgId: tenant.tenantId, name: 'Too Much', permissions: ['users.delete'] }));
    expect(err).toBeInstanceOf(RbacError);
    expect(isRbacError(err, 'RB010')).toBe(true);
    const rb = err as RbacError;
    expect(rb.codeName).toBe('delegation_exceeds_rights');
    expect(rb.message).toBe('You cannot give the role Too Much the permission users.delete, which you do not have.');
    expect(rb.detail).toBe('users.delete');
  });

  test('X2: bad input fails before the database with the field named (InputError), and nothing is created', async () => {
    const tenant = await newTenant();
    const admin = clientAs(tenant.adminUserId);
    const err = await rejection(admin.roles.create({ orgId: 'not-an-id', name: '   ', permissions: ['nope'] }));
    expect(err).toBeInstanceOf(InputError);
    expect(Object.keys((err as InputError).fields).sort()).toEqual(['name', 'orgId', 'permissions.0']);
    expect((err as InputError).fields.name).toBe('The role name cannot be empty.');
    const { rows } = await adminPool().query('select count(*)::int as n from rbac.roles where tenant_id = $1', [tenant.tenantId]);
    expect(rows[0].n, 'only the two system roles').toBe(2);
  });

  test('T3: another tenant\'s role is "not found" (RB004) and its list is refused (RB002)', async () => {
    const a = await newTenant();
    const b = await newTenant();
    const role = await roleId(b.tenantId, 'User');
    const outsider = clientAs(a.adminUserId);
    const err = await rejection(outsider.roles.matrix({ roleId: role }));
    expect(isRbacError(err, 'RB004')).toBe(true);
    expect(isRbacError(await rejection(outsider.roles.list({ tenantId: b.tenantId })), 'RB002')).toBe(true);
    expect(await outsider.roles.get({ roleId: role }), 'RLS hides the row').toEqual([]);
  });

  test('X2: an anonymous caller gets 42501 from a signed-in-only function, as a DatabaseError', async () => {
    const tenant = await newTenant();
    const err = await rejection(clientAs(null).roles.list({ tenantId: tenant.tenantId }));
    expect(err).toBeInstanceOf(DatabaseError);
    expect((err as DatabaseError).code).toBe('42501');
  });
});

describe('X1/U5: the Users list and member detail', () => {
  test('U5: list_members searches, filters by status, role and org, pages, and counts the whole result', async () => {
    const tenant = await newTenant();
    const admin = clientAs(tenant.adminUserId);
    const west = await admin.orgs.create({ parentId: tenant.tenantId, name: 'West' });
    const user = await roleId(tenant.tenantId, 'User');
    await addMember(tenant.tenantId, { email: `ann-${Date.now()}@example.test`, homeOrgId: west, roleIds: [user] });
    await addMember(tenant.tenantId, { email: `bob-${Date.now()}@example.test` });
    const carl = await addMember(tenant.tenantId, { email: `carl-${Date.now()}@example.test`, homeOrgId: west });
    await admin.members.deactivate({ memberId: carl.memberId });

    const all = await admin.members.list({ tenantId: tenant.tenantId });
    expect(all).toHaveLength(4);
    expect(all[0].total_count).toBe(4);
    expect((await admin.members.list({ tenantId: tenant.tenantId, search: 'ann' })).map((m) => m.email?.slice(0, 3))).toEqual(['ann']);
    expect((await admin.members.list({ tenantId: tenant.tenantId, status: 'deactivated' })).map((m) => m.id)).toEqual([carl.memberId]);
    expect((await admin.members.list({ tenantId: tenant.tenantId, roleId: user })).map((m) => m.email?.slice(0, 3))).toEqual(['ann']);
    expect(await admin.members.list({ tenantId: tenant.tenantId, orgId: west })).toHaveLength(2);
    const page = await admin.members.list({ tenantId: tenant.tenantId, limit: 2, offset: 2 });
    expect(page).toHaveLength(2);
    expect(page[0].total_count).toBe(4);
  });

  test('A3: an administrator of a branch lists only members of their branch; the detail of anyone else is refused (RB011)', async () => {
    const tenant = await newTenant();
    const admin = clientAs(tenant.adminUserId);
    const west = await admin.orgs.create({ parentId: tenant.tenantId, name: 'West' });
    const viewer = await tenantRole(tenant.tenantId, 'Viewer', ['users.view']);
    const branchAdmin = await addMember(tenant.tenantId, { homeOrgId: west, userType: 'administrator', roleIds: [viewer] });
    const colleague = await addMember(tenant.tenantId, { homeOrgId: west });
    const client = clientAs(branchAdmin.userId);

    const seen = await client.members.list({ tenantId: tenant.tenantId });
    expect(seen.map((m) => m.id).sort()).toEqual([branchAdmin.memberId, colleague.memberId].sort());
    expect((await client.members.detail({ memberId: colleague.memberId })).home_org_id).toBe(west);
    expect(isRbacError(await rejection(client.members.detail({ memberId: tenant.adminMemberId })), 'RB011')).toBe(true);
  });

  test('U5: a member without users.view sees their own detail but no list (RB003)', async () => {
    const tenant = await newTenant();
    const plain = await addMember(tenant.tenantId, { roleIds: [await roleId(tenant.tenantId, 'User')] });
    const client = clientAs(plain.userId);
    const self = await client.members.detail({ memberId: plain.memberId });
    expect(self.is_self).toBe(true);
    expect(isRbacError(await rejection(client.members.list({ tenantId: tenant.tenantId })), 'RB003')).toBe(true);
  });

  test('T2: my_memberships lists every organization of the person, and nothing of others', async () => {
    const a = await newTenant('Alpha Co');
    const b = await newTenant('Beta Co');
    await addMember(b.tenantId, { userId: a.adminUserId, email: `a-admin-${Date.now()}@example.test` });
    const mine = await clientAs(a.adminUserId).me.memberships();
    expect(mine.map((m) => m.tenant_id).sort()).toEqual([a.tenantId, b.tenantId].sort());
    expect(mine.find((m) => m.tenant_id === a.tenantId)?.status).toBe('active');
  });
});

async function tenantRole(tenantId: string, name: string, permissions: string[]): Promise<string> {
  const { rows } = await adminPool().query(
    `with role as (insert into rbac.roles (tenant_id, org_id, name) values ($1, $1, $2) returning id),
          perms as (insert into rbac.role_permissions (tenant_id, role_id, permission_id)
                    select $1, role.id, p.id from role, rbac.permissions p where p.tenant_id = $1 and p.key = any ($3))
     select id from role`,
    [tenantId, name, permissions],
  );
  return rows[0].id;
}
