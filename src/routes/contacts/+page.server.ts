// S3: the support desk's contacts this person may see (contacts.view, by org
// scope), straight from the table under its row-level policies.
import { loadOrFail, requireTenant } from '$lib/server/guard';
import { loadRecordContext, recordPage } from '$lib/server/records';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, parent }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  const pageArgs = recordPage(url);
  const layout = await parent();
  const [ctx, contacts] = await loadOrFail(Promise.all([loadRecordContext(rbac, tenantId, layout), rbac.records.contacts({ tenantId, ...pageArgs })]));
  return {
    page: { ...pageArgs, shown: contacts.length }, viewer: ctx.viewer, contacts: contacts.map((c) => ({ ...c, org: ctx.orgName(c.org_id) })) };
};
