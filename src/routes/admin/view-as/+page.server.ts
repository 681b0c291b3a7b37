// A7: pick a member and see the app as they would: the database checks that
// you may (users.view, scope, their rights within yours) and audits it.
import { redirect } from '@sveltejs/kit';
import { viewAsForm } from '$lib/forms/admin';
import { formAction } from '$lib/server/forms';
import { loadOrFail, requireSession, requireTenant } from '$lib/server/guard';
import { pickMembers } from '$lib/server/member-picker';
import { startViewAs } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, parent }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  // Not oneself: viewing as oneself shows nothing new (and the database refuses it).
  const me = (await parent()).memberships.find((m) => m.tenantId === tenantId);
  return { pick: await loadOrFail(pickMembers(rbac, tenantId, url, me ? [me.memberId] : [])) };
};

export const actions: Actions = {
  start: formAction(viewAsForm, async ({ memberId }, { cookies, locals, url }) => {
    const session = requireSession(locals, url);
    const viewed = await locals.rbac.viewAs.start({ memberId });
    await startViewAs(cookies, session, viewed);
    redirect(303, '/');
  }),
};
