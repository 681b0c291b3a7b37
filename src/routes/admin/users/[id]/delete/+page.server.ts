// U7: delete is final, and only for a deactivated member.
import { redirect } from '@sveltejs/kit';
import { deleteForm } from '$lib/forms/members';
import { formAction } from '$lib/server/forms';
import { loadOrFail, requireTenant } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
  const { rbac } = requireTenant(locals, url);
  return { member: await loadOrFail(rbac.members.detail({ memberId: params.id })) };
};

export const actions: Actions = {
  default: formAction(deleteForm, async ({ reason }, { locals, params }) => {
    await locals.rbac.members.remove({ memberId: params.id ?? '', reason });
    redirect(303, '/admin/users');
  }),
};
