// Page guards. They only decide where to send someone; every right is
// enforced by the database, which refuses whatever these let through.
import { error, redirect } from '@sveltejs/kit';
import type { RbacClient } from '$lib/client';
import { DatabaseError, InputError, RbacError, statusFor } from '$lib/client';
import type { Session } from './session';

export function requireSession(locals: App.Locals, url: URL): Session {
  if (!locals.session) redirect(303, `/signin?next=${encodeURIComponent(url.pathname + url.search)}`);
  return locals.session;
}

/** The client of a signed-in request and the tenant it acts in. */
export function requireTenant(locals: App.Locals, url: URL): { rbac: RbacClient; tenantId: string } {
  requireSession(locals, url);
  if (!locals.tenantId) redirect(303, '/');
  return { rbac: locals.rbac, tenantId: locals.tenantId };
}

/** Loads fail with the database's sentence and the documented status, never a crash. */
export async function loadOrFail<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof RbacError) error(statusFor(err.code), { message: err.message, code: err.code });
    if (err instanceof InputError) error(404, { message: 'This page does not exist (the address is not valid).' });
    if (err instanceof DatabaseError && err.code === '42501') error(403, { message: 'You do not have access to this page.' });
    throw err;
  }
}
