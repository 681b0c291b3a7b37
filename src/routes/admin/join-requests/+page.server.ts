// U2: people who signed up with the organization's email domain wait here
// with no access until approved (home organization, roles, user type,
// visibility) or rejected.
import { fromQuery } from '$lib/forms/fields';
import { approveForm, joinRequestListQuery, rejectForm } from '$lib/forms/members';
import { formAction } from '$lib/server/forms';
import { loadOrFail, requireTenant } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';
import { allRows } from '$lib/server/paging';
import { withRoleLabels } from '$lib/labels';

export const load: PageServerLoad = async ({ locals, url }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  const query = fromQuery(joinRequestListQuery, url.searchParams);
  const [requests, roles, assignees, orgs] = await loadOrFail(
    Promise.all([
      rbac.joinRequests.list({ tenantId, status: query.status }),
      allRows((offset, limit) => rbac.roles.list({ tenantId, kind: 'employee', offset, limit }), 500),
      rbac.members.assignees({ tenantId }),
      rbac.orgs.list({ tenantId }),
    ]),
  );
  // A4: per request, the roles the caller may give at the organization it is for.
  const orgIds = [...new Set(requests.map((r) => r.org_id))];
  const offered = await Promise.all(orgIds.map(async (orgId) => [orgId, withRoleLabels(await rbac.roles.assignable({ orgId }).catch(() => []), orgs)] as const));
  return { query, requests, roles, assignableAt: Object.fromEntries(offered), assignees, orgs };
};

export const actions: Actions = {
  approve: formAction(approveForm, async (input, { locals }) => {
    await locals.rbac.joinRequests.approve(input);
    return { decided: 'approved' };
  }, 'approve'),
  reject: formAction(rejectForm, async (input, { locals }) => {
    await locals.rbac.joinRequests.reject(input);
    return { decided: 'rejected' };
  }, 'reject'),
};
