// R4/R3: edit a role (permissions, company types); every holder gets the
// change on their next request. Narrowing the types under a holder is refused (RB014).
import { redirect } from '@sveltejs/kit';
import { roleForm } from '$lib/forms/roles';
import { gridFromMatrix } from '$lib/grid';
import { limitedTypes } from '$lib/role-limits';
import { formAction } from '$lib/server/forms';
import { error } from '@sveltejs/kit';
import { loadOrFail, requireTenant } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  const [matrix, found, companyTypes, limitedTo] = await loadOrFail(
    Promise.all([
      rbac.roles.matrix({ roleId: params.id }),
      rbac.roles.get({ roleId: params.id }),
      rbac.orgs.companyTypes({ tenantId }),
      rbac.roles.companyTypes({ roleId: params.id }),
    ]),
  );
  if (!found[0]) error(404, { message: 'This role does not exist or you cannot see it.' });
  return { role: found[0], grid: gridFromMatrix(matrix), companyTypes, companyTypeKeys: limitedTypes(companyTypes, limitedTo).map((t) => t.key) };
};

export const actions: Actions = {
  default: formAction(roleForm, async ({ name, description, permissions, companyTypeKeys, reason }, { locals, params }) => {
    const [role] = await locals.rbac.roles.get({ roleId: params.id ?? '' });
    // A role that grants everything keeps its permissions and types (the form does not offer them).
    const limits = role?.grants_all ? {} : { permissions, companyTypeKeys };
    await locals.rbac.roles.update({ roleId: params.id ?? '', name, description, ...limits, reason });
    redirect(303, `/admin/roles/${params.id}`);
  }),
};
