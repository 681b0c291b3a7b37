// R3/A4 through the client calls the role pages make: company types a role
// is limited to (roles.create / roles.update with companyTypeKeys, read back
// from rbac.role_company_types), and assignable-role lists (roles.setAssignable,
// read back from rbac.role_assignable_roles) — both read through RLS.
import { afterAll, describe, expect, test } from 'vitest';
import { isRbacError, RbacError } from '../../src/lib/client/index.ts';
import { addMember, closePool, newTenant, roleId } from '../helpers/db.ts';
import { clientAs, closeAuthenticatorPool, rejection } from './support.ts';

afterAll(async () => {
  await closeAuthenticatorPool();
  await closePool();
});

describe('R3: company types a role is limited to', () => {
  test('R3: companyTypeKeys round trip: create limited, read back through RLS, widen, clear; unknown keys are refused (RB005)', async () => {
    const tenant = await newTenant();
    const admin = clientAs(tenant.adminUserId);
    const partner = await admin.orgs.createCompanyType({ tenantId: tenant.tenantId, key: 'partner', name: 'Partner' });
    const branch = await admin.orgs.createCompanyType({ tenantId: tenant.tenantId, key: 'branch', name: 'Branch' });
    const role = await admin.roles.create({ orgId: tenant.tenantId, name: 'Partner Sales', permissions: ['users.view'], companyTypeKeys: ['partner'] });
    const typesOf = async (): Promise<string[]> => (await admin.roles.companyTypes({ roleId: role })).map((r) => r.company_type_id).sort();

    expect(await admin.roles.companyTypes({ roleId: role })).toEqual([{ role_id: role, company_type_id: partner }]);
    await admin.roles.update({ roleId: role, companyTypeKeys: ['partner', 'branch'] });
    expect(await typesOf()).toEqual([partner, branch].sort());
    await admin.roles.update({ roleId: role, name: 'Partner Sales' });
    expect(await typesOf(), 'left out: kept').toEqual([partner, branch].sort());
    await admin.roles.update({ roleId: role, companyTypeKeys: [] });
    expect(await typesOf(), 'empty: every type').toEqual([]);

    const err = await rejection(admin.roles.update({ roleId: role, companyTypeKeys: ['dealer'] }));
    expect(isRbacError(err, 'RB005')).toBe(true);
    expect(err.message).toBe('There is no company type dealer.');
  });

  test('R3: narrowing the types while a holder\'s company would no longer fit is refused (RB014) with the sentence the edit page shows', async () => {
    const tenant = await newTenant();
    const admin = clientAs(tenant.adminUserId);
    await admin.orgs.createCompanyType({ tenantId: tenant.tenantId, key: 'partner', name: 'Partner' });
    await admin.orgs.createCompanyType({ tenantId: tenant.tenantId, key: 'branch', name: 'Branch' });
    const partnerCo = await admin.orgs.create({ parentId: tenant.tenantId, name: 'Harbor Partners', companyTypeKey: 'partner' });
    const role = await admin.roles.create({ orgId: tenant.tenantId, name: 'Field Seller', permissions: ['users.view'], companyTypeKeys: ['partner', 'branch'] });
    const holder = await addMember(tenant.tenantId, { homeOrgId: partnerCo });
    await admin.members.setRoles({ memberId: holder.memberId, roleIds: [role] });
    const { display_name: name } = await admin.members.detail({ memberId: holder.memberId });

    const err = await rejection(admin.roles.update({ roleId: role, companyTypeKeys: ['branch'] }));
    expect(err).toBeInstanceOf(RbacError);
    expect((err as RbacError).code).toBe('RB014');
    expect(err.message).toBe(`${name} holds Field Seller, which is not available in Harbor Partners; remove the role first.`);
    expect((await admin.roles.companyTypes({ roleId: role })).length, 'nothing changed').toBe(2);
  });

  test('R3: the limit is readable only by those who can see the role', async () => {
    const tenant = await newTenant();
    const admin = clientAs(tenant.adminUserId);
    await admin.orgs.createCompanyType({ tenantId: tenant.tenantId, key: 'partner', name: 'Partner' });
    const role = await admin.roles.create({ orgId: tenant.tenantId, name: 'Partner Only', companyTypeKeys: ['partner'] });
    const plain = await addMember(tenant.tenantId, { roleIds: [await roleId(tenant.tenantId, 'User')] });
    expect(await clientAs(plain.userId).roles.companyTypes({ roleId: role })).toEqual([]);
    expect(await admin.roles.companyTypes({ roleId: role })).toHaveLength(1);
  });
});

