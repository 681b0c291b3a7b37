// V1, V3, V4, V5, A3 as a property: on random small worlds (org trees,
// members with user types, visibility, AMS assignees, accessible orgs,
// teams, scoped rights and statuses; accounts with assignees and owners;
// quotes; conversations with agents and teams), the rows a member reads
// from the protected tables under RLS are exactly the rows a small
// TypeScript reference model says they may see.
//
// Reproduce a failure with the seed it prints: FC_SEED=<seed> npx vitest run <this file>.
import crypto from 'node:crypto';
import fc from 'fast-check';
import { afterAll, expect, test } from 'vitest';
import { adminPool, asUser, closePool, createUser, uniqueEmail } from '../helpers/db.ts';

const NUM_RUNS = Number(process.env.FC_RUNS ?? 40);
const SEED = Number(process.env.FC_SEED ?? crypto.randomInt(2 ** 31));

type UserType = 'company_admin' | 'administrator' | 'power_user' | 'private_user';
type Scope = 'own' | 'team' | 'all';

// -----------------------------------------------------------------------------
// The world, as indices (taken modulo what exists, so every shrink is valid)
// -----------------------------------------------------------------------------

interface World {
  orgParents: number[]; // org i + 1 hangs under org orgParents[i] % (i + 1); org 0 is the root
  assignees: number;
  teams: number;
  members: {
    homeOrg: number;
    userType: UserType;
    active: boolean;
    assigned: boolean;
    assignees: number[];
    accessibleOrgs: number[];
    teams: number[];
    accountsView: boolean;
    quotesView: boolean;
    conversations: Scope | null;
  }[];
  accounts: { org: number; owner: number | null; assignees: number[]; quotes: number }[];
  conversations: { org: number; agent: number | null; team: number | null }[];
}

const idx = fc.nat({ max: 15 });
const world: fc.Arbitrary<World> = fc.record({
  orgParents: fc.array(idx, { maxLength: 6 }),
  assignees: fc.integer({ min: 1, max: 4 }),
  teams: fc.integer({ min: 1, max: 3 }),
  members: fc.array(
    fc.record({
      homeOrg: idx,
      userType: fc.constantFrom<UserType>('company_admin', 'administrator', 'power_user', 'power_user', 'private_user'),
      active: fc.oneof({ arbitrary: fc.constant(true), weight: 5 }, { arbitrary: fc.constant(false), weight: 1 }),
      assigned: fc.boolean(),
      assignees: fc.array(idx, { maxLength: 3 }),
      accessibleOrgs: fc.array(idx, { maxLength: 2 }),
      teams: fc.array(idx, { maxLength: 2 }),
      accountsView: fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 }),
      quotesView: fc.boolean(),
      conversations: fc.constantFrom<Scope | null>('own', 'team', 'all', null),
    }),
    { minLength: 1, maxLength: 5 },
  ),
  accounts: fc.array(
    fc.record({ org: idx, owner: fc.option(idx), assignees: fc.array(idx, { maxLength: 2 }), quotes: fc.nat({ max: 2 }) }),
    { maxLength: 10 },
  ),
  conversations: fc.array(fc.record({ org: idx, agent: fc.option(idx), team: fc.option(idx) }), { maxLength: 8 }),
});

// -----------------------------------------------------------------------------
// The reference model
// -----------------------------------------------------------------------------

const mod = (i: number, n: number): number => i % n;
const orgCount = (w: World): number => w.orgParents.length + 1;
const parentOf = (w: World, org: number): number | null => (org === 0 ? null : mod(w.orgParents[org - 1], org));

function descendants(w: World, root: number): Set<number> {
  const out = new Set<number>([root]);
  for (let org = 1; org < orgCount(w); org += 1) {
    for (let p = parentOf(w, org); p !== null; p = parentOf(w, p)) if (p === root) out.add(org);
  }
  return out;
}

/** A3: the orgs a member's user type reaches. */
function scopeOrgs(w: World, m: World['members'][number]): Set<number> {
  const home = mod(m.homeOrg, orgCount(w));
  const roots = new Set([home, ...m.accessibleOrgs.map((o) => mod(o, orgCount(w)))]);
  if (m.userType === 'company_admin' || (m.userType === 'administrator' && home === 0)) return descendants(w, 0);
  if (m.userType === 'administrator') return new Set([...roots].flatMap((r) => [...descendants(w, r)]));
  return roots;
}

