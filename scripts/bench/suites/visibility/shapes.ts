// The four query shapes of the accounts pages, each written three ways:
//   rls         as the member would send it: no visibility filter, RLS adds it
//   filtered    the same query with the member's equivalent filter hand-written
//   unfiltered  the same query over the whole tenant, no visibility at all
// The tenant filter is in all three: the app always lists one tenant (T2).
import type { VisibilityActor } from './actors.ts';

export type Way = 'rls' | 'filtered' | 'unfiltered';

export interface Shape {
  id: string;
  title: string;
  /** Targets on (a): list and open must stay interactive (p95 ≤ 5 ms). */
  p95LimitMs?: number;
  sql(tenantId: string, actor: VisibilityActor, way: Way): string;
}

/** A name prefix matching about 1 account in 800 (40 × 20 name combinations). */
export const SEARCH_PREFIX = 'Harbor Ro';
/** The first string after every string starting with SEARCH_PREFIX (its last character + 1). */
const SEARCH_END = SEARCH_PREFIX.slice(0, -1) + String.fromCharCode(SEARCH_PREFIX.charCodeAt(SEARCH_PREFIX.length - 1) + 1);

const visibility = (actor: VisibilityActor, way: Way): string => (way === 'filtered' ? ` and ${actor.filter}` : '');

export const SHAPES: Shape[] = [
  {
    id: 'list',
    title: 'list first 50 accounts by name',
    p95LimitMs: 5,
    sql: (t, actor, way) =>
      `select a.id, a.name, a.status from public.accounts a where a.tenant_id = '${t}'${visibility(actor, way)} order by a.name limit 50`,
  },
  {
    id: 'count',
    title: 'count visible accounts',
    sql: (t, actor, way) => `select count(*) as n from public.accounts a where a.tenant_id = '${t}'${visibility(actor, way)}`,
  },
  {
    id: 'open',
    title: 'open one account with its policies',
    p95LimitMs: 5,
    sql: (_t, actor, way) =>
      `select a.id, a.name, a.status, p.id as policy_id, p.policy_number, p.carrier, p.premium
         from public.accounts a left join public.insurance_policies p on p.account_id = a.id and p.tenant_id = a.tenant_id
        where a.id = '${actor.openAccountId}'${visibility(actor, way)} order by p.policy_number`,
  },
  {
    // A prefix as a range of names, not `like 'Harbor Ro%'`: under RLS Postgres
    // uses a user's condition as an index condition only when its operator is
    // leakproof (it would otherwise see rows the policy hides), and LIKE is
    // not, so a LIKE search reads the member's every visible row; the text
    // comparisons are. Equal to the prefix in this database's collation
    // (C.UTF-8 compares code points); a prefix search in the app should be written the same way.
    id: 'search',
    title: `search accounts by name prefix ("${SEARCH_PREFIX}")`,
    sql: (t, actor, way) =>
      `select a.id, a.name from public.accounts a
        where a.tenant_id = '${t}' and a.name >= '${SEARCH_PREFIX}' and a.name < '${SEARCH_END}'${visibility(actor, way)} order by a.name limit 50`,
  },
];
