// V1/V6: the data record visibility is built from: the tenant's AMS assignees
// (whose books Assigned members see) and its sales territories (which limit
// what territory-filtered members see). Members get them on their own page.
import { assigneeForm, renameForm, territoryForm } from '$lib/forms/admin';
import { formAction } from '$lib/server/forms';
import { loadOrFail, requireTenant } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  const [assignees, territories, members] = await loadOrFail(
    Promise.all([
      rbac.members.assignees({ tenantId }),
      rbac.members.territories({ tenantId }),
      rbac.members.list({ tenantId, limit: 500 }),
    ]),
  );
  const names = new Map(members.map((m) => [m.id, m.display_name]));
  return {
    assignees: assignees.map((a) => ({ ...a, member_name: a.member_id ? (names.get(a.member_id) ?? null) : null })),
    territories,
    members: members.filter((m) => m.status === 'active').map((m) => ({ id: m.id, name: m.display_name })),
  };
};

export const actions: Actions = {
  createAssignee: formAction(assigneeForm, async (input, { locals }) => {
    await locals.rbac.members.createAssignee({ tenantId: locals.tenantId ?? '', ...input });
    return { done: 'AMS assignee added.' };
  }, 'createAssignee'),
  createTerritory: formAction(territoryForm, async (input, { locals }) => {
    await locals.rbac.members.createTerritory({ tenantId: locals.tenantId ?? '', ...input });
    return { done: 'Territory added.' };
  }, 'createTerritory'),
  renameAssignee: formAction(renameForm, async ({ id, name }, { locals }) => {
    await locals.rbac.members.renameAssignee({ assigneeId: id, name });
    return { done: 'AMS assignee renamed.' };
  }, 'renameAssignee'),
  renameTerritory: formAction(renameForm, async ({ id, name }, { locals }) => {
    await locals.rbac.members.renameTerritory({ territoryId: id, name });
    return { done: 'Territory renamed.' };
  }, 'renameTerritory'),
};
