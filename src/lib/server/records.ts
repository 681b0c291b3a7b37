// What every record page shows besides its rows (V1–V7, A7): who is looking,
// as the database describes them (their member detail, the scope of each of
// their permissions), and names for the ids the rows carry (orgs, and the
// members this person may see). Nothing here decides which rows are shown.
import type { RbacClient } from '$lib/client';
import type { Scope, UserType, Visibility } from '$lib/client/schemas';

export interface Viewer {
  memberId: string;
  userType: UserType;
  homeOrg: string;
  /** T2: extra accessible orgs, by name. */
  otherOrgs: string[];
  /** A1/V5: the teams (groups) they are in, by id. */
  groupIds: string[];
  /** V1: account visibility and the AMS assignees whose books they see, by id. */
  visibility: Visibility;
  assigneeIds: string[];
}

export interface RecordContext {
  viewer: Viewer | null;
  /** P3: the scope the database grants a permission with (null: not held). */
  scope: (permission: string) => Scope | null;
  orgName: (orgId: string) => string;
  /** The tenant's orgs this person may see, by name (places a record may be moved to; the database decides). */
  orgs: { id: string; name: string }[];
  /** null when there is no member; a placeholder for a member this person may not see. */
  memberName: (memberId: string | null) => string | null;
}

const UNSEEN_MEMBER = 'another member';

/** Names of these members, those this person may see, asked 100 ids at a time (the ids travel in the URL through PostgREST). */
export async function namesOfMembers(rbac: RbacClient, tenantId: string, ids: Iterable<string>): Promise<{ id: string; display_name: string }[]> {
  const all = [...new Set(ids)];
  const batches: string[][] = [];
  for (let i = 0; i < all.length; i += 100) batches.push(all.slice(i, i + 100));
  return (await Promise.all(batches.map((batch) => rbac.members.names({ tenantId, ids: batch })))).flat();
}

/** What the root layout already asked the database for this request (memberships, scopes); not asked again. */
export interface LayoutFacts {
  memberships: { tenantId: string; memberId: string }[];
  scopes: Record<string, Scope | null>;
}

/** memberIds: the members the page's rows name, whose names to read (those this person may see). */
export async function loadRecordContext(rbac: RbacClient, tenantId: string, layout: LayoutFacts, options: { memberIds?: (string | null)[] } = {}): Promise<RecordContext> {
  const named = [...new Set((options.memberIds ?? []).filter((m): m is string => m !== null))];
  const me = layout.memberships.find((m) => m.tenantId === tenantId);
  const [detail, orgs, members] = await Promise.all([
    me ? rbac.members.detail({ memberId: me.memberId }) : null,
    rbac.orgs.list({ tenantId }),
    namesOfMembers(rbac, tenantId, named),
  ]);
  const orgNames = new Map(orgs.map((o) => [o.id, o.name]));
  const memberNames = new Map(members.map((m) => [m.id, m.display_name]));
  return {
    viewer: detail && {
      memberId: detail.id,
      userType: detail.user_type,
      homeOrg: detail.home_org_name,
      otherOrgs: detail.accessible_org_ids.map((o) => orgNames.get(o) ?? '?'),
      groupIds: detail.group_ids,
      visibility: detail.visibility,
      assigneeIds: detail.assignee_ids,
    },
    scope: (permission) => layout.scopes[permission] ?? null,
    orgName: (orgId) => orgNames.get(orgId) ?? '?',
    orgs: orgs.map((o) => ({ id: o.id, name: o.name })),
    memberName: (memberId) => (memberId === null ? null : (memberNames.get(memberId) ?? UNSEEN_MEMBER)),
  };
}

/** Record pages show one page of rows at a time (?offset=); the reads cap it. */
export const RECORD_PAGE = 100;

export function recordPage(url: URL): { offset: number; limit: number } {
  const offset = Number.parseInt(url.searchParams.get('offset') ?? '0', 10);
  return { offset: Number.isFinite(offset) ? Math.min(Math.max(offset, 0), 10_000_000) : 0, limit: RECORD_PAGE };
}
