// The typed client for one request: acting as the signed-in person, or as
// the member an administrator views as (read-only), or anonymously.
import { createRbacClient, type Claims, type RbacClient } from '$lib/client';
import { PgTransport } from '$lib/client/pg-transport';
import { createSupabaseClientFor, SupabaseTransport } from '$lib/client/supabase-transport';
import { config, hostedMode } from './config';
import { authenticatorPool } from './db';

export function clientFor(claims: Claims | null, token: string | null, options: { readOnly?: boolean } = {}): RbacClient {
  if (hostedMode()) {
    const c = config();
    return createRbacClient(new SupabaseTransport(createSupabaseClientFor(c.supabaseUrl!, c.supabaseAnonKey!, token), options));
  }
  return createRbacClient(new PgTransport(authenticatorPool(), claims, options));
}
