// X1: signing out ends the session in the database too (public.end_session),
// so a copy of the cookie signs nobody in afterwards.
import { redirect } from '@sveltejs/kit';
import { clientFor } from '$lib/server/client';
import { endSession } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
  default: async ({ cookies, locals }) => {
    const session = locals.session;
    if (session) await clientFor(session.claims, session.token).me.endSession().catch(() => undefined);
    endSession(cookies);
    redirect(303, '/signin');
  },
};
