// Member pickers (who takes over open work, whom to view as): a tenant may
// have tens of thousands of members, so a picker offers the first matches of
// a search (?who=, name or email) and says how many there are, instead of
// the first page of everyone. Which members the caller may see and pick is
// the database's answer (list_members under the caller's scope).
import type { RbacClient } from '$lib/client';

export const PICK_LIMIT = 100;

export interface MemberPick {
  search: string;
  options: Awaited<ReturnType<RbacClient['members']['list']>>;
  total: number;
}

export async function pickMembers(rbac: RbacClient, tenantId: string, url: URL): Promise<MemberPick> {
  const search = (url.searchParams.get('who') ?? '').trim().slice(0, 200);
  const options = await rbac.members.list({ tenantId, status: 'active', search: search || undefined, limit: PICK_LIMIT });
  return { search, options, total: Number(options[0]?.total_count ?? 0) };
}
