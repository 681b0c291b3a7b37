// P5: the Admin area exists only for members holding an admin-type
// permission. Each page still asks the database, which refuses anyway.
import { error } from '@sveltejs/kit';
import { requireSession } from '$lib/server/guard';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ parent, locals, url }) => {
  requireSession(locals, url);
  const { canAccessAdmin, tenantId, permissions } = await parent();
  if (!canAccessAdmin || !tenantId) {
    error(403, { message: 'The Admin area is only for members whose roles include an admin-type permission (user management, role management, join requests, audit …). Ask an administrator to review your roles.' });
  }
  // U2: people waiting for an answer, counted on the Join Requests tab (the
  // requests the database shows this approver; nobody is mailed about them).
  const pendingJoinRequests = permissions.includes('join_requests.view')
    ? (await locals.rbac.joinRequests.list({ tenantId, status: 'pending' }).catch(() => [])).length
    : 0;
  return { pendingJoinRequests };
};
