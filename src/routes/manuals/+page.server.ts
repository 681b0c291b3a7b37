// S4/P1: the manuals this person may see, straight from the table under its
// row-level policies; manuals in the trash (deleted_at set) come back only
// with manuals.trash.view. The page lists the rows it got in two tables.
import { loadOrFail, requireTenant } from '$lib/server/guard';
import { loadRecordContext, recordPage } from '$lib/server/records';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  const pageArgs = recordPage(url);
  const rows = await loadOrFail(rbac.records.manuals({ tenantId, ...pageArgs }));
  const ctx = await loadOrFail(loadRecordContext(rbac, tenantId, { memberIds: rows.flatMap((m) => [m.created_by, m.deleted_by]) }));
  const manuals = rows.map((m) => ({ ...m, org: ctx.orgName(m.org_id), author: ctx.memberName(m.created_by), deletedBy: ctx.memberName(m.deleted_by) }));
  return {
    page: { ...pageArgs, shown: rows.length },
    viewer: ctx.viewer,
    seesTrash: ctx.scope('manuals.trash.view') !== null,
    live: manuals.filter((m) => m.deleted_at === null),
    trash: manuals.filter((m) => m.deleted_at !== null),
  };
};
