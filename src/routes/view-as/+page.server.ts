// A7: stop viewing as a member (starting is on /admin/view-as). This path
// always runs with the administrator's own session.
import { redirect } from '@sveltejs/kit';
import { endViewAs } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/admin/view-as');

export const actions: Actions = {
  stop: async ({ cookies }) => {
    endViewAs(cookies);
    redirect(303, '/admin/view-as');
  },
};
