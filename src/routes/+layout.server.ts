// Navigation comes from the database's answer for this person (or for the
// member being viewed as): their organizations, their effective permissions,
// and whether they may enter the Admin area (P5).
import type { Scope } from '$lib/client/schemas';
import type { LayoutServerLoad } from './$types';

type Scopes = Record<string, Scope | null>;

interface Membership {
  tenantId: string;
  name: string;
  status: string;
  memberId: string;
  displayName: string;
  homeOrgId: string;
}

export const load: LayoutServerLoad = async ({ locals }) => {
  const { session, viewAs, rbac, tenantId } = locals;
  if (!session) return { user: null, viewAs: null, memberships: [] as Membership[], tenantId: null, permissions: [] as string[], scopes: {} as Scopes, canAccessAdmin: false };
  const memberships = await rbac.me.memberships();
  const held = tenantId ? await rbac.me.permissions({ tenantId }) : [];
  const permissions: string[] = held.map((p) => p.permission);
  const canAccessAdmin = tenantId ? await rbac.me.canAccessAdmin({ tenantId }) : false;
  return {
    user: { email: session.email },
    viewAs: viewAs ? { displayName: viewAs.displayName, memberId: viewAs.memberId } : null,
    memberships: memberships.map((m): Membership => ({
      tenantId: m.tenant_id,
      name: m.tenant_name,
      status: m.status,
      memberId: m.member_id,
      displayName: m.display_name,
      homeOrgId: m.home_org_id,
    })),
    tenantId,
    permissions,
    // P3: the scope each is held with (own, team, all), for pages that say how a member sees records.
    scopes: Object.fromEntries(held.map((p) => [p.permission, p.scope])) as Scopes,
    canAccessAdmin,
  };
};
