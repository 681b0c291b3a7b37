// A1: groups and teams: members inherit a group's roles.
import { groupForm } from '$lib/forms/admin';
import { formAction } from '$lib/server/forms';
import { loadOrFail, requireTenant } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  const [groups, memberships, orgs] = await loadOrFail(Promise.all([rbac.groups.list({ tenantId }), rbac.groups.memberships({ tenantId }), rbac.orgs.list({ tenantId })]));
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  return {
    orgs,
    groups: groups.map((g) => ({ ...g, org: orgName.get(g.org_id) ?? '', members: memberships.filter((m) => m.group_id === g.id).length })),
  };
};

export const actions: Actions = {
  create: formAction(groupForm, async (input, { locals }) => {
    await locals.rbac.groups.create(input);
    return { created: true };
  }, 'create'),
};
