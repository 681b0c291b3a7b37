// Everything the web server reads from the environment, in one place.
import { env } from '$env/dynamic/private';
import type { MailSettings } from './mail';

export interface ServerConfig {
  /** Embedded mode: the owner's URL; used only for sign-in helpers (verify_login, create_login). */
  databaseUrl: string | undefined;
  authenticatorUrl: string | undefined;
  /** With DATABASE_URL and no AUTHENTICATOR_URL: the authenticator login's password (default 'authenticator'). */
  authenticatorPassword: string | undefined;
  jwtSecret: Uint8Array;
  /** Hosted mode: with both set, Supabase Auth signs people in and requests go through PostgREST. */
  supabaseUrl: string | undefined;
  supabaseAnonKey: string | undefined;
  sessionMinutes: number;
  secureCookies: boolean;
  /** U1: with SMTP_URL set, invitations are mailed (MAIL_FROM is the sender). */
  mail: MailSettings | undefined;
}

let cached: ServerConfig | undefined;

export function config(): ServerConfig {
  if (cached) return cached;
  const secret = env.JWT_SECRET;
  if (!secret || secret.length < 32) {
    throw new Error('Set JWT_SECRET to at least 32 characters (npm start does this for you).');
  }
  cached = {
    databaseUrl: env.DATABASE_URL || undefined,
    authenticatorUrl: env.AUTHENTICATOR_URL || undefined,
    authenticatorPassword: env.AUTHENTICATOR_PASSWORD || undefined,
    jwtSecret: new TextEncoder().encode(secret),
    supabaseUrl: env.SUPABASE_URL || undefined,
    supabaseAnonKey: env.SUPABASE_ANON_KEY || undefined,
    sessionMinutes: Number(env.SESSION_MINUTES || 15),
    secureCookies: (env.ORIGIN ?? '').startsWith('https://'),
    mail: env.SMTP_URL ? { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM || 'TenantGuard <no-reply@localhost>' } : undefined,
  };
  return cached;
}

export function hostedMode(): boolean {
  const c = config();
  return Boolean(c.supabaseUrl && c.supabaseAnonKey);
}

/** Where a SQL login connects (X3): the database's host and port, never its credentials. */
export function databaseAddress(): { host: string; port: number } | undefined {
  const c = config();
  const url = c.authenticatorUrl ?? c.databaseUrl;
  if (!url) return undefined;
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || 5432) };
}
