// A5 under concurrency: two requests that are each allowed alone but would
// together leave a tenant without an administrator, sent at the same moment
// on two connections. rbac_private.lock_tenant serialises them: the second
// waits for the tenant row lock, then sees the first one's commit and is
// refused. Every round checks that the race really overlapped (the second
// was seen waiting for the lock while the first was still uncommitted) and
// that an active full administrator remains.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addMember, adminPool, newTenant, roleId, type Tenant } from '../helpers/db.ts';
import { openSession, outcomeCode, waitUntilBlocked, type UserSession } from './sessions.ts';

// The headline race runs 30 rounds, its variants 15 each (the suite stays fast).
const ROUNDS = 30;
const VARIANT_ROUNDS = 15;

interface Request {
  userId: string;
  sql: string;
  params: unknown[];
}

interface RaceResult {
  /** SQLSTATE per request (null: it succeeded), in the order given. */
  codes: [string | null, string | null];
  /** The later request waited for a lock while the earlier one was uncommitted. */
  overlapped: boolean;
}

let sessions: [UserSession, UserSession];

beforeAll(async () => {
  sessions = [await openSession(), await openSession()];
});

afterAll(async () => {
  await Promise.all(sessions.map((s) => s.close()));
});

/**
 * Both connections begin as their user (the barrier), then both statements are
 * sent together. The first to finish is held uncommitted until the other is
 * seen waiting for a lock; then each commits, or rolls back when refused.
 */
async function race(a: Request, b: Request): Promise<RaceResult> {
  const requests = [a, b];
  await Promise.all(sessions.map((s, i) => s.beginAs(requests[i].userId)));
  const settled = sessions.map((s, i) => s.query(requests[i].sql, requests[i].params).then(
    (value) => ({ status: 'fulfilled', value }) as const,
    (reason: unknown) => ({ status: 'rejected', reason }) as const,
  ));
  const first = await Promise.race(settled.map((p, i) => p.then(() => i)));
  const second = 1 - first;
  const overlapped = await Promise.race([
    waitUntilBlocked(sessions[second].pid).then(() => true),
    settled[second].then(() => false),
  ]);
  const finish = async (i: number): Promise<PromiseSettledResult<unknown>> => {
    const result = await settled[i];
    await (result.status === 'fulfilled' ? sessions[i].commit() : sessions[i].rollback());
    return result;
  };
  const firstResult = await finish(first);
  const secondResult = await finish(second);
  const results = first === 0 ? [firstResult, secondResult] : [secondResult, firstResult];
  return { codes: [outcomeCode(results[0]), outcomeCode(results[1])], overlapped };
}

async function fullAdminCount(tenantId: string): Promise<number> {
  const { rows } = await adminPool().query(
    `select count(*)::int as n from rbac.members m
      where m.tenant_id = $1 and m.status = 'active' and rbac_private.is_full_admin(m.id)`,
    [tenantId],
  );
  return rows[0].n;
}

/** A sub-organization of the root, written directly (the API is not under test here). */
async function subOrg(tenantId: string): Promise<string> {
  const { rows } = await adminPool().query(
    `insert into rbac.orgs (tenant_id, parent_id, name) values ($1, $1, 'Branch') returning id`,
    [tenantId],
  );
  return rows[0].id;
}

/** A custom (not grants_all) role holding every permission of the tenant's catalog. */
async function customAdminRole(tenantId: string): Promise<string> {
  const { rows } = await adminPool().query(
    `with role as (
       insert into rbac.roles (tenant_id, org_id, name) values ($1, $1, 'Operations Admin') returning id
     ), perms as (
       insert into rbac.role_permissions (tenant_id, role_id, permission_id)
       select $1, role.id, p.id from role, rbac.permissions p where p.tenant_id = $1
     )
     select id from role`,
    [tenantId],
  );
  return rows[0].id;
}

const UNASSIGN = 'select public.unassign_role($1, $2)';
const DEACTIVATE = 'select public.deactivate_member($1)';
const DISABLE_ROLE = 'select public.disable_role($1)';

/** Two company administrators with the Administrator role, and nobody else. */
async function tenantWithTwoAdmins(): Promise<{ tenant: Tenant; administrator: string; second: { userId: string; memberId: string } }> {
  const tenant = await newTenant();
  const administrator = await roleId(tenant.tenantId, 'Administrator');
  const second = await addMember(tenant.tenantId, { userType: 'company_admin', roleIds: [administrator] });
  expect(await fullAdminCount(tenant.tenantId)).toBe(2);
  return { tenant, administrator, second };
}

/**
 * Two full administrators placed in a branch (company_admin there), and two
 * branch administrators (not full: their scope is the branch) who can manage
 * them. The tenant's founder is demoted, so exactly the two remain.
 */
async function tenantWithTwoAdminsAndTwoManagers() {
  const tenant = await newTenant();
  const administrator = await roleId(tenant.tenantId, 'Administrator');
  const branch = await subOrg(tenant.tenantId);
  const admins = [
    await addMember(tenant.tenantId, { userType: 'company_admin', homeOrgId: branch, roleIds: [administrator] }),
    await addMember(tenant.tenantId, { userType: 'company_admin', homeOrgId: branch, roleIds: [administrator] }),
  ];
  const managers = [
    await addMember(tenant.tenantId, { userType: 'administrator', homeOrgId: branch, roleIds: [administrator] }),
    await addMember(tenant.tenantId, { userType: 'administrator', homeOrgId: branch, roleIds: [administrator] }),
  ];
  await adminPool().query('delete from rbac.member_roles where member_id = $1', [tenant.adminMemberId]);
  expect(await fullAdminCount(tenant.tenantId)).toBe(2);
  return { tenant, administrator, admins, managers };
}

