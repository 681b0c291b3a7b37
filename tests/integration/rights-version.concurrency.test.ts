// The shared rights version (20261123000600_rbac_effective_rights.sql) is
// bumped as each rights-changing transaction commits, not at its first
// change: transactions in different tenants do not wait for each other, two
// that lock each other's tenants do not deadlock on it, and readers still
// see the change at their next statement (R4).
import crypto from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { adminPool, closePool } from '../helpers/db.ts';

const q = async (sql: string, params: unknown[] = []): Promise<Record<string, string>[]> => (await adminPool().query(sql, params)).rows;
const tenants: string[] = [];

/** A rights-relevant write in one tenant (the roles table bumps the version). */
const touchRoles = (c: pg.PoolClient, tenantId: string) => c.query(`update rbac.roles set name = name where tenant_id = $1`, [tenantId]);
const version = async (): Promise<number> => Number((await q('select version from rbac_private.rights_version'))[0].version);

beforeAll(async () => {
  for (const name of ['A', 'B']) {
    const [{ id }] = await q('select rbac_private.create_tenant($1) as id', [`Version ${name} ${crypto.randomBytes(3).toString('hex')}`]);
    tenants.push(id);
  }
});

afterAll(closePool);

async function inTransactions<T>(fn: (one: pg.PoolClient, two: pg.PoolClient) => Promise<T>): Promise<T> {
  const [one, two] = [await adminPool().connect(), await adminPool().connect()];
  try {
    // A wait that would never end (the old bump held the version row from
    // the first change) fails the test in seconds instead of hanging it.
    for (const c of [one, two]) await c.query(`begin; set local lock_timeout = '3s'`);
    return await fn(one, two);
  } finally {
    await one.query('rollback').catch(() => undefined);
    await two.query('rollback').catch(() => undefined);
    one.release();
    two.release();
  }
}

describe('R4: the rights version moves as a change commits', () => {
  test('R4: a rights change in another tenant commits while this one is still open (no wait on the shared version)', async () => {
    await inTransactions(async (one, two) => {
      await touchRoles(one, tenants[0]);
      await touchRoles(two, tenants[1]);
      await two.query('commit');
      await one.query('commit');
    });
  });

  test('R4: two transactions that end up locking each other\'s tenant finish one after the other instead of deadlocking', async () => {
    const before = await version();
    const txids: string[] = [];
    await inTransactions(async (one, two) => {
      await touchRoles(one, tenants[0]);
      await touchRoles(two, tenants[1]);
      for (const c of [one, two]) txids.push((await c.query('select txid_current()::text as t')).rows[0].t);
      // one now waits for two's row locks in tenant B …
      const waiting = touchRoles(one, tenants[1]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      // … and two, committing, must not wait for anything one holds.
      await two.query('commit');
      await waiting;
      await one.query('commit');
    });
    // Other test files change rights at the same time: at least our two bumps.
    expect(await version()).toBeGreaterThanOrEqual(before + 2);
    expect(await q('select txid from rbac_private.rights_version_pending where txid = any ($1::bigint[])', [txids])).toEqual([]);
  });

  test('R4: an open rights change only queues its bump: the version row stays free until the commit, and a rollback leaves nothing', async () => {
    let txid = '';
    await inTransactions(async (one, two) => {
      await touchRoles(one, tenants[0]);
      await touchRoles(one, tenants[0]);
      txid = (await one.query('select txid_current()::text as t')).rows[0].t;
      expect((await one.query('select count(*)::int as n from rbac_private.rights_version_pending where txid = $1', [txid])).rows[0].n, 'one bump queued for two changes').toBe(1);
      await two.query('select version from rbac_private.rights_version for update');
    });
    expect(await q('select txid from rbac_private.rights_version_pending where txid = $1', [txid]), 'rolled back with the change').toEqual([]);
  });
});
