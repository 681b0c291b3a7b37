// R6: the roles list as CSV, with the list's filters and sort: every role, not one page.
import { fromQuery } from '$lib/forms/fields';
import { roleListQuery } from '$lib/forms/roles';
import { csvResponse, toCsv } from '$lib/server/csv';
import { loadOrFail, requireTenant } from '$lib/server/guard';
import { allRows } from '$lib/server/paging';
import { listArgs } from '../query';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  const args = listArgs(tenantId, fromQuery(roleListQuery, url.searchParams));
  const roles = await loadOrFail(allRows((offset, limit) => rbac.roles.list({ ...args, offset, limit }), 500));
  const rows = roles.map((r) => [r.name, r.description, r.kind, r.org_name, r.system_key ?? '', r.holder_count, r.permission_count, r.created_at, r.updated_at, r.disabled_at ?? '']);
  return csvResponse('roles.csv', toCsv(['name', 'description', 'kind', 'organization', 'system', 'holders', 'permissions', 'created_at', 'updated_at', 'disabled_at'], rows));
};
