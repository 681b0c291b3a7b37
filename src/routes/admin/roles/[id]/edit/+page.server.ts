// R4: edit a role; every holder gets the change on their next request.
import { redirect } from '@sveltejs/kit';
import { roleForm } from '$lib/forms/roles';
import { gridFromMatrix } from '$lib/grid';
import { formAction } from '$lib/server/forms';
import { error } from '@sveltejs/kit';
import { loadOrFail, requireTenant } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
  const { rbac } = requireTenant(locals, url);
  const [matrix, found] = await loadOrFail(Promise.all([rbac.roles.matrix({ roleId: params.id }), rbac.roles.get({ roleId: params.id })]));
  if (!found[0]) error(404, { message: 'This role does not exist or you cannot see it.' });
  return { role: found[0], grid: gridFromMatrix(matrix) };
};

export const actions: Actions = {
  default: formAction(roleForm, async ({ name, description, permissions }, { locals, params }) => {
    const [role] = await locals.rbac.roles.get({ roleId: params.id ?? '' });
    await locals.rbac.roles.update({ roleId: params.id ?? '', name, description, permissions: role?.grants_all ? undefined : permissions });
    redirect(303, `/admin/roles/${params.id}`);
  }),
};
