// U6: deactivate, reassigning open work items to an active member first.
import { redirect } from '@sveltejs/kit';
import { deactivateForm } from '$lib/forms/members';
import { formAction } from '$lib/server/forms';
import { loadOrFail, requireTenant } from '$lib/server/guard';
import { pickMembers } from '$lib/server/member-picker';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  const [member, openWork, pick] = await loadOrFail(
    Promise.all([rbac.members.detail({ memberId: params.id }), rbac.members.openWork({ memberId: params.id }), pickMembers(rbac, tenantId, url, [params.id])]),
  );
  return { member, openWork, pick };
};

export const actions: Actions = {
  default: formAction(deactivateForm, async (input, { locals, params }) => {
    await locals.rbac.members.deactivate({ memberId: params.id ?? '', ...input });
    redirect(303, `/admin/users/${params.id}`);
  }),
};
