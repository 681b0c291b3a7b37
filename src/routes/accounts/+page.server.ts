// V1–V4: the accounts this person may see, straight from the table under its
// row-level policies (nothing is filtered here), with their visibility.
import { loadOrFail, requireTenant } from '$lib/server/guard';
import { loadRecordContext, recordPage } from '$lib/server/records';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, parent }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  const pageArgs = recordPage(url);
  const layout = await parent();
  const [ctx, accounts, assignees] = await loadOrFail(
    Promise.all([loadRecordContext(rbac, tenantId, layout), rbac.records.accounts({ tenantId, ...pageArgs }), rbac.members.assignees({ tenantId })]),
  );
  const assignee = (assigneeId: string): string => assignees.find((a) => a.id === assigneeId)?.name ?? '?';
  return {
    page: { ...pageArgs, shown: accounts.length },
    viewer: ctx.viewer,
    assignees: ctx.viewer?.assigneeIds.map(assignee) ?? [],
    accounts: accounts.map((a) => ({ ...a, org: ctx.orgName(a.org_id), assignees: a.assignee_ids.map(assignee) })),
  };
};
