// R4 for clients that send several statements in one message (psql -c, a
// reporting tool, a pgTAP file): those statements share statement_timestamp(),
// so the per-statement rights cache (rbac_private.member_permission_keys) must
// also notice a commit made by another session between them. It does through
// the snapshot in its key; without it the second statement below would still
// see the permission the role just lost.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { addMember, call, newTenant } from '../helpers/db.ts';
import { openSession, waitUntilBlocked, type UserSession } from './sessions.ts';

let holder: UserSession;
let gate: UserSession;

beforeAll(async () => {
  holder = await openSession();
  gate = await openSession();
});

afterAll(async () => {
  await holder.close();
  await gate.close();
});

test('R4: a role edit committed by another session applies to the next statement of the same client message', async () => {
  const tenant = await newTenant();
  const clerk = await call<string>(tenant.adminUserId, 'create_role', {
    p_org_id: tenant.tenantId,
    p_name: 'Clerk',
    p_permissions: '["users.view"]',
  });
  const member = await addMember(tenant.tenantId, { roleIds: [clerk] });

  // The holder's message: check, wait at an advisory lock the test holds, check again.
  const lock = Math.floor(Math.random() * 2 ** 31);
  await gate.query('select pg_advisory_lock($1)', [lock]);
  const claims = JSON.stringify({ sub: member.userId, role: 'authenticated', aud: 'authenticated' });
  const message = [
    'begin',
    `select set_config('request.jwt.claims', '${claims}', true)`,
    'set local role authenticated',
    `select public.has_permission('users.view', '${tenant.tenantId}') as allowed`,
    `select pg_advisory_lock(${lock})`,
    `select public.has_permission('users.view', '${tenant.tenantId}') as allowed`,
    'commit',
  ].join(';\n');
  const pending = holder.query(message) as unknown as Promise<Array<{ rows: Array<{ allowed?: boolean }> }>>;
  await waitUntilBlocked(holder.pid);

  // Meanwhile the administrator takes users.view out of the role (and commits).
  await call(tenant.adminUserId, 'update_role', { p_role_id: clerk, p_permissions: '[]' });
  await gate.query('select pg_advisory_unlock($1)', [lock]);

  const results = await pending;
  const answers = results.filter((r) => r.rows?.[0] && 'allowed' in r.rows[0]).map((r) => r.rows[0].allowed);
  expect(answers, 'before the edit, then after it').toEqual([true, false]);
});
