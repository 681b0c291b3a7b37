// L2: who can do X (with the path), which roles write module M, the unused
// roles, or the admin-level holders, as CSV.
import { fromQuery } from '$lib/forms/fields';
import { reviewQuery } from '$lib/forms/admin';
import { csvResponse, toCsv } from '$lib/server/csv';
import { loadOrFail, requireTenant } from '$lib/server/guard';
import { allRows } from '$lib/server/paging';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  const { permission, module } = fromQuery(reviewQuery, url.searchParams);
  if (permission) {
    const rows = await loadOrFail(rbac.accessReview.whoCan({ tenantId, permission }));
    return csvResponse(`who-can-${permission}.csv`, toCsv(
      ['member', 'email', 'status', 'user_type', 'home_org', 'role', 'via', 'through_permission', 'role_scope', 'effective', 'effective_scope', 'blocked_by'],
      rows.map((r) => [r.display_name, r.email, r.status, r.user_type, r.home_org, r.role_name, r.via, r.granted_by_permission, r.role_scope, r.effective, r.effective_scope, r.blocked_by]),
    ));
  }
  if (module) {
    const rows = await loadOrFail(rbac.accessReview.moduleAccess({ tenantId, module }));
    return csvResponse(`roles-writing-${module}.csv`, toCsv(['role', 'kind', 'actions', 'holders'], rows.map((r) => [r.role_name, r.kind, r.actions.join(' '), r.holders])));
  }
  if (url.searchParams.get('unused') === '1') {
    const roles = await loadOrFail(allRows((offset, limit) => rbac.roles.list({ tenantId, unused: true, offset, limit }), 500));
    return csvResponse('unused-roles.csv', toCsv(['role', 'kind', 'organization', 'created_at'], roles.map((r) => [r.name, r.kind, r.org_name, r.created_at])));
  }
  const admins = await loadOrFail(rbac.accessReview.adminHolders({ tenantId }));
  return csvResponse('admin-holders.csv', toCsv(['member', 'email', 'user_type', 'home_org', 'full_administrator', 'admin_permissions'], admins.map((a) => [a.display_name, a.email, a.user_type, a.home_org, a.full_administrator, a.admin_permissions.join(' ')])));
};
