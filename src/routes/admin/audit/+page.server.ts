// L1: the audit log with filters and paging, whether its hash chain is
// intact, and the fingerprint to keep outside (and to check one kept earlier).
import { auditQuery, fingerprintForm } from '$lib/forms/admin';
import { fromQuery } from '$lib/forms/fields';
import { formAction } from '$lib/server/forms';
import { loadOrFail, requireTenant } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

const PAGE = 50;

export const load: PageServerLoad = async ({ locals, url }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  const query = fromQuery(auditQuery, url.searchParams);
  const [entries, chain] = await loadOrFail(Promise.all([rbac.audit.log({ tenantId, ...query, limit: PAGE }), rbac.audit.verify({ tenantId })]));
  return { entries, chain, query: { ...query, from: url.searchParams.get('from') ?? '', to: url.searchParams.get('to') ?? '' }, limit: PAGE, total: entries[0]?.total_count ?? 0 };
};

export const actions: Actions = {
  fingerprint: formAction(fingerprintForm, async ({ seq, fingerprint }, { locals }) => ({
    checked: { seq, fingerprint, matches: await locals.rbac.audit.fingerprintMatches({ tenantId: locals.tenantId ?? '', seq, fingerprint }) },
  }), 'fingerprint'),
};
