// T2: the org switcher. The session then acts in the chosen tenant; the
// database checks the membership on every call anyway.
import { error, redirect } from '@sveltejs/kit';
import { switchForm } from '$lib/forms/auth';
import { formAction } from '$lib/server/forms';
import { requireSession } from '$lib/server/guard';
import { clientFor } from '$lib/server/client';
import { endViewAs, switchTenant } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
  default: formAction(switchForm, async ({ tenantId, next }, { cookies, locals, url }) => {
    const session = requireSession(locals, url);
    // The person's own memberships, never those of a member being viewed
    // (A7: during view-as locals.rbac acts as that member); a switch ends the view.
    const memberships = await clientFor(session.claims, session.token).me.memberships();
    if (!memberships.some((m) => m.tenant_id === tenantId && m.status === 'active')) error(403, { message: 'You are not an active member of this organization.' });
    endViewAs(cookies);
    await switchTenant(cookies, session, tenantId);
    redirect(303, next?.startsWith('/admin') ? '/admin' : (next ?? '/'));
  }),
};
