// Who is this? Embedded mode checks passwords in the database (bcrypt, as
// GoTrue stores them) through helpers only the owner connection may call;
// hosted mode asks Supabase Auth. Either way the app then issues its own
// session JWT (see session.ts).
import { createClient } from '@supabase/supabase-js';
import { RbacError, toClientError } from '$lib/client';
import { config, hostedMode } from './config';
import { signInPool } from './db';

export interface SignedInUser {
  id: string;
  email: string;
}

function supabaseAuth() {
  const c = config();
  return createClient(c.supabaseUrl!, c.supabaseAnonKey!, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: (globalThis.WebSocket ?? class {}) as unknown as typeof WebSocket },
  }).auth;
}

/** The user for an email and password, or null (wrong password, unknown email, banned). */
export async function verifyPassword(email: string, password: string): Promise<SignedInUser | null> {
  if (hostedMode()) {
    const { data, error } = await supabaseAuth().signInWithPassword({ email, password });
    return error || !data.user ? null : { id: data.user.id, email: data.user.email ?? email };
  }
  const { rows } = await signInPool().query<{ id: string | null }>('select rbac_private.verify_login($1, $2) as id', [email, password]);
  return rows[0]?.id ? { id: rows[0].id, email: email.trim().toLowerCase() } : null;
}

/** A new login (sign-up). Refusals keep the database's code and sentence (RB005, RB006). */
export async function createLogin(email: string, password: string, displayName: string): Promise<SignedInUser> {
  if (hostedMode()) {
    const { data, error } = await supabaseAuth().signUp({ email, password, options: { data: { full_name: displayName } } });
    if (error || !data.user) throw new RbacError('RB005', error?.message ?? 'The login could not be created.', null);
    return { id: data.user.id, email: data.user.email ?? email };
  }
  try {
    const { rows } = await signInPool().query<{ id: string }>('select rbac_private.create_login($1, $2, $3) as id', [email, password, displayName]);
    return { id: rows[0].id, email: email.trim().toLowerCase() };
  } catch (err) {
    throw toClientError(err);
  }
}
