// L1: the filtered audit log as CSV (audit.export).
import { error } from '@sveltejs/kit';
import { auditQuery } from '$lib/forms/admin';
import { fromQuery } from '$lib/forms/fields';
import { csvResponse, toCsv } from '$lib/server/csv';
import { loadOrFail, requireTenant } from '$lib/server/guard';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  if (!(await rbac.me.hasPermission({ permission: 'audit.export', tenantId }))) error(403, { message: 'You do not have the permission "Export the audit log" (audit.export).' });
  const { offset: _offset, ...filters } = fromQuery(auditQuery, url.searchParams);
  const entries = await loadOrFail(rbac.audit.log({ tenantId, ...filters, limit: 1000 }));
  const rows = entries.map((e) => [e.seq, e.at, e.actor_name, e.action, e.target_type, e.target_name ?? e.target_id ?? '', e.before, e.after, e.reason ?? '']);
  return csvResponse('audit-log.csv', toCsv(['seq', 'at', 'actor', 'action', 'target_type', 'target', 'before', 'after', 'reason'], rows));
};
