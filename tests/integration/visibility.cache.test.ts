// R4 with the caller sets kept for the session (20261123003100_visibility_caller_sets.sql):
// a member's sets are reused across statements of one connection only while
// nothing they depend on has changed. Each test reads on ONE connection (as a
// pooled app server or PostgREST does), changes rights elsewhere, and reads
// again on that connection: the very next statement must see the change.
import crypto from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adminPool, closePool, createUser, uniqueEmail } from '../helpers/db.ts';

let tenantId = '';
let memberId = '';
let userId = '';
let assignees: string[] = [];
let session: pg.PoolClient;

const q = async (sql: string, params: unknown[] = []): Promise<Record<string, string>[]> => (await adminPool().query(sql, params)).rows;

/** One request on the member's own connection: claims, role, the read, commit. */
async function visibleCount(client: pg.PoolClient = session): Promise<number> {
  await client.query('begin');
  try {
    return await countInRequest(client);
  } finally {
    await client.query('commit');
  }
}

async function countInRequest(client: pg.PoolClient): Promise<number> {
  await client.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify({ sub: userId, role: 'authenticated' })]);
  await client.query('set local role authenticated');
  const { rows } = await client.query('select count(*)::int as n from public.accounts');
  await client.query('reset role');
  return rows[0].n as number;
}

/** What the member should see with these assignees, counted by hand as the superuser. */
async function expectedFor(ids: string[]): Promise<number> {
  const [{ n }] = await q('select count(*)::int as n from public.accounts where tenant_id = $1 and assignee_ids && $2::uuid[]', [tenantId, ids]);
  return Number(n);
}

beforeAll(async () => {
  [{ id: tenantId }] = await q('select rbac_private.create_tenant($1) as id', [`Cache ${crypto.randomBytes(3).toString('hex')}`]);
  await q('select rbac_private.define_insurance_catalog($1)', [tenantId]);
  assignees = (await q(`insert into rbac.assignees (tenant_id, name) select $1, 'AMS ' || g from generate_series(1, 4) g returning id`, [tenantId])).map((r) => r.id);
  const [{ id: roleId }] = await q(
    `with r as (insert into rbac.roles (tenant_id, org_id, name) values ($1, $1, 'Producer') returning id),
          p as (insert into rbac.role_permissions (tenant_id, role_id, permission_id)
                select $1, r.id, p.id from r, rbac.permissions p where p.tenant_id = $1 and p.key = 'accounts.view')
     select id from r`, [tenantId]);
  const email = uniqueEmail('cache');
  userId = await createUser(email);
  [{ id: memberId }] = await q(`select rbac_private.insert_member($1, $2, 'Producer', $3, $1, 'power_user', $4::uuid[]) as id`, [tenantId, userId, email, [roleId]]);
  await q(`select rbac_private.apply_member_visibility($1, 'assigned', $2::uuid[])`, [memberId, [assignees[0]]]);
  await q(`insert into public.accounts (tenant_id, org_id, name) select $1, $1, 'Account ' || g from generate_series(1, 40) g`, [tenantId]);
  await q(
    `insert into public.account_assignees (tenant_id, account_id, org_id, assignee_id)
     select a.tenant_id, a.id, a.org_id, ($2::uuid[])[1 + (row_number() over (order by a.name))::int % 4] from public.accounts a where a.tenant_id = $1`,
    [tenantId, assignees],
  );
  session = await adminPool().connect();
}, 60_000);

afterAll(async () => {
  session?.release();
  await closePool();
});

describe('R4: record visibility kept across statements changes at the next statement', () => {
  test('R4/V1: an assignee given in another transaction is seen by the next statement on a connection that already read', async () => {
    expect(await visibleCount()).toBe(await expectedFor([assignees[0]]));
    expect(await visibleCount(), 'the second read uses the kept sets and agrees').toBe(await expectedFor([assignees[0]]));
    await q(`select rbac_private.apply_member_visibility($1, 'assigned', $2::uuid[])`, [memberId, assignees.slice(0, 2)]);
    expect(await visibleCount()).toBe(await expectedFor(assignees.slice(0, 2)));
    await q(`select rbac_private.apply_member_visibility($1, 'assigned', $2::uuid[])`, [memberId, [assignees[0]]]);
    expect(await visibleCount()).toBe(await expectedFor([assignees[0]]));
  });

  test('R4/U6: deactivating the member hides every account at their next statement; reactivating shows them again', async () => {
    const before = await visibleCount();
    expect(before).toBeGreaterThan(0);
    await q(`update rbac.members set status = 'deactivated' where id = $1`, [memberId]);
    expect(await visibleCount()).toBe(0);
    await q(`update rbac.members set status = 'active' where id = $1`, [memberId]);
    expect(await visibleCount()).toBe(before);
  });

  test('R4: a role losing accounts.view hides every account at the next statement', async () => {
    const before = await visibleCount();
    await q(`delete from rbac.role_permissions rp using rbac.permissions p
              where rp.tenant_id = $1 and p.id = rp.permission_id and p.key = 'accounts.view'`, [tenantId]);
    expect(await visibleCount()).toBe(0);
    await q(`insert into rbac.role_permissions (tenant_id, role_id, permission_id)
             select $1, r.id, p.id from rbac.roles r, rbac.permissions p
              where r.tenant_id = $1 and r.name = 'Producer' and p.tenant_id = $1 and p.key = 'accounts.view'`, [tenantId]);
    expect(await visibleCount()).toBe(before);
  });

  test('R4: a writer whose transaction already counted changes of its own (as lock_tenant does after a lock wait) still retires every kept set', async () => {
    const before = await visibleCount();
    const writer = await adminPool().connect();
    try {
      await writer.query('begin');
      await writer.query(`select set_config('rbac.generation', '7', true)`);
      await writer.query(`select rbac_private.apply_member_visibility($1, 'assigned', $2::uuid[])`, [memberId, assignees]);
      await writer.query('commit');
    } finally {
      writer.release();
    }
    expect(await visibleCount()).toBe(await expectedFor(assignees));
    await q(`select rbac_private.apply_member_visibility($1, 'assigned', $2::uuid[])`, [memberId, [assignees[0]]]);
    expect(await visibleCount()).toBe(before);
  });

  test('R4: a change is seen by the rest of its own transaction, and a rolled-back change leaves nothing behind', async () => {
    const before = await visibleCount();
    await session.query('begin');
    try {
      await session.query(`select rbac_private.apply_member_visibility($1, 'assigned', $2::uuid[])`, [memberId, assignees]);
      expect(await countInRequest(session), 'the writer sees its own uncommitted change').toBe(await expectedFor(assignees));
    } finally {
      await session.query('rollback');
    }
    expect(await visibleCount(), 'after the rollback the kept sets of the change are gone').toBe(before);
  });
});
