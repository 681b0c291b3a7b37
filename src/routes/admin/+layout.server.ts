// P5: the Admin area exists only for members holding an admin-type
// permission. Each page still asks the database, which refuses anyway.
import { error } from '@sveltejs/kit';
import { requireSession } from '$lib/server/guard';
import { ADMIN_TABS } from './tabs';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ parent, locals, url }) => {
  requireSession(locals, url);
  const { canAccessAdmin, tenantId, permissions } = await parent();
  if (!canAccessAdmin || !tenantId) {
    error(403, { message: 'The Admin area is only for members whose roles include an admin-type permission (user management, role management, join requests, audit …). Ask an administrator to review your roles.' });
  }
  // Each tab's pages need the permission that shows the tab (tabs.ts); the
  // database decides whether the person holds it (the root layout asked it).
  // Most pages' own reads would be refused anyway; the Roles app's list is
  // not, because assigning roles needs their names (seed 003: only
  // administrators open the Roles app).
  const tab = ADMIN_TABS.find((t) => url.pathname === t.href || url.pathname.startsWith(`${t.href}/`));
  if (tab && !permissions.includes(tab.permission)) {
    error(403, { message: `${tab.label} is only for members whose roles include the permission ${tab.permission}.` });
  }
  // U2: people waiting for an answer, counted on the Join Requests tab (the
  // requests the database shows this approver; nobody is mailed about them).
  const pendingJoinRequests = permissions.includes('join_requests.view')
    ? (await locals.rbac.joinRequests.list({ tenantId, status: 'pending' }).catch(() => [])).length
    : 0;
  return { pendingJoinRequests };
};
