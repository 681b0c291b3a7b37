// R4/A4 across a lock wait: an administrator's request that waits for the
// tenant lock while another administrator removes their rights must be judged
// by the rights they hold once the lock is theirs, not by the rights computed
// earlier in the same statement (rbac_private.member_permission_keys keeps
// answers for a statement; a lock wait lets other commits in mid-statement).
import { afterAll, beforeAll, expect, test } from 'vitest';
import { addMember, adminPool, newTenant, roleId } from '../helpers/db.ts';
import { openSession, outcomeCode, waitUntilBlocked, type UserSession } from './sessions.ts';

let demoter: UserSession;
let demoted: UserSession;

beforeAll(async () => {
  demoter = await openSession();
  demoted = await openSession();
});

afterAll(async () => {
  await demoter.close();
  await demoted.close();
});

// Both functions look the role up (computing the caller's rights) before they lock the tenant.
const lateRequests = [
  { name: 'disable a role', sql: 'select public.disable_role($1)' },
  { name: 'rename a role', sql: `select public.update_role($1, p_name => 'Renamed')` },
];

for (const request of lateRequests) {
  test(`R4: an administrator demoted while their request to ${request.name} waits for the tenant lock is refused (RB003)`, async () => {
    const tenant = await newTenant();
    const administrator = await roleId(tenant.tenantId, 'Administrator');
    const other = await addMember(tenant.tenantId, { userType: 'company_admin', roleIds: [administrator] });
    const { rows } = await adminPool().query(
      `insert into rbac.roles (tenant_id, org_id, name) values ($1, $1, 'Auditor') returning id`,
      [tenant.tenantId],
    );
    const auditor: string = rows[0].id;

    // The other administrator removes the founder's Administrator role and holds the tenant lock…
    await demoter.beginAs(other.userId);
    await demoter.query('select public.unassign_role($1, $2)', [tenant.adminMemberId, administrator]);
    // …while the founder's request starts and has to wait for it.
    await demoted.beginAs(tenant.adminUserId);
    const pending = demoted.query(request.sql, [auditor]).then(
      (value) => ({ status: 'fulfilled', value }) as const,
      (reason: unknown) => ({ status: 'rejected', reason }) as const,
    );
    await waitUntilBlocked(demoted.pid);
    await demoter.commit();
    const outcome = await pending;
    await demoted.rollback();

    expect(outcomeCode(outcome), 'the founder no longer holds roles.*').toBe('RB003');
    const { rows: after } = await adminPool().query('select name, disabled_at from rbac.roles where id = $1', [auditor]);
    expect(after[0]).toEqual({ name: 'Auditor', disabled_at: null });
  });
}
