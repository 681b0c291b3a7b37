// R2/R3/A4: a new role from the grid of installed modules, or (R1) from a
// starter template. The database refuses permissions the creator lacks (RB010).
import { redirect } from '@sveltejs/kit';
import { newRoleForm, templateForm } from '$lib/forms/roles';
import { gridFromCatalog } from '$lib/grid';
import { formAction } from '$lib/server/forms';
import { loadOrFail, requireTenant } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  const [modules, permissions, implications, orgs, templates, companyTypes] = await loadOrFail(
    Promise.all([
      rbac.roles.modules({ tenantId }),
      rbac.roles.permissions({ tenantId }),
      rbac.roles.implications({ tenantId }),
      rbac.orgs.list({ tenantId }),
      rbac.roles.templates({ tenantId }),
      rbac.orgs.companyTypes({ tenantId }),
    ]),
  );
  return { grid: gridFromCatalog(modules, permissions, implications), orgs, templates, companyTypes };
};

export const actions: Actions = {
  create: formAction(newRoleForm, async (input, { locals }) => {
    const id = await locals.rbac.roles.create(input);
    redirect(303, `/admin/roles/${id}`);
  }, 'create'),
  template: formAction(templateForm, async (input, { locals }) => {
    const id = await locals.rbac.roles.createFromTemplate(input);
    redirect(303, `/admin/roles/${id}`);
  }, 'template'),
};
