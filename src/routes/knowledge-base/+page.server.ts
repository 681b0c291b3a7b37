// S3: the knowledge base articles this person may read (knowledge_base.view,
// by org scope), straight from the table under its row-level policies.
import { loadOrFail, requireTenant } from '$lib/server/guard';
import { loadRecordContext, recordPage } from '$lib/server/records';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, parent }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  const pageArgs = recordPage(url);
  const layout = await parent();
  const [ctx, articles] = await loadOrFail(Promise.all([loadRecordContext(rbac, tenantId, layout), rbac.records.knowledgeArticles({ tenantId, ...pageArgs })]));
  return {
    page: { ...pageArgs, shown: articles.length }, viewer: ctx.viewer, articles: articles.map((a) => ({ ...a, org: ctx.orgName(a.org_id) })) };
};