describe('A5: the last administrator survives concurrent changes', () => {
  test('A5: two administrators removing each other\'s Administrator role at once: one wins, the other is refused', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { tenant, administrator, second } = await tenantWithTwoAdmins();
      const result = await race(
        { userId: tenant.adminUserId, sql: UNASSIGN, params: [second.memberId, administrator] },
        { userId: second.userId, sql: UNASSIGN, params: [tenant.adminMemberId, administrator] },
      );
      expect(result.overlapped, `round ${round}: the second request waited for the tenant lock`).toBe(true);
      expect(result.codes.filter((c) => c === null), `round ${round}: exactly one succeeded (${result.codes})`).toHaveLength(1);
      // The loser waits for the tenant lock, then sees the winner's commit: it
      // no longer holds users.assign_roles, so it is refused before A5 is even asked.
      expect(result.codes.find((c) => c !== null), `round ${round}`).toBe('RB003');
      expect(await fullAdminCount(tenant.tenantId), `round ${round}`).toBe(1);
    }
  });

  test('A5: two branch administrators each removing a different last administrator at once: the second gets RB015', async () => {
    for (let round = 0; round < VARIANT_ROUNDS; round++) {
      const { tenant, administrator, admins, managers } = await tenantWithTwoAdminsAndTwoManagers();
      const result = await race(
        { userId: managers[0].userId, sql: UNASSIGN, params: [admins[0].memberId, administrator] },
        { userId: managers[1].userId, sql: UNASSIGN, params: [admins[1].memberId, administrator] },
      );
      expect(result.overlapped, `round ${round}: the second request waited for the tenant lock`).toBe(true);
      expect([...result.codes].sort(), `round ${round}`).toEqual(['RB015', null]);
      expect(await fullAdminCount(tenant.tenantId), `round ${round}`).toBe(1);
    }
  });

  test('A5: deactivating the two last administrators at once (two branch administrators): the second gets RB015', async () => {
    for (let round = 0; round < VARIANT_ROUNDS; round++) {
      const { tenant, admins, managers } = await tenantWithTwoAdminsAndTwoManagers();
      const result = await race(
        { userId: managers[0].userId, sql: DEACTIVATE, params: [admins[0].memberId] },
        { userId: managers[1].userId, sql: DEACTIVATE, params: [admins[1].memberId] },
      );
      expect(result.overlapped, `round ${round}: the second request waited for the tenant lock`).toBe(true);
      expect([...result.codes].sort(), `round ${round}`).toEqual(['RB015', null]);
      expect(await fullAdminCount(tenant.tenantId), `round ${round}`).toBe(1);
    }
  });

  test('A5: a deactivation racing a role removal of the other last administrator: one wins, RB015 for the other', async () => {
    for (let round = 0; round < VARIANT_ROUNDS; round++) {
      const { tenant, administrator, admins, managers } = await tenantWithTwoAdminsAndTwoManagers();
      const result = await race(
        { userId: managers[0].userId, sql: DEACTIVATE, params: [admins[0].memberId] },
        { userId: managers[1].userId, sql: UNASSIGN, params: [admins[1].memberId, administrator] },
      );
      expect(result.overlapped, `round ${round}: the second request waited for the tenant lock`).toBe(true);
      expect([...result.codes].sort(), `round ${round}`).toEqual(['RB015', null]);
      expect(await fullAdminCount(tenant.tenantId), `round ${round}`).toBe(1);
    }
  });

  test('A5: two administrators deactivating each other at once: one wins, the other is no longer active (RB002)', async () => {
    for (let round = 0; round < VARIANT_ROUNDS; round++) {
      const { tenant, second } = await tenantWithTwoAdmins();
      const result = await race(
        { userId: tenant.adminUserId, sql: DEACTIVATE, params: [second.memberId] },
        { userId: second.userId, sql: DEACTIVATE, params: [tenant.adminMemberId] },
      );
      expect(result.overlapped, `round ${round}: the second request waited for the tenant lock`).toBe(true);
      expect([...result.codes].sort(), `round ${round}`).toEqual(['RB002', null]);
      expect(await fullAdminCount(tenant.tenantId), `round ${round}`).toBe(1);
    }
  });

  test('A5: disabling the custom admin role of one administrator while they remove the other\'s Administrator role: one is refused', async () => {
    for (let round = 0; round < VARIANT_ROUNDS; round++) {
      const tenant = await newTenant();
      const administrator = await roleId(tenant.tenantId, 'Administrator');
      const opsAdmin = await customAdminRole(tenant.tenantId);
      const ops = await addMember(tenant.tenantId, { userType: 'company_admin', roleIds: [opsAdmin] });
      expect(await fullAdminCount(tenant.tenantId)).toBe(2);
      const result = await race(
        { userId: tenant.adminUserId, sql: DISABLE_ROLE, params: [opsAdmin] },
        { userId: ops.userId, sql: UNASSIGN, params: [tenant.adminMemberId, administrator] },
      );
      expect(result.overlapped, `round ${round}: the second request waited for the tenant lock`).toBe(true);
      expect(result.codes.filter((c) => c === null), `round ${round}: exactly one succeeded (${result.codes})`).toHaveLength(1);
      // Whichever wins, the loser has just lost the right it acts with
      // (roles.delete or users.assign_roles) and is refused for that.
      expect(result.codes.find((c) => c !== null), `round ${round}`).toBe('RB003');
      expect(await fullAdminCount(tenant.tenantId), `round ${round}`).toBe(1);
    }
  });
});
