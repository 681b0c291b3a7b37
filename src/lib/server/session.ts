// Sessions as short-lived JWTs with Supabase's claims (sub, role, aud,
// email, exp) plus tenant_id for the org switcher, in an httpOnly SameSite=Lax
// cookie. A request in the last third of the token's life gets a fresh one;
// a session never outlives MAX_SESSION_HOURS from sign-in.
import type { Cookies } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { Claims } from '$lib/client';
import { config } from './config';

export const SESSION_COOKIE = 'tg_session';
export const VIEW_AS_COOKIE = 'tg_view_as';
const MAX_SESSION_HOURS = 12;
const VIEW_AS_MINUTES = 30;

export interface Session {
  userId: string;
  email: string;
  tenantId: string | undefined;
  claims: Claims;
  /** The token itself (hosted mode passes it to PostgREST). */
  token: string;
}

export interface ViewAsSession {
  viewerUserId: string;
  memberId: string;
  userId: string;
  tenantId: string;
  displayName: string;
  claims: Claims;
  token: string;
}

interface SessionPayload extends Claims {
  /** When the person signed in (seconds), for the absolute limit. */
  auth_time: number;
  /** One sign-in, across renewals and org switches; signing out ends it in the database (public.end_session). */
  session_id: string;
}

async function sign(payload: Record<string, unknown>, minutes: number): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime(`${minutes}m`)
    .sign(config().jwtSecret);
}

async function verify<T>(token: string | undefined): Promise<(T & { exp: number; iat: number }) | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, config().jwtSecret, { algorithms: ['HS256'], audience: 'authenticated' });
    return payload as T & { exp: number; iat: number };
  } catch {
    return null;
  }
}

function cookieOptions(maxAgeSeconds: number) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: config().secureCookies, maxAge: maxAgeSeconds };
}

/** A sign-in's session, or its renewal or org switch (the same auth_time and session_id). */
export async function startSession(
  cookies: Cookies,
  user: { id: string; email: string },
  tenantId?: string,
  continued?: { authTime: number; sessionId: string },
): Promise<void> {
  const minutes = config().sessionMinutes;
  const token = await sign(
    {
      sub: user.id,
      role: 'authenticated',
      aud: 'authenticated',
      email: user.email,
      tenant_id: tenantId,
      auth_time: continued?.authTime ?? Math.floor(Date.now() / 1000),
      session_id: continued?.sessionId ?? randomUUID(),
    },
    minutes,
  );
  cookies.set(SESSION_COOKIE, token, cookieOptions(minutes * 60));
}

export function endSession(cookies: Cookies): void {
  cookies.delete(SESSION_COOKIE, { path: '/' });
  cookies.delete(VIEW_AS_COOKIE, { path: '/' });
}

/**
 * A session token, not another token signed with the same key: a view-as
 * token (A7) names the viewed member as its subject, so one copied into the
 * session cookie would make its holder that member with full rights. Only
 * session tokens carry auth_time, and only view-as tokens carry view_as.
 */
function isSessionPayload(payload: (SessionPayload & { view_as?: unknown }) | null): payload is SessionPayload & { exp: number; iat: number } {
  return (
    !!payload &&
    payload.view_as === undefined &&
    typeof payload.auth_time === 'number' &&
    typeof payload.session_id === 'string' &&
    typeof payload.sub === 'string'
  );
}

/** The session of this request (refreshed when near expiry), or null. */
export async function readSession(cookies: Cookies): Promise<Session | null> {
  const token = cookies.get(SESSION_COOKIE);
  const verified = await verify<SessionPayload>(token);
  const payload = isSessionPayload(verified) ? verified : null;
  if (!payload || !token) {
    if (token) endSession(cookies);
    return null;
  }
  const now = Math.floor(Date.now() / 1000);
  const lifetime = payload.exp - payload.iat;
  if (payload.exp - now < lifetime / 3 && now - payload.auth_time < MAX_SESSION_HOURS * 3600) {
    await startSession(cookies, { id: payload.sub, email: payload.email ?? '' }, payload.tenant_id, { authTime: payload.auth_time, sessionId: payload.session_id });
  }
  const claims: Claims = {
    sub: payload.sub,
    role: 'authenticated',
    aud: 'authenticated',
    email: payload.email,
    tenant_id: payload.tenant_id,
    session_id: payload.session_id,
    auth_time: payload.auth_time,
  };
  return { userId: payload.sub, email: payload.email ?? '', tenantId: payload.tenant_id, claims, token };
}

/** Org switcher: the same session, acting in another tenant. */
export async function switchTenant(cookies: Cookies, session: Session, tenantId: string): Promise<void> {
  // The sign-in time carries over (a switch never extends the session's life).
  const current = await verify<SessionPayload>(cookies.get(SESSION_COOKIE));
  if (!isSessionPayload(current) || current.sub !== session.userId) throw new Error('The session to switch is not a session.');
  await startSession(cookies, { id: session.userId, email: session.email }, tenantId, { authTime: current.auth_time, sessionId: current.session_id });
}

/** A7: claims for the viewed member plus the view_as flag the database refuses changes under. */
export async function startViewAs(cookies: Cookies, viewer: Session, viewed: { member_id: string; user_id: string; tenant_id: string; display_name: string }): Promise<void> {
  const token = await sign(
    {
      sub: viewed.user_id,
      role: 'authenticated',
      aud: 'authenticated',
      tenant_id: viewed.tenant_id,
      // The viewer's session: when it ends (sign-out), so does the view, copies included.
      view_as: { viewer_user_id: viewer.userId, member_id: viewed.member_id, viewer_session_id: viewer.claims.session_id },
      display_name: viewed.display_name,
    },
    VIEW_AS_MINUTES,
  );
  cookies.set(VIEW_AS_COOKIE, token, cookieOptions(VIEW_AS_MINUTES * 60));
}

export function endViewAs(cookies: Cookies): void {
  cookies.delete(VIEW_AS_COOKIE, { path: '/' });
}

/** The view-as state, only for the viewer who started it. */
export async function readViewAs(cookies: Cookies, viewer: Session | null): Promise<ViewAsSession | null> {
  const token = cookies.get(VIEW_AS_COOKIE);
  if (!token) return null;
  const payload = await verify<Claims & { display_name: string }>(token);
  if (!payload || !payload.view_as || !viewer || payload.view_as.viewer_user_id !== viewer.userId || !payload.tenant_id) {
    endViewAs(cookies);
    return null;
  }
  const claims: Claims = { sub: payload.sub, role: 'authenticated', aud: 'authenticated', tenant_id: payload.tenant_id, view_as: payload.view_as };
  return {
    viewerUserId: viewer.userId,
    memberId: payload.view_as.member_id,
    userId: payload.sub,
    tenantId: payload.tenant_id,
    displayName: payload.display_name,
    claims,
    token,
  };
}
