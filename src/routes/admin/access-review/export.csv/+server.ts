// L2: who can do X (with the path), or the admin-level holders, as CSV.
import { fromQuery } from '$lib/forms/fields';
import { reviewQuery } from '$lib/forms/admin';
import { csvResponse, toCsv } from '$lib/server/csv';
import { loadOrFail, requireTenant } from '$lib/server/guard';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  const { permission } = fromQuery(reviewQuery, url.searchParams);
  if (permission) {
    const rows = await loadOrFail(rbac.accessReview.whoCan({ tenantId, permission }));
    return csvResponse(`who-can-${permission}.csv`, toCsv(
      ['member', 'email', 'status', 'user_type', 'home_org', 'role', 'via', 'through_permission', 'role_scope', 'effective', 'effective_scope', 'blocked_by'],
      rows.map((r) => [r.display_name, r.email, r.status, r.user_type, r.home_org, r.role_name, r.via, r.granted_by_permission, r.role_scope, r.effective, r.effective_scope, r.blocked_by]),
    ));
  }
  const admins = await loadOrFail(rbac.accessReview.adminHolders({ tenantId }));
  return csvResponse('admin-holders.csv', toCsv(['member', 'email', 'user_type', 'home_org', 'full_administrator', 'admin_permissions'], admins.map((a) => [a.display_name, a.email, a.user_type, a.home_org, a.full_administrator, a.admin_permissions.join(' ')])));
};
