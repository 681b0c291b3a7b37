// Navigation comes from the database's answer for this person (or for the
// member being viewed as): their organizations, their effective permissions,
// and whether they may enter the Admin area (P5).
import type { LayoutServerLoad } from './$types';

interface Membership {
  tenantId: string;
  name: string;
  status: string;
  memberId: string;
  displayName: string;
}

export const load: LayoutServerLoad = async ({ locals }) => {
  const { session, viewAs, rbac, tenantId } = locals;
  if (!session) return { user: null, viewAs: null, memberships: [] as Membership[], tenantId: null, permissions: [] as string[], canAccessAdmin: false };
  const memberships = await rbac.me.memberships();
  const permissions: string[] = tenantId ? (await rbac.me.permissions({ tenantId })).map((p) => p.permission) : [];
  const canAccessAdmin = tenantId ? await rbac.me.canAccessAdmin({ tenantId }) : false;
  return {
    user: { email: session.email },
    viewAs: viewAs ? { displayName: viewAs.displayName, memberId: viewAs.memberId } : null,
    memberships: memberships.map((m): Membership => ({ tenantId: m.tenant_id, name: m.tenant_name, status: m.status, memberId: m.member_id, displayName: m.display_name })),
    tenantId,
    permissions,
    canAccessAdmin,
  };
};