const memberAssignees = (w: World, m: World['members'][number]): Set<number> => new Set(m.assignees.map((a) => mod(a, w.assignees)));
const accountAssignees = (w: World, a: World['accounts'][number]): Set<number> => new Set(a.assignees.map((x) => mod(x, w.assignees)));
const ownerOf = (w: World, owner: number | null): number | null => (owner === null ? null : mod(owner, w.members.length));

function seesAccount(w: World, mi: number, ai: number): boolean {
  const m = w.members[mi];
  const a = w.accounts[ai];
  // quotes.view implies accounts.view in the catalog (P4).
  if (!m.active || !(m.accountsView || m.quotesView)) return false;
  if (!scopeOrgs(w, m).has(mod(a.org, orgCount(w)))) return false;
  if (m.userType === 'private_user') return ownerOf(w, a.owner) === mi; // V4
  if (m.assigned) {
    const mine = memberAssignees(w, m);
    return [...accountAssignees(w, a)].some((x) => mine.has(x)); // V1
  }
  return true;
}

function seesConversation(w: World, mi: number, ci: number): boolean {
  const m = w.members[mi];
  const c = w.conversations[ci];
  if (!m.active || m.conversations === null) return false;
  if (!scopeOrgs(w, m).has(mod(c.org, orgCount(w)))) return false;
  const mine = ownerOf(w, c.agent) === mi;
  if (m.userType === 'private_user' || m.conversations === 'own') return mine; // V4, P3
  if (m.conversations === 'team') {
    const teams = new Set(m.teams.map((t) => mod(t, w.teams)));
    return mine || (c.team !== null && teams.has(mod(c.team, w.teams))); // V5
  }
  return true;
}

// -----------------------------------------------------------------------------
// The world, written as the superuser
// -----------------------------------------------------------------------------

interface Written {
  tenantId: string;
  userIds: string[];
  accountIds: string[];
  quoteAccounts: Map<string, string>; // quote id → account id
  conversationIds: string[];
}

