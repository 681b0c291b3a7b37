// V5/P3: the support conversations this person may see, straight from the
// table under its row-level policies (own, team or all, as conversations.view
// is granted; nothing is filtered here), with their teams and agents by name.
import { loadOrFail, requireTenant } from '$lib/server/guard';
import { loadRecordContext, recordPage } from '$lib/server/records';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, parent }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  const pageArgs = recordPage(url);
  const layout = await parent();
  const [conversations, groups] = await loadOrFail(Promise.all([rbac.records.conversations({ tenantId, ...pageArgs }), rbac.groups.list({ tenantId })]));
  const ctx = await loadOrFail(loadRecordContext(rbac, tenantId, layout, { memberIds: conversations.map((c) => c.assignee_member_id) }));
  const team = (groupId: string): string => groups.find((g) => g.id === groupId)?.name ?? '?';
  return {
    page: { ...pageArgs, shown: conversations.length },
    viewer: ctx.viewer,
    scope: ctx.scope('conversations.view'),
    teams: ctx.viewer?.groupIds.map(team) ?? [],
    conversations: conversations.map((c) => ({
      ...c,
      org: ctx.orgName(c.org_id),
      team: c.team_id && team(c.team_id),
      assignee: ctx.memberName(c.assignee_member_id),
    })),
  };
};
