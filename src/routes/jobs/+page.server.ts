// P3/S5: the service jobs this person may see, straight from the table under
// its row-level policies (technicians: their own, as jobs.view is granted
// 'own'; managers: all of their org scope), technicians by name.
import { loadOrFail, requireTenant } from '$lib/server/guard';
import { loadRecordContext, recordPage } from '$lib/server/records';
import { z } from 'zod';
import { idField } from '$lib/forms/fields';
import { formAction } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, parent }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  const pageArgs = recordPage(url);
  const layout = await parent();
  const jobs = await loadOrFail(rbac.records.serviceJobs({ tenantId, ...pageArgs }));
  const ctx = await loadOrFail(loadRecordContext(rbac, tenantId, layout, { memberIds: jobs.map((j) => j.technician_member_id) }));
  return {
    page: { ...pageArgs, shown: jobs.length },
    viewer: ctx.viewer,
    scope: ctx.scope('jobs.view'),
    canComplete: ctx.scope('jobs.edit') !== null,
    jobs: jobs.map((j) => ({ ...j, org: ctx.orgName(j.org_id), technician: ctx.memberName(j.technician_member_id) })),
  };
};

export const actions: Actions = {
  complete: formAction(z.object({ jobId: idField }), async (input, { locals }) => (await locals.rbac.records.completeJob(input), { done: 'Job completed.' }), 'complete'),
};
