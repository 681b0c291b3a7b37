// X1/U1/U5: the Users tab: search, filters, paging, and the invite form
// (the link is mailed when a mail server is set up, and shown once; only its
// hash is kept).
import { z } from 'zod';
import { fromQuery } from '$lib/forms/fields';
import { inviteForm, memberListQuery } from '$lib/forms/members';
import { formAction } from '$lib/server/forms';
import { deliverInvitation } from '$lib/server/invitation-delivery';
import { loadOrFail, requireTenant } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';
import { allRows } from '$lib/server/paging';
import { withRoleLabels } from '$lib/labels';

const PAGE = 25;

export const load: PageServerLoad = async ({ locals, url, parent }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  const query = fromQuery(memberListQuery, url.searchParams);
  // A4: the invite form offers the roles the caller may give at their own
  // organization (the database's answer), not every role of the tenant.
  const me = (await parent()).memberships.find((m) => m.tenantId === tenantId);
  const [members, roles, orgs, assignees, tenant, inviteRoles] = await loadOrFail(
    Promise.all([
      rbac.members.list({ tenantId, ...query, limit: PAGE }),
      allRows((offset, limit) => rbac.roles.list({ tenantId, kind: 'employee', offset, limit }), 500),
      rbac.orgs.list({ tenantId }),
      rbac.members.assignees({ tenantId }),
      rbac.orgs.tenant({ tenantId }),
      me ? rbac.roles.assignable({ orgId: me.homeOrgId }).catch(() => []) : [],
    ]),
  );
  return { members, roles: withRoleLabels(roles, orgs), inviteRoles: withRoleLabels(inviteRoles, orgs), orgs, assignees, rbacEnabled: tenant[0]?.rbac_enabled ?? true, query, limit: PAGE, total: members[0]?.total_count ?? 0 };
};

export const actions: Actions = {
  enableRbac: formAction(z.object({}), async (_input, { locals }) => {
    const made = await locals.rbac.members.enableRbac({ tenantId: locals.tenantId ?? '' });
    return { done: `Role-based access control is on: ${made} member(s) became Administrators; narrow their access one by one.` };
  }, 'enableRbac'),
  invite: formAction(inviteForm, async (input, { locals, url }) => {
    const issued = await locals.rbac.invitations.invite(input);
    const delivery = await deliverInvitation(locals.rbac, issued.token, url.origin);
    return { invited: { email: input.email, expires: issued.expires_at, ...delivery } };
  }, 'invite'),
};
