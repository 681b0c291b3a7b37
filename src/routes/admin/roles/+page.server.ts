// R6: the roles list: search (name, description), filters (kind, org, holds
// permission X, unused, disabled), sort, density, paging, CSV export. Only
// roles the viewer may see are listed (the database decides).
import { fromQuery } from '$lib/forms/fields';
import { roleListQuery } from '$lib/forms/roles';
import { loadOrFail, requireTenant } from '$lib/server/guard';
import { listArgs } from './query';
import type { PageServerLoad } from './$types';

const PAGE = 25;

export const load: PageServerLoad = async ({ locals, url }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  const query = fromQuery(roleListQuery, url.searchParams);
  const [roles, orgs, permissions] = await loadOrFail(
    Promise.all([rbac.roles.list({ ...listArgs(tenantId, query), limit: PAGE, offset: query.offset }), rbac.orgs.list({ tenantId }), rbac.roles.permissions({ tenantId })]),
  );
  return { roles, orgs, permissionKeys: permissions.map((p) => p.key).sort(), query, limit: PAGE, total: roles[0]?.total_count ?? 0 };
};
