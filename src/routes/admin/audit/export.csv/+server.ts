// L1: the filtered audit log as CSV (audit.export), every entry, page by page.
import { error } from '@sveltejs/kit';
import { auditQuery } from '$lib/forms/admin';
import { fromQuery } from '$lib/forms/fields';
import { csvStreamResponse } from '$lib/server/csv';
import { requireTenant } from '$lib/server/guard';
import { pages } from '$lib/server/paging';
import type { RequestHandler } from './$types';

const PAGE = 1000;

export const GET: RequestHandler = async ({ locals, url }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  if (!(await rbac.me.hasPermission({ permission: 'audit.export', tenantId }))) error(403, { message: 'You do not have the permission "Export the audit log" (audit.export).' });
  const { offset: _offset, ...filters } = fromQuery(auditQuery, url.searchParams);
  async function* rows(): AsyncGenerator<unknown[][]> {
    for await (const entries of pages((offset, limit) => rbac.audit.log({ tenantId, ...filters, offset, limit }), PAGE)) {
      yield entries.map((e) => [e.seq, e.at, e.actor_name, e.action, e.target_type, e.target_name ?? e.target_id ?? '', e.before, e.after, e.reason ?? '']);
    }
  }
  return csvStreamResponse('audit-log.csv', ['seq', 'at', 'actor', 'action', 'target_type', 'target', 'before', 'after', 'reason'], rows());
};
