// Navigation comes from the database's answer for this person (or for the
// member being viewed as): their organizations, their effective permissions,
// and whether they may enter the Admin area (P5).
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
  const { session, viewAs, rbac, tenantId } = locals;
  if (!session) return { user: null, viewAs: null, memberships: [], tenantId: null, permissions: [], canAccessAdmin: false };
  const [memberships, permissions, canAccessAdmin] = tenantId
    ? await Promise.all([rbac.me.memberships(), rbac.me.permissions({ tenantId }), rbac.me.canAccessAdmin({ tenantId })])
    : [await rbac.me.memberships(), [], false];
  return {
    user: { email: session.email },
    viewAs: viewAs ? { displayName: viewAs.displayName, memberId: viewAs.memberId } : null,
    memberships: memberships.map((m) => ({ tenantId: m.tenant_id, name: m.tenant_name, status: m.status, memberId: m.member_id, displayName: m.display_name })),
    tenantId,
    permissions: permissions.map((p) => p.permission),
    canAccessAdmin,
  };
};
