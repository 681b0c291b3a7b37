// R6/R5: a role's detail: the permission matrix of installed modules,
// holders (to reassign before disabling), disable / restore / approve.
import { reasonForm } from '$lib/forms/roles';
import { gridFromMatrix } from '$lib/grid';
import { formAction } from '$lib/server/forms';
import { error } from '@sveltejs/kit';
import { loadOrFail, requireTenant } from '$lib/server/guard';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
  const { rbac } = requireTenant(locals, url);
  const [matrix, found] = await loadOrFail(Promise.all([rbac.roles.matrix({ roleId: params.id }), rbac.roles.get({ roleId: params.id })]));
  const holders = await rbac.roles.holders({ roleId: params.id }).catch(() => null);
  if (!found[0]) error(404, { message: 'This role does not exist or you cannot see it.' });
  return { role: found[0], grid: gridFromMatrix(matrix), holders };
};

export const actions: Actions = {
  disable: formAction(reasonForm, async ({ reason }, { locals, params }) => {
    await locals.rbac.roles.disable({ roleId: params.id ?? '', reason });
    return { done: 'Role disabled. Its holders lost its rights at once.' };
  }, 'disable'),
  restore: formAction(reasonForm, async ({ reason }, { locals, params }) => {
    await locals.rbac.roles.restore({ roleId: params.id ?? '', reason });
    return { done: 'Role restored.' };
  }, 'restore'),
  approve: formAction(z.object({}), async (_input, { locals, params }) => {
    await locals.rbac.roles.approve({ roleId: params.id ?? '' });
    return { done: 'Role approved.' };
  }, 'approve'),
};