describe('A4: assignable-role lists', () => {
  test('A4: setAssignable writes the list, read back through RLS; the holder is offered and may give only those roles; an empty list removes it', async () => {
    const tenant = await newTenant();
    const admin = clientAs(tenant.adminUserId);
    const technician = await admin.roles.create({ orgId: tenant.tenantId, name: 'Technician', permissions: ['users.view'] });
    const sales = await admin.roles.create({ orgId: tenant.tenantId, name: 'Sales', permissions: ['users.view'] });
    const manager = await admin.roles.create({
      orgId: tenant.tenantId,
      name: 'Manager',
      permissions: ['users.view', 'users.assign_roles', 'roles.view'],
    });
    await admin.roles.setAssignable({ roleId: manager, assignableRoleIds: [technician] });
    expect(await admin.roles.assignableList({ roleId: manager })).toEqual([{ role_id: manager, assignable_role_id: technician }]);

    const boss = await addMember(tenant.tenantId, { userType: 'company_admin' });
    await admin.members.setRoles({ memberId: boss.memberId, roleIds: [manager] });
    const worker = await addMember(tenant.tenantId);
    const asBoss = clientAs(boss.userId);
    expect((await asBoss.roles.assignableList({ roleId: manager })).map((r) => r.assignable_role_id), 'the holder reads the list').toEqual([technician]);
    expect((await asBoss.roles.assignable({ orgId: tenant.tenantId })).map((r) => r.name)).toEqual(['Technician']);
    await asBoss.members.setRoles({ memberId: worker.memberId, roleIds: [technician] });
    const refused = await rejection(asBoss.members.setRoles({ memberId: worker.memberId, roleIds: [technician, sales] }));
    expect(isRbacError(refused, 'RB013')).toBe(true);
    expect(refused.message).toBe('Your roles do not allow you to assign Sales.');

    await admin.roles.setAssignable({ roleId: manager, assignableRoleIds: [] });
    expect(await admin.roles.assignableList({ roleId: manager }), 'empty: no list').toEqual([]);
    expect((await asBoss.roles.assignable({ orgId: tenant.tenantId })).map((r) => r.name)).toContain('Sales');
  });

  test('A4: a viewer reads the list but changing it needs roles.edit (RB003); a role one cannot see has no readable list (RB004)', async () => {
    const tenant = await newTenant();
    const admin = clientAs(tenant.adminUserId);
    const role = await admin.roles.create({ orgId: tenant.tenantId, name: 'Lead' });
    const user = await roleId(tenant.tenantId, 'User');
    await admin.roles.setAssignable({ roleId: role, assignableRoleIds: [user] });

    const viewerRole = await admin.roles.create({ orgId: tenant.tenantId, name: 'Role Viewer', permissions: ['roles.view'] });
    const viewer = await addMember(tenant.tenantId, { roleIds: [viewerRole] });
    const asViewer = clientAs(viewer.userId);
    expect((await asViewer.roles.assignableList({ roleId: role })).map((r) => r.assignable_role_id)).toEqual([user]);
    expect(isRbacError(await rejection(asViewer.roles.setAssignable({ roleId: role, assignableRoleIds: [] })), 'RB003')).toBe(true);

    const plain = await addMember(tenant.tenantId, { roleIds: [user] });
    const asPlain = clientAs(plain.userId);
    expect(await asPlain.roles.assignableList({ roleId: role }), 'RLS hides the rows').toEqual([]);
    expect(isRbacError(await rejection(asPlain.roles.setAssignable({ roleId: role, assignableRoleIds: [] })), 'RB004')).toBe(true);
    expect(await admin.roles.assignableList({ roleId: role }), 'nothing changed').toHaveLength(1);
  });
});
