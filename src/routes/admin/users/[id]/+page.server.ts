// U5/A8: one member: roles, user type, home org, visibility, AMS assignees,
// accessible orgs; reactivate; and why they have or lack a permission.
import { explainForm, memberAccessForm, memberRolesForm, memberTerritoriesForm } from '$lib/forms/members';
import { databaseAddress } from '$lib/server/config';
import { formAction } from '$lib/server/forms';
import { loadOrFail, requireTenant } from '$lib/server/guard';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { allRows } from '$lib/server/paging';
import { withRoleLabels } from '$lib/labels';

export const load: PageServerLoad = async ({ locals, url, params }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  const member = await loadOrFail(rbac.members.detail({ memberId: params.id }));
  const [roles, assignable, orgs, assignees, permissions, logins, territories, covered] = await loadOrFail(
    Promise.all([
      allRows((offset, limit) => rbac.roles.list({ tenantId, kind: 'employee', offset, limit }), 500),
      rbac.roles.assignable({ orgId: member.home_org_id }),
      rbac.orgs.list({ tenantId }),
      rbac.members.assignees({ tenantId }),
      rbac.roles.permissions({ tenantId }),
      rbac.sqlLogins.list({ tenantId }),
      rbac.members.territories({ tenantId }),
      rbac.members.memberTerritories({ memberId: params.id }),
    ]),
  );
  // A4: the database says which roles this person may give here; roles the
  // member holds beyond that are shown, kept, and cannot be untied here.
  const offered = new Set(assignable.map((r) => r.id));
  const roleChoices = withRoleLabels(roles, orgs)
    .filter((r) => offered.has(r.id) || member.role_ids.includes(r.id))
    .map((r) => ({ id: r.id, name: r.label, description: r.description, assignable: offered.has(r.id) }));
  // X3: the member's current SQL login, if the database lets this person see it.
  const sqlLogin = logins.find((l) => l.member_id === member.id && l.status !== 'revoked') ?? null;
  return {
    member,
    roles: roleChoices,
    orgs,
    assignees,
    permissionKeys: permissions.map((p) => p.key).sort(),
    sqlLogin,
    territories,
    territoryIds: covered.map((t) => t.territory_id),
  };
};

export const actions: Actions = {
  roles: formAction(memberRolesForm, async ({ roleIds, reason }, { locals, params }) => {
    await locals.rbac.members.setRoles({ memberId: params.id ?? '', roleIds, reason });
    return { saved: 'roles' };
  }, 'roles'),
  access: formAction(memberAccessForm, async (input, { locals, params }) => {
    await locals.rbac.members.update({ memberId: params.id ?? '', ...input });
    return { saved: 'access' };
  }, 'access'),
  territories: formAction(memberTerritoriesForm, async ({ territoryIds }, { locals, params }) => {
    await locals.rbac.members.setTerritories({ memberId: params.id ?? '', territoryIds });
    return { saved: 'territories' };
  }, 'territories'),
  reactivate: formAction(z.object({}), async (_input, { locals, params }) => {
    await locals.rbac.members.reactivate({ memberId: params.id ?? '' });
    return { saved: 'reactivate' };
  }, 'reactivate'),
  // X3: the password is in this one answer only; it is stored nowhere.
  createSqlLogin: formAction(z.object({}), async (_input, { locals, params }) => {
    const login = await locals.rbac.sqlLogins.create({ memberId: params.id ?? '' });
    return { saved: 'createSqlLogin', login: { ...login, ...databaseAddress() } };
  }, 'createSqlLogin'),
  revokeSqlLogin: formAction(z.object({}), async (_input, { locals, params }) => {
    await locals.rbac.sqlLogins.revoke({ memberId: params.id ?? '' });
    return { saved: 'revokeSqlLogin' };
  }, 'revokeSqlLogin'),
  explain: formAction(explainForm, async ({ permission }, { locals, params }) => {
    return { explanation: await locals.rbac.members.explain({ memberId: params.id ?? '', permission }) };
  }, 'explain'),
};
