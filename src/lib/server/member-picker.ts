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

/** exclude: members the picker must not offer (the one being deactivated, oneself, those already in). */
export async function pickMembers(rbac: RbacClient, tenantId: string, url: URL, exclude: Iterable<string> = []): Promise<MemberPick> {
  const search = (url.searchParams.get('who') ?? '').trim().slice(0, 200);
  const found = await rbac.members.list({ tenantId, status: 'active', search: search || undefined, limit: PICK_LIMIT });
  const skip = new Set(exclude);
  const options = found.filter((m) => !skip.has(m.id));
  return { search, options, total: Math.max(0, Number(found[0]?.total_count ?? 0) - (found.length - options.length)) };
}
