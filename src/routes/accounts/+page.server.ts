// V1–V4: the accounts this person may see, straight from the table under its
// row-level policies (nothing is filtered here), with their visibility.
import { loadOrFail, requireTenant } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  const memberships = await rbac.me.memberships();
  const me = memberships.find((m) => m.tenant_id === tenantId);
  const [accounts, orgs, assignees, detail] = await loadOrFail(
    Promise.all([rbac.records.accounts({ tenantId }), rbac.orgs.list({ tenantId }), rbac.members.assignees({ tenantId }), me ? rbac.members.detail({ memberId: me.member_id }) : null]),
  );
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const assigneeName = new Map(assignees.map((a) => [a.id, a.name]));
  return {
    me: detail ? { visibility: detail.visibility, userType: detail.user_type, assignees: detail.assignee_ids.map((a) => assigneeName.get(a) ?? '?') } : null,
    accounts: accounts.map((a) => ({ ...a, org: orgName.get(a.org_id) ?? '', assignees: a.assignee_ids.map((x) => assigneeName.get(x) ?? '?') })),
  };
};
