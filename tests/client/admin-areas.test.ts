// X2: the remaining areas parse real answers from the database: groups,
// organizations (enum arrays from node-postgres included), audit log and
// chain, access review with sign-off, explain.
import { afterAll, describe, expect, test } from 'vitest';
import { isRbacError } from '../../src/lib/client/index.ts';
import { addMember, closePool, newTenant } from '../helpers/db.ts';
import { clientAs, closeAuthenticatorPool, rejection } from './support.ts';

afterAll(async () => {
  await closeAuthenticatorPool();
  await closePool();
});

describe('X2: groups, organizations, audit and access review through the client', () => {
  test('A1: a group gives its role to its members; the client reads memberships and role links back', async () => {
    const tenant = await newTenant();
    const admin = clientAs(tenant.adminUserId);
    const role = await admin.roles.create({ orgId: tenant.tenantId, name: 'Team Reader', permissions: ['groups.view'] });
    const member = await addMember(tenant.tenantId);
    const groupId = await admin.groups.create({ orgId: tenant.tenantId, name: 'Team A' });
    await admin.groups.addMember({ groupId, memberId: member.memberId });
    await admin.groups.assignRole({ groupId, roleId: role });
    expect(await admin.groups.memberships({ tenantId: tenant.tenantId, groupId })).toEqual([{ group_id: groupId, member_id: member.memberId }]);
    expect(await admin.groups.roleLinks({ tenantId: tenant.tenantId })).toEqual([{ group_id: groupId, role_id: role }]);
    expect(await clientAs(member.userId).me.hasPermission({ permission: 'groups.view', tenantId: tenant.tenantId })).toBe(true);
    expect(isRbacError(await rejection(clientAs(member.userId).groups.remove({ groupId })), 'RB003')).toBe(true);
  });

  test('T1: company types come back with their allowed user types as a list; orgs as a tree', async () => {
    const tenant = await newTenant();
    const admin = clientAs(tenant.adminUserId);
    await admin.orgs.createCompanyType({ tenantId: tenant.tenantId, key: 'partner', name: 'Partner', allowedUserTypes: ['power_user', 'private_user'] });
    const child = await admin.orgs.create({ parentId: tenant.tenantId, name: 'Partner Co', companyTypeKey: 'partner' });
    const [type] = await admin.orgs.companyTypes({ tenantId: tenant.tenantId });
    expect(type.allowed_user_types).toEqual(['power_user', 'private_user']);
    const orgs = await admin.orgs.list({ tenantId: tenant.tenantId });
    expect(orgs.find((o) => o.id === child)).toMatchObject({ parent_id: tenant.tenantId, company_type_id: type.id });
    expect(isRbacError(await rejection(admin.orgs.setModuleInstalled({ tenantId: tenant.tenantId, moduleKey: 'users', installed: false })), 'RB007')).toBe(true);
  });

  test('T1/A3: an unused organization is deleted; one in use is refused with what still uses it; a company type is edited', async () => {
    const tenant = await newTenant('Typo Co');
    const admin = clientAs(tenant.adminUserId);
    // U4: the tenant row says whether RBAC is on (the Users page offers to turn it on when it is not).
    expect(await admin.orgs.tenant({ tenantId: tenant.tenantId })).toEqual([{ id: tenant.tenantId, name: 'Typo Co', rbac_enabled: true }]);
    const typo = await admin.orgs.create({ parentId: tenant.tenantId, name: 'Typo Branch' });
    await admin.orgs.delete({ orgId: typo, reason: 'Created by mistake' });
    expect((await admin.orgs.list({ tenantId: tenant.tenantId })).map((o) => o.id)).not.toContain(typo);
    const used = await admin.orgs.create({ parentId: tenant.tenantId, name: 'Used Branch' });
    await admin.orgs.create({ parentId: used, name: 'Sub Branch' });
    const refusal = await rejection(admin.orgs.delete({ orgId: used }));
    expect(isRbacError(refusal, 'RB047')).toBe(true);
    expect((refusal as Error).message).toBe('Used Branch is still in use (it has sub-organizations); move or remove that first.');

    await admin.orgs.createCompanyType({ tenantId: tenant.tenantId, key: 'partner', name: 'Partner' });
    await admin.orgs.updateCompanyType({ tenantId: tenant.tenantId, key: 'partner', name: 'Partner company', allowedUserTypes: ['power_user'] });
    expect(await admin.orgs.companyTypes({ tenantId: tenant.tenantId })).toEqual([
      expect.objectContaining({ key: 'partner', name: 'Partner company', allowed_user_types: ['power_user'] }),
    ]);
  });

  test('L1: a reason given with an access change reaches the audit log through the client', async () => {
    const tenant = await newTenant();
    const admin = clientAs(tenant.adminUserId);
    const member = await addMember(tenant.tenantId);
    const reader = await admin.roles.create({ orgId: tenant.tenantId, name: 'Reader', permissions: ['users.view'] });
    await admin.members.setRoles({ memberId: member.memberId, roleIds: [reader], reason: 'Covers the front desk in March' });
    await admin.members.update({ memberId: member.memberId, visibility: 'all', reason: 'Needs every account for the audit' });
    const entries = await admin.audit.log({ tenantId: tenant.tenantId, limit: 10 });
    expect(entries.find((e) => e.action === 'member.assign_role')?.reason).toBe('Covers the front desk in March');
    expect(entries.find((e) => e.action === 'member.update')?.reason).toBe('Needs every account for the audit');
  });

  test('L1/L2: the audit log pages with a total, the chain verifies, a sign-off is recorded and explain says why', async () => {
    const tenant = await newTenant();
    const admin = clientAs(tenant.adminUserId);
    await admin.orgs.create({ parentId: tenant.tenantId, name: 'Branch' });
    const entryId = await admin.accessReview.signOff({ tenantId: tenant.tenantId, notes: 'Quarterly review' });
    const log = await admin.audit.log({ tenantId: tenant.tenantId, limit: 1 });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ id: entryId, action: 'access_review.sign_off', reason: 'Quarterly review' });
    expect(log[0].total_count).toBeGreaterThanOrEqual(3);
    const chain = await admin.audit.verify({ tenantId: tenant.tenantId });
    expect(chain).toMatchObject({ intact: true, first_broken_seq: null, head_seq: log[0].total_count });
    // L1: the fingerprint to keep outside checks back through the client (bigint entry number included).
    expect(await admin.audit.fingerprintMatches({ tenantId: tenant.tenantId, seq: chain.head_seq ?? 0, fingerprint: chain.head_fingerprint ?? '' })).toBe(true);
    expect(await admin.audit.fingerprintMatches({ tenantId: tenant.tenantId, seq: (chain.head_seq ?? 0) + 1, fingerprint: chain.head_fingerprint ?? '' })).toBeNull();

    const holders = await admin.accessReview.adminHolders({ tenantId: tenant.tenantId });
    expect(holders.map((h) => h.member_id)).toEqual([tenant.adminMemberId]);
    const why = await admin.members.explain({ memberId: tenant.adminMemberId, permission: 'users.delete' });
    expect(why).toMatchObject({ allowed: true, grants: [expect.objectContaining({ role: 'Administrator', grants_all: true })] });

    const member = await addMember(tenant.tenantId);
    expect(isRbacError(await rejection(clientAs(member.userId).audit.log({ tenantId: tenant.tenantId })), 'RB003')).toBe(true);
  });
});
