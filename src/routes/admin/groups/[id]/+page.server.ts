// A1: one group: its members and the roles they get through it.
import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { groupMemberForm, groupRoleForm, groupUpdateForm } from '$lib/forms/admin';
import { formAction } from '$lib/server/forms';
import { loadOrFail, requireTenant } from '$lib/server/guard';
import { pickMembers } from '$lib/server/member-picker';
import { namesOfMembers } from '$lib/server/records';
import type { Actions, PageServerLoad } from './$types';
import { allRows } from '$lib/server/paging';
import { withRoleLabels } from '$lib/labels';

export const load: PageServerLoad = async ({ locals, url, params }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  const [groups, memberships, roleLinks, roles] = await loadOrFail(
    Promise.all([rbac.groups.list({ tenantId }), rbac.groups.memberships({ tenantId }), rbac.groups.roleLinks({ tenantId }), allRows((offset, limit) => rbac.roles.list({ tenantId, kind: 'employee', offset, limit }), 500).catch(() => [])]),
  );
  const group = groups.find((g) => g.id === params.id);
  if (!group) error(404, { message: 'This group does not exist in your organization.' });
  // Every member of the group the caller may see, by name (however many the
  // tenant has); candidates to add come from a search (member-picker).
  const inGroup = new Set(memberships.filter((m) => m.group_id === group.id).map((m) => m.member_id));
  const [names, pick] = await Promise.all([
    namesOfMembers(rbac, tenantId, inGroup).catch(() => []),
    pickMembers(rbac, tenantId, url, inGroup).catch(() => null),
  ]);
  const labelled = withRoleLabels(roles, roles.map((r) => ({ id: r.org_id, name: r.org_name })));
  const roleIds = new Set(roleLinks.filter((r) => r.group_id === group.id).map((r) => r.role_id));
  return {
    group,
    members: names.filter((m) => inGroup.has(m.id)),
    pick,
    groupRoles: labelled.filter((r) => roleIds.has(r.id)),
    otherRoles: labelled.filter((r) => !roleIds.has(r.id)),
  };
};

const gid = (params: Partial<Record<string, string>>): string => params.id ?? '';

export const actions: Actions = {
  update: formAction(groupUpdateForm, async (input, { locals, params }) => (await locals.rbac.groups.update({ groupId: gid(params), ...input }), { done: 'Group saved.' }), 'update'),
  addMember: formAction(groupMemberForm, async ({ memberId }, { locals, params }) => (await locals.rbac.groups.addMember({ groupId: gid(params), memberId }), { done: 'Member added: the group\'s roles apply from their next request.' }), 'addMember'),
  removeMember: formAction(groupMemberForm, async ({ memberId }, { locals, params }) => (await locals.rbac.groups.removeMember({ groupId: gid(params), memberId }), { done: 'Member removed from the group.' }), 'removeMember'),
  assignRole: formAction(groupRoleForm, async ({ roleId }, { locals, params }) => (await locals.rbac.groups.assignRole({ groupId: gid(params), roleId }), { done: 'Role given to every member of the group.' }), 'assignRole'),
  unassignRole: formAction(groupRoleForm, async ({ roleId }, { locals, params }) => (await locals.rbac.groups.unassignRole({ groupId: gid(params), roleId }), { done: 'Role removed from the group.' }), 'unassignRole'),
  remove: formAction(z.object({}), async (_input, { locals, params }) => {
    await locals.rbac.groups.remove({ groupId: gid(params) });
    redirect(303, '/admin/groups');
  }, 'remove'),
};
