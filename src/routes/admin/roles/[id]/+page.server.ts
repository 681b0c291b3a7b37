// R6/R5/R3/A4: a role's detail: the permission matrix of installed modules,
// the company types it is limited to, its assignable-role list, holders (to
// reassign before disabling), disable / restore / approve.
import { assignableForm, reasonForm } from '$lib/forms/roles';
import { gridFromMatrix } from '$lib/grid';
import { assignableView, limitedTypes } from '$lib/role-limits';
import { formAction } from '$lib/server/forms';
import { allRows } from '$lib/server/paging';
import { namesOfMembers } from '$lib/server/records';
import { error } from '@sveltejs/kit';
import { loadOrFail, requireTenant } from '$lib/server/guard';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  const [matrix, found, companyTypes, limitedTo, listed] = await loadOrFail(
    Promise.all([
      rbac.roles.matrix({ roleId: params.id }),
      rbac.roles.get({ roleId: params.id }),
      rbac.orgs.companyTypes({ tenantId }),
      rbac.roles.companyTypes({ roleId: params.id }),
      rbac.roles.assignableList({ roleId: params.id }),
    ]),
  );
  // Who holds it, and the roles the viewer may see to name the list's entries (null: the database refused).
  const [holders, roles, approvalRefusal] = await Promise.all([
    rbac.roles.holders({ roleId: params.id }).catch(() => null),
    allRows((offset, limit) => rbac.roles.list({ tenantId, includeDisabled: true, offset, limit }), 500).catch(() => null),
    rbac.roles.approvalRefusal({ roleId: params.id }).catch(() => 'Approval is not available to you.'),
  ]);
  if (!found[0]) error(404, { message: 'This role does not exist or you cannot see it.' });
  // S3: who approved the role's permissions, by name when the viewer may see them.
  const approver = found[0].approved_by
    ? ((await namesOfMembers(rbac, tenantId, [found[0].approved_by]).catch(() => []))[0]?.display_name ?? 'a member you cannot see')
    : null;
  return {
    role: found[0],
    approver,
    grid: gridFromMatrix(matrix),
    holders,
    hasCompanyTypes: companyTypes.length > 0,
    companyTypes: limitedTypes(companyTypes, limitedTo),
    assignable: assignableView(roles, listed),
    approvalRefusal,
  };
};

export const actions: Actions = {
  assignable: formAction(assignableForm, async ({ roleIds }, { locals, params }) => {
    await locals.rbac.roles.setAssignable({ roleId: params.id ?? '', assignableRoleIds: roleIds });
    return { done: roleIds.length ? 'Assignable roles saved. They apply from the holders\' next request.' : 'Assignable-role list removed.' };
  }, 'assignable'),
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
