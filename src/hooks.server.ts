// Each request: who is signed in (session JWT, refreshed near expiry), are
// they viewing as a member (A7), and the typed client acting for them.
import { sequence } from '@sveltejs/kit/hooks';
import type { Handle } from '@sveltejs/kit';
import { clientFor } from '$lib/server/client';
import { endSession, readSession, readViewAs } from '$lib/server/session';

const handleSession: Handle = async ({ event, resolve }) => {
  event.locals.session = await readSession(event.cookies);
  return resolve(event);
};

// A7: the view uses the member's claims with the view_as flag, always in a
// read-only transaction; the database refuses any change made with them.
const handleViewAs: Handle = async ({ event, resolve }) => {
  event.locals.viewAs = await readViewAs(event.cookies, event.locals.session);
  return resolve(event);
};

const handleClient: Handle = async ({ event, resolve }) => {
  const { session, viewAs } = event.locals;
  if (viewAs && !event.url.pathname.startsWith('/view-as')) {
    event.locals.rbac = clientFor(viewAs.claims, viewAs.token, { readOnly: true });
    event.locals.tenantId = viewAs.tenantId;
    return resolve(event);
  }
  event.locals.rbac = clientFor(session?.claims ?? null, session?.token ?? null);
  event.locals.tenantId = session ? await currentTenant(event.locals) : null;
  // X1: a cookie whose session was ended (signed out elsewhere, or a copy)
  // is still a valid token, but the database signs nobody in with it.
  if (session && !event.locals.tenantId && !(await event.locals.rbac.me.signedIn().catch(() => true))) {
    endSession(event.cookies);
    event.locals.session = null;
    event.locals.rbac = clientFor(null, null);
  }
  return resolve(event);
};

/** The session's tenant when the person is an active member there, else their first active one. */
async function currentTenant(locals: App.Locals): Promise<string | null> {
  try {
    const current = await locals.rbac.me.currentTenant();
    if (current) return current;
    const memberships = await locals.rbac.me.memberships();
    return memberships.find((m) => m.status === 'active')?.tenant_id ?? null;
  } catch {
    return null;
  }
}

// Headers every answer carries (the content policy itself is in
// svelte.config.js): no sniffing of types, no framing (older browsers), and
// no page address sent to other sites (invitation links hold tokens).
const handleHeaders: Handle = async ({ event, resolve }) => {
  const response = await resolve(event);
  response.headers.set('X-Content-Type-Options', 'nosniff');
  response.headers.set('X-Frame-Options', 'DENY');
  response.headers.set('Referrer-Policy', 'same-origin');
  return response;
};

export const handle = sequence(handleHeaders, handleSession, handleViewAs, handleClient);
