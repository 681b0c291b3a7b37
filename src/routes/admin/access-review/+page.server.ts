// L2: who can do X and through what, which roles can write module M, who
// holds admin-type rights, unused roles, role lint, and the sign-off.
import { fromQuery } from '$lib/forms/fields';
import { reviewQuery, signOffForm } from '$lib/forms/admin';
import { formAction } from '$lib/server/forms';
import { loadOrFail, requireTenant } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';
import { allRows } from '$lib/server/paging';

export const load: PageServerLoad = async ({ locals, url }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  const query = fromQuery(reviewQuery, url.searchParams);
  const [admins, permissions, modules] = await loadOrFail(Promise.all([rbac.accessReview.adminHolders({ tenantId }), rbac.roles.permissions({ tenantId }), rbac.roles.modules({ tenantId })]));
  const [whoCan, moduleAccess, unused, lint] = await Promise.all([
    query.permission ? loadOrFail(rbac.accessReview.whoCan({ tenantId, permission: query.permission })) : null,
    query.module ? loadOrFail(rbac.accessReview.moduleAccess({ tenantId, module: query.module })) : null,
    allRows((offset, limit) => rbac.roles.list({ tenantId, unused: true, offset, limit }), 500).catch(() => null),
    rbac.roles.lint({ tenantId }).catch(() => null),
  ]);
  return { query, admins, whoCan, moduleAccess, unused, lint, permissionKeys: permissions.map((p) => p.key).sort(), moduleKeys: modules.filter((m) => m.installed).map((m) => m.key) };
};

export const actions: Actions = {
  signOff: formAction(signOffForm, async ({ notes }, { locals }) => {
    const entry = await locals.rbac.accessReview.signOff({ tenantId: locals.tenantId ?? '', notes });
    return { signedOff: entry };
  }, 'signOff'),
};
