// S4/P1: the manuals this person may see, straight from the table under its
// row-level policies; manuals in the trash (deleted_at set) come back only
// with manuals.trash.view. The page lists the rows it got in two tables.
import { loadOrFail, requireTenant } from '$lib/server/guard';
import { loadRecordContext, recordPage } from '$lib/server/records';
import { z } from 'zod';
import { idField } from '$lib/forms/fields';
import { formAction } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

const TRASH_SHOWN = 100;

export const load: PageServerLoad = async ({ locals, url, parent }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  const pageArgs = recordPage(url);
  const layout = await parent();
  // Live manuals page by page; the trash (oldest first) on its first page:
  // rows in the trash sort before live ones by deleted_at, so the first page
  // holds them all up to 100 (the database returns them only to those who
  // may see the trash).
  const [live, byTrashTime] = await loadOrFail(
    Promise.all([rbac.records.manuals({ tenantId, inTrash: null, ...pageArgs }), rbac.records.manualsByTrashTime({ tenantId, limit: TRASH_SHOWN })]),
  );
  const trashed = byTrashTime.filter((m) => m.deleted_at !== null);
  const ctx = await loadOrFail(loadRecordContext(rbac, tenantId, layout, { memberIds: [...live, ...trashed].flatMap((m) => [m.created_by, m.deleted_by]) }));
  const named = (m: (typeof live)[number]) => ({ ...m, org: ctx.orgName(m.org_id), author: ctx.memberName(m.created_by), deletedBy: ctx.memberName(m.deleted_by) });
  return {
    page: { ...pageArgs, shown: live.length },
    viewer: ctx.viewer,
    seesTrash: ctx.scope('manuals.trash.view') !== null,
    // Offered by the permissions the database gives; the database decides each row.
    canTrash: ctx.scope('manuals.delete') !== null,
    canRestore: ctx.scope('manuals.trash.restore') !== null,
    live: live.map(named),
    trash: trashed.map(named),
    trashFull: trashed.length === TRASH_SHOWN,
  };
};

const manualForm = z.object({ manualId: idField });

export const actions: Actions = {
  trash: formAction(manualForm, async (input, { locals }) => (await locals.rbac.records.trashManual(input), { done: 'Moved to the trash.' }), 'trash'),
  restore: formAction(manualForm, async (input, { locals }) => (await locals.rbac.records.restoreManual(input), { done: 'Restored.' }), 'restore'),
};
