// The typed client as the app uses it: the pg transport on the authenticator
// login, acting with a person's claims (see src/lib/client).
import type pg from 'pg';
import { inject } from 'vitest';
import { createRbacClient, type Claims, type RbacClient } from '../../src/lib/client/index.ts';
import { authenticatorUrl, createAuthenticatorPool, PgTransport } from '../../src/lib/client/pg-transport.ts';

let pool: pg.Pool | undefined;

export function authenticatorPool(): pg.Pool {
  pool ??= createAuthenticatorPool(authenticatorUrl({ DATABASE_URL: inject('databaseUrl') }), 6);
  return pool;
}

export async function closeAuthenticatorPool(): Promise<void> {
  await pool?.end();
  pool = undefined;
}

export function claimsFor(userId: string, extra: Partial<Claims> = {}): Claims {
  return { sub: userId, role: 'authenticated', aud: 'authenticated', ...extra };
}

/** The client acting as a signed-in person (null: anonymous). */
export function clientAs(userId: string | null, options: { readOnly?: boolean; claims?: Partial<Claims> } = {}): RbacClient {
  const claims = userId ? claimsFor(userId, options.claims) : null;
  return createRbacClient(new PgTransport(authenticatorPool(), claims, { readOnly: options.readOnly }));
}

/** The rejection of a promise (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a refusal, but the call succeeded');
    },
    (e: unknown) => e as Error,
  );
}
