// R2/R3/A4: a new role from the grid of installed modules. The database
// refuses permissions the creator lacks (RB010).
import { redirect } from '@sveltejs/kit';
import { newRoleForm } from '$lib/forms/roles';
import { gridFromCatalog } from '$lib/grid';
import { formAction } from '$lib/server/forms';
import { loadOrFail, requireTenant } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  const [modules, permissions, implications, orgs] = await loadOrFail(
    Promise.all([rbac.roles.modules({ tenantId }), rbac.roles.permissions({ tenantId }), rbac.roles.implications({ tenantId }), rbac.orgs.list({ tenantId })]),
  );
  return { grid: gridFromCatalog(modules, permissions, implications), orgs };
};

export const actions: Actions = {
  default: formAction(newRoleForm, async (input, { locals }) => {
    const id = await locals.rbac.roles.create(input);
    redirect(303, `/admin/roles/${id}`);
  }),
};