async function write(w: World): Promise<Written> {
  const db = adminPool();
  const q = async (sql: string, params: unknown[] = []): Promise<Record<string, string>[]> => (await db.query(sql, params)).rows;
  const [{ id: tenantId }] = await q('select rbac_private.create_tenant($1) as id', [`Visibility ${crypto.randomBytes(4).toString('hex')}`]);
  await q('select rbac_private.define_insurance_catalog($1), rbac_private.define_support_catalog($1)', [tenantId]);

  const orgs = [tenantId];
  for (let org = 1; org < orgCount(w); org += 1) {
    const [{ id }] = await q('insert into rbac.orgs (tenant_id, parent_id, name) values ($1, $2, $3) returning id', [
      tenantId, orgs[parentOf(w, org) as number], `Org ${org}`,
    ]);
    orgs.push(id);
  }
  const assignees = (await q('insert into rbac.assignees (tenant_id, name) select $1, $2 || g from generate_series(1, $3::int) g returning id', [
    tenantId, 'Assignee ', w.assignees,
  ])).map((r) => r.id);
  const teams = (await q('insert into rbac.groups (tenant_id, org_id, name) select $1, $1, $2 || g from generate_series(1, $3::int) g returning id', [
    tenantId, `Team ${tenantId.slice(0, 8)} `, w.teams,
  ])).map((r) => r.id);

  const userIds: string[] = [];
  const memberIds: string[] = [];
  for (const [i, m] of w.members.entries()) {
    const email = uniqueEmail('vis');
    const userId = await createUser(email);
    const permissions = [
      ...(m.accountsView ? ['accounts.view:all'] : []),
      ...(m.quotesView ? ['quotes.view:all'] : []),
      ...(m.conversations ? [`conversations.view:${m.conversations}`] : []),
    ];
    const [{ id: roleId }] = await q(
      `with role as (insert into rbac.roles (tenant_id, org_id, name) values ($1, $1, $2) returning id),
            perms as (insert into rbac.role_permissions (tenant_id, role_id, permission_id, scope)
                      select $1, role.id, p.id, split_part(k, ':', 2)::rbac.scope
                        from role, unnest($3::text[]) k join rbac.permissions p on p.tenant_id = $1 and p.key = split_part(k, ':', 1))
       select id from role`,
      [tenantId, `Role ${i}`, permissions],
    );
    const [{ id: memberId }] = await q('select rbac_private.insert_member($1, $2, $3, $4, $5, $6::rbac.user_type, $7::uuid[]) as id', [
      tenantId, userId, `Member ${i}`, email, orgs[mod(m.homeOrg, orgs.length)], m.userType, [roleId],
    ]);
    await q('select rbac_private.apply_member_visibility($1, $2::rbac.visibility, $3::uuid[])', [
      memberId, m.assigned ? 'assigned' : 'all', [...memberAssignees(w, m)].map((a) => assignees[a]),
    ]);
    await q('insert into rbac.member_orgs (tenant_id, member_id, org_id) select $1, $2, unnest($3::uuid[]) on conflict do nothing', [
      tenantId, memberId, [...new Set(m.accessibleOrgs.map((o) => orgs[mod(o, orgs.length)]))],
    ]);
    await q('insert into rbac.group_members (tenant_id, group_id, member_id) select $1, unnest($2::uuid[]), $3 on conflict do nothing', [
      tenantId, [...new Set(m.teams.map((t) => teams[mod(t, teams.length)]))], memberId,
    ]);
    if (!m.active) await q(`update rbac.members set status = 'deactivated' where id = $1`, [memberId]);
    userIds.push(userId);
    memberIds.push(memberId);
  }

  const accountIds: string[] = [];
  const quoteAccounts = new Map<string, string>();
  for (const [i, a] of w.accounts.entries()) {
    const org = orgs[mod(a.org, orgs.length)];
    const owner = ownerOf(w, a.owner);
    const [{ id }] = await q('insert into public.accounts (tenant_id, org_id, name, owner_member_id) values ($1, $2, $3, $4) returning id', [
      tenantId, org, `Account ${i}`, owner === null ? null : memberIds[owner],
    ]);
    await q('insert into public.account_assignees (tenant_id, account_id, org_id, assignee_id) select $1, $2, $3, unnest($4::uuid[])', [
      tenantId, id, org, [...accountAssignees(w, a)].map((x) => assignees[x]),
    ]);
    for (let k = 0; k < a.quotes; k += 1) {
      const [{ id: quoteId }] = await q('insert into public.quotes (tenant_id, org_id, account_id) values ($1, $2, $3) returning id', [tenantId, org, id]);
      quoteAccounts.set(quoteId, id);
    }
    accountIds.push(id);
  }
  const conversationIds: string[] = [];
  for (const [i, c] of w.conversations.entries()) {
    const agent = ownerOf(w, c.agent);
    const [{ id }] = await q(
      'insert into public.conversations (tenant_id, org_id, subject, assignee_member_id, team_id) values ($1, $2, $3, $4, $5) returning id',
      [tenantId, orgs[mod(c.org, orgs.length)], `Conversation ${i}`, agent === null ? null : memberIds[agent], c.team === null ? null : teams[mod(c.team, teams.length)]],
    );
    conversationIds.push(id);
  }
  return { tenantId, userIds, accountIds, quoteAccounts, conversationIds };
}

async function readIds(userId: string, table: string): Promise<string[]> {
  return asUser(userId, async (c) => (await c.query(`select id from public.${table} order by id`)).rows.map((r) => r.id as string));
}

// -----------------------------------------------------------------------------
// The property
// -----------------------------------------------------------------------------

afterAll(closePool);

test('V1/V3/V4/V5/A3: every member reads exactly the accounts, quotes and conversations the reference model allows', async () => {
  console.log(`visibility property: seed ${SEED}, ${NUM_RUNS} runs`);
  await fc.assert(
    fc.asyncProperty(world, async (w) => {
      const written = await write(w);
      for (const [mi, userId] of written.userIds.entries()) {
        const accounts = written.accountIds.filter((_, ai) => seesAccount(w, mi, ai)).sort();
        expect(await readIds(userId, 'accounts'), `accounts of member ${mi}`).toEqual(accounts);

        const m = w.members[mi];
        const quotes = [...written.quoteAccounts.entries()]
          .filter(([, accountId]) => m.quotesView && accounts.includes(accountId))
          .map(([quoteId]) => quoteId)
          .sort();
        expect(await readIds(userId, 'quotes'), `quotes of member ${mi}`).toEqual(quotes);

        const conversations = written.conversationIds.filter((_, ci) => seesConversation(w, mi, ci)).sort();
        expect(await readIds(userId, 'conversations'), `conversations of member ${mi}`).toEqual(conversations);
      }
    }),
    { numRuns: NUM_RUNS, seed: SEED, endOnFailure: true },
  );
}, 120_000);
