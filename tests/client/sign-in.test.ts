// Embedded sign-in: passwords checked in the database against GoTrue-style
// bcrypt hashes by helpers no API role may call, logins created the same
// way, and repeated failures slowed down per email and address.
import pg from 'pg';
import { afterAll, describe, expect, test } from 'vitest';
import { recordFailure, recordSuccess, retryAfter } from '../../src/lib/server/throttle.ts';
import { adminPool, closePool, uniqueEmail } from '../helpers/db.ts';
import { authenticatorPool, closeAuthenticatorPool } from './support.ts';

afterAll(async () => {
  await closeAuthenticatorPool();
  await closePool();
});

async function sql<T = unknown>(query: string, params: unknown[] = []): Promise<T> {
  const { rows } = await adminPool().query(query, params);
  return Object.values(rows[0])[0] as T;
}

describe('U3: embedded sign-in in the database', () => {
  test('U3: a login is created with a bcrypt hash as GoTrue stores it, and only the right password signs in', async () => {
    const email = uniqueEmail('login');
    const id = await sql<string>('select rbac_private.create_login($1, $2, $3)', [email.toUpperCase(), 'right password', 'Lou Login']);
    expect(await sql<string>('select encrypted_password from auth.users where id = $1', [id])).toMatch(/^\$2[aby]\$10\$/);
    expect(await sql('select rbac_private.verify_login($1, $2)', [email, 'right password'])).toBe(id);
    expect(await sql('select rbac_private.verify_login($1, $2)', [` ${email.toUpperCase()} `, 'right password']), 'email case and spaces do not matter').toBe(id);
    expect(await sql('select rbac_private.verify_login($1, $2)', [email, 'wrong password'])).toBeNull();
    expect(await sql('select rbac_private.verify_login($1, $2)', [uniqueEmail('nobody'), 'right password'])).toBeNull();
  });

  test('U3: a banned login does not sign in; a duplicate or a short password is refused with the stable code', async () => {
    const email = uniqueEmail('banned');
    const id = await sql<string>('select rbac_private.create_login($1, $2, $3)', [email, 'right password', 'Ban Ned']);
    await adminPool().query(`update auth.users set banned_until = now() + interval '1 day' where id = $1`, [id]);
    expect(await sql('select rbac_private.verify_login($1, $2)', [email, 'right password'])).toBeNull();
    const dup = await adminPool().query('select rbac_private.create_login($1, $2, $3)', [email, 'another password', 'X']).catch((e: pg.DatabaseError) => e);
    expect((dup as pg.DatabaseError).code).toBe('RB006');
    const short = await adminPool().query('select rbac_private.create_login($1, $2, $3)', [uniqueEmail('s'), 'short', 'X']).catch((e: pg.DatabaseError) => e);
    expect((short as pg.DatabaseError).code).toBe('RB005');
  });

  test('T3: no API login may call the sign-in helpers (authenticator, authenticated, anon)', async () => {
    const client = await authenticatorPool().connect();
    try {
      for (const role of ['authenticator', 'authenticated', 'anon']) {
        await client.query('begin');
        if (role !== 'authenticator') await client.query(`set local role ${role}`);
        const err = await client.query(`select rbac_private.verify_login('a@b.c', 'x')`).catch((e: pg.DatabaseError) => e);
        await client.query('rollback');
        expect((err as pg.DatabaseError).code, role).toBe('42501');
      }
    } finally {
      client.release();
    }
  });
});

describe('U3: sign-in backoff', () => {
  test('U3: three failures are free, then each attempt waits twice as long, per email and address; success clears it', () => {
    const t0 = 1_000_000;
    const email = 'slow@example.test';
    for (let i = 0; i < 3; i++) recordFailure(email, '10.0.0.1', t0);
    expect(retryAfter(email, '10.0.0.1', t0)).toBe(1000);
    recordFailure(email, '10.0.0.1', t0);
    expect(retryAfter(email, '10.0.0.1', t0)).toBe(2000);
    expect(retryAfter(email.toUpperCase(), '10.0.0.1', t0), 'the email is compared case-insensitively').toBe(2000);
    expect(retryAfter(email, '10.0.0.2', t0), 'another address is not slowed').toBe(0);
    expect(retryAfter(email, '10.0.0.1', t0 + 2000)).toBe(0);
    recordSuccess(email, '10.0.0.1');
    expect(retryAfter(email, '10.0.0.1', t0)).toBe(0);
  });
});
