// The server's two database connections. Requests run on the authenticator
// login as the signed-in person (through the typed client); the owner pool
// only checks passwords and creates logins (embedded mode).
import pg from 'pg';
import { authenticatorUrl, createAuthenticatorPool } from '$lib/client/pg-transport';
import { config } from './config';

let requestPool: pg.Pool | undefined;
let ownerPool: pg.Pool | undefined;

export function authenticatorPool(): pg.Pool {
  const c = config();
  requestPool ??= createAuthenticatorPool(
    authenticatorUrl({ AUTHENTICATOR_URL: c.authenticatorUrl, DATABASE_URL: c.databaseUrl, AUTHENTICATOR_PASSWORD: c.authenticatorPassword }),
  );
  return requestPool;
}

export function signInPool(): pg.Pool {
  const url = config().databaseUrl;
  if (!url) throw new Error('Embedded sign-in needs DATABASE_URL (the database owner), or SUPABASE_URL and SUPABASE_ANON_KEY for Supabase Auth.');
  if (!ownerPool) {
    ownerPool = new pg.Pool({ connectionString: url, max: 4 });
    ownerPool.on('error', () => undefined);
  }
  return ownerPool;
}
