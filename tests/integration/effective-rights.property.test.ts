// A1/A2/P2/P4 as a property: on random small worlds written straight into
// the rbac tables, rbac_private.member_grants gives every member exactly the
// rights the reference model (tests/model/effective-rights.ts) gives them.
// The core catalog every tenant starts with is left out of the comparison:
// generated modules are named mod0, mod1, … and only they are compared.
//
// Reproduce a failure with the seed it prints: FC_SEED=<seed> npx vitest run <this file>.
import crypto from 'node:crypto';
import fc from 'fast-check';
import type pg from 'pg';
import { expect, test } from 'vitest';
import { adminPool } from '../helpers/db.ts';
import { effectiveRights, type MemberStatus, type Scope, type World } from '../model/effective-rights.ts';

const NUM_RUNS = Number(process.env.FC_RUNS ?? 80);
const SEED = Number(process.env.FC_SEED ?? crypto.randomInt(2 ** 31));

// -----------------------------------------------------------------------------
// Random worlds: raw numbers first, turned into a consistent World afterwards
// (indices taken modulo what exists), so every shrink is still a valid world.
// -----------------------------------------------------------------------------

const weighted = <T>(...choices: [T, number][]): fc.Arbitrary<T> =>
  fc.oneof(...choices.map(([value, weight]) => ({ arbitrary: fc.constant(value), weight })));

const scope = fc.constantFrom<Scope>('own', 'team', 'all');

const rawWorld = fc.record({
  rbacEnabled: weighted([true, 6], [false, 1]),
  // org i + 1 hangs under org (parent % (i + 1)); org 0 is the root.
  orgParents: fc.array(fc.nat({ max: 15 }), { maxLength: 7 }),
  modules: fc.array(
    fc.record({
      subsectionOf: fc.option(fc.nat({ max: 15 }), { freq: 2 }),
      installed: weighted([true, 4], [false, 1]),
      actionsScoped: fc.array(fc.boolean(), { minLength: 2, maxLength: 4 }),
    }),
    { minLength: 2, maxLength: 4 },
  ),
  implications: fc.array(fc.tuple(fc.nat({ max: 15 }), fc.nat({ max: 15 })), { maxLength: 8 }),
  roles: fc.array(
    fc.record({
      kind: weighted<'employee' | 'company'>(['employee', 3], ['company', 1]),
      disabled: weighted([false, 4], [true, 1]),
      grantsAll: weighted([false, 7], [true, 1]),
      permissions: fc.array(fc.record({ permission: fc.nat({ max: 15 }), scope }), { maxLength: 6 }),
    }),
    { minLength: 1, maxLength: 6 },
  ),
  companyRoles: fc.array(fc.record({ org: fc.nat({ max: 15 }), role: fc.nat({ max: 15 }) }), { maxLength: 4 }),
  groups: fc.array(fc.record({ roles: fc.array(fc.nat({ max: 15 }), { maxLength: 2 }), members: fc.array(fc.nat({ max: 15 }), { maxLength: 3 }) }), {
    maxLength: 3,
  }),
  members: fc.array(
    fc.record({
      homeOrg: fc.nat({ max: 15 }),
      status: weighted<MemberStatus>(['active', 6], ['pending', 1], ['deactivated', 1], ['deleted', 1]),
      roles: fc.array(fc.nat({ max: 15 }), { maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 6 },
  ),
});

type RawWorld = typeof rawWorld extends fc.Arbitrary<infer T> ? T : never;

const pick = <T>(items: T[], n: number): T | undefined => (items.length === 0 ? undefined : items[n % items.length]);
const unique = <T>(items: (T | undefined)[]): T[] => [...new Set(items.filter((i): i is T => i !== undefined))];

function buildWorld(raw: RawWorld): World {
  const orgs: World['orgs'] = [{ id: 'org0', parent: null }];
  raw.orgParents.forEach((parent, i) => orgs.push({ id: `org${i + 1}`, parent: `org${parent % (i + 1)}` }));

  // Sub-sections hang under an earlier top-level module (one level, as the catalog allows).
  const modules: World['modules'] = [];
  const permissions: World['permissions'] = [];
  raw.modules.forEach((m, i) => {
    const topLevel = modules.filter((x) => x.parent === null);
    const parent = m.subsectionOf === null ? undefined : pick(topLevel, m.subsectionOf);
    const key = parent ? `${parent.key}.sub${i}` : `mod${i}`;
    modules.push({ key, parent: parent?.key ?? null, installed: m.installed });
    m.actionsScoped.forEach((scoped, j) => permissions.push({ key: `${key}.act${j}`, module: key, scoped }));
  });

  // Implications point from a later permission to an earlier one: never a cycle.
  const implications = new Map<string, { from: string; to: string }>();
  for (const [a, b] of raw.implications) {
    const [x, y] = [a % permissions.length, b % permissions.length];
    if (x === y) continue;
    const edge = { from: permissions[Math.max(x, y)].key, to: permissions[Math.min(x, y)].key };
    implications.set(`${edge.from}>${edge.to}`, edge);
  }

  const roles: World['roles'] = raw.roles.map((r, i) => {
    const chosen = new Map<string, Scope>();
    for (const { permission, scope } of r.permissions) {
      const p = permissions[permission % permissions.length];
      // As the API stores them: an unscoped action is always granted for all records.
      if (!chosen.has(p.key)) chosen.set(p.key, p.scoped ? scope : 'all');
    }
    return {
      id: `role${i}`,
      kind: r.kind,
      disabled: r.disabled,
      grantsAll: r.grantsAll,
      permissions: [...chosen].map(([permission, scope]) => ({ permission, scope })),
    };
  });
  const employeeRoles = roles.filter((r) => r.kind === 'employee').map((r) => r.id);
  const companyRoleIds = roles.filter((r) => r.kind === 'company').map((r) => r.id);

  const members: World['members'] = raw.members.map((m, i) => ({
    id: `member${i}`,
    homeOrg: pick(orgs, m.homeOrg)!.id,
    status: m.status,
    roles: unique(m.roles.map((n) => pick(employeeRoles, n))),
  }));

  const companyRoles = new Map<string, { org: string; role: string }>();
  for (const c of raw.companyRoles) {
    const role = pick(companyRoleIds, c.role);
    if (role) companyRoles.set(`${c.org % orgs.length}/${role}`, { org: pick(orgs, c.org)!.id, role });
  }

  return {
    rbacEnabled: raw.rbacEnabled,
    orgs,
    modules,
    permissions,
    implications: [...implications.values()],
    roles,
    companyRoles: [...companyRoles.values()],
    groups: raw.groups.map((g, i) => ({
      id: `group${i}`,
      roles: unique(g.roles.map((n) => pick(employeeRoles, n))),
      members: unique(g.members.map((n) => pick(members, n)?.id)),
    })),
    members,
  };
}

// -----------------------------------------------------------------------------
// Writing a world into a fresh tenant (superuser, inside the caller's transaction)
// -----------------------------------------------------------------------------

/** Inserts rows given as JSON objects; the columns are the objects' keys. */
async function insertRows(client: pg.PoolClient, table: string, columns: string, rows: object[]): Promise<void> {
  if (rows.length === 0) return;
  await client.query(`insert into ${table} (${columns}) select ${columns} from jsonb_populate_recordset(null::${table}, $1)`, [
    JSON.stringify(rows),
  ]);
}

/** Writes the world; returns the database id of every model id. */
async function writeWorld(client: pg.PoolClient, world: World): Promise<Map<string, string>> {
  const tenant: string = (await client.query(`select rbac_private.create_tenant('Property world') as id`)).rows[0].id;
  const ids = new Map<string, string>([['org0', tenant]]);
  const id = (modelId: string): string => {
    if (!ids.has(modelId)) ids.set(modelId, crypto.randomUUID());
    return ids.get(modelId)!;
  };
  await client.query('update rbac.tenants set rbac_enabled = $2 where id = $1', [tenant, world.rbacEnabled]);

  // One by one, parents first: the closure trigger reads the parent's ancestors.
  for (const org of world.orgs.slice(1)) {
    await client.query('insert into rbac.orgs (id, tenant_id, parent_id, name) values ($1, $2, $3, $4)', [id(org.id), tenant, id(org.parent!), org.id]);
  }
  for (const module of world.modules) {
    const actions = world.permissions
      .filter((p) => p.module === module.key)
      .map((p) => ({ action: p.key.slice(module.key.length + 1), scoped: p.scoped }));
    await client.query('select rbac_private.define_module($1, $2, $3, $4, p_installed => $5)', [
      tenant, module.key, module.key, JSON.stringify(actions), module.installed,
    ]);
  }
  const { rows: catalog } = await client.query<{ id: string; key: string }>('select id, key from rbac.permissions where tenant_id = $1', [tenant]);
  const permissionId = new Map(catalog.map((p) => [p.key, p.id]));

  await insertRows(client, 'rbac.permission_implications', 'tenant_id, permission_id, implied_id',
    world.implications.map((i) => ({ tenant_id: tenant, permission_id: permissionId.get(i.from), implied_id: permissionId.get(i.to) })));
  await client.query('select rbac_private.rebuild_permission_closure($1)', [tenant]);

  await insertRows(client, 'rbac.roles', 'id, tenant_id, org_id, name, kind, grants_all, disabled_at',
    world.roles.map((r) => ({
      id: id(r.id), tenant_id: tenant, org_id: tenant, name: r.id, kind: r.kind, grants_all: r.grantsAll,
      disabled_at: r.disabled ? new Date().toISOString() : null,
    })));
  await insertRows(client, 'rbac.role_permissions', 'tenant_id, role_id, permission_id, scope',
    world.roles.flatMap((r) => r.permissions.map((p) => ({ tenant_id: tenant, role_id: id(r.id), permission_id: permissionId.get(p.permission), scope: p.scope }))));
  await insertRows(client, 'rbac.org_company_roles', 'tenant_id, org_id, role_id',
    world.companyRoles.map((c) => ({ tenant_id: tenant, org_id: id(c.org), role_id: id(c.role) })));
  await insertRows(client, 'rbac.members', 'id, tenant_id, home_org_id, status, display_name',
    world.members.map((m) => ({ id: id(m.id), tenant_id: tenant, home_org_id: id(m.homeOrg), status: m.status, display_name: m.id })));
  await insertRows(client, 'rbac.member_roles', 'tenant_id, member_id, role_id',
    world.members.flatMap((m) => m.roles.map((r) => ({ tenant_id: tenant, member_id: id(m.id), role_id: id(r) }))));
  await insertRows(client, 'rbac.groups', 'id, tenant_id, org_id, name',
    world.groups.map((g) => ({ id: id(g.id), tenant_id: tenant, org_id: tenant, name: g.id })));
  await insertRows(client, 'rbac.group_members', 'tenant_id, group_id, member_id',
    world.groups.flatMap((g) => g.members.map((m) => ({ tenant_id: tenant, group_id: id(g.id), member_id: id(m) }))));
  await insertRows(client, 'rbac.group_roles', 'tenant_id, group_id, role_id',
    world.groups.flatMap((g) => g.roles.map((r) => ({ tenant_id: tenant, group_id: id(g.id), role_id: id(r) }))));
  return ids;
}

/** 'key:scope' per member, generated modules only, sorted. */
async function databaseRights(client: pg.PoolClient, world: World, ids: Map<string, string>): Promise<Map<string, string[]>> {
  const { rows } = await client.query<{ member: string; rights: string[] }>(
    `select m.id as member,
            coalesce(array_agg(p.key || ':' || g.scope order by p.key) filter (where p.key like 'mod%'), '{}') as rights
       from unnest($1::uuid[]) m(id)
       left join lateral rbac_private.member_grants(m.id) g on true
       left join rbac.permissions p on p.id = g.permission_id
      group by m.id`,
    [world.members.map((m) => ids.get(m.id))],
  );
  const byMember = new Map(rows.map((r) => [r.member, r.rights]));
  return new Map(world.members.map((m) => [m.id, byMember.get(ids.get(m.id)!) ?? []]));
}

function modelRights(world: World, memberId: string): string[] {
  return [...effectiveRights(world, memberId)].map(([key, scope]) => `${key}:${scope}`).sort();
}

// -----------------------------------------------------------------------------
// The property
// -----------------------------------------------------------------------------

test('A1/A2/P2/P4: database effective rights equal the reference model', async () => {
  const seen = { members: 0, withRights: 0, narrowScopes: 0 };
  const client = await adminPool().connect();
  try {
    await fc.assert(
      fc.asyncProperty(rawWorld, async (raw) => {
        const world = buildWorld(raw);
        await client.query('begin');
        try {
          const actual = await databaseRights(client, world, await writeWorld(client, world));
          for (const member of world.members) {
            const expected = modelRights(world, member.id);
            seen.members++;
            if (expected.length > 0) seen.withRights++;
            if (expected.some((r) => !r.endsWith(':all'))) seen.narrowScopes++;
            if (JSON.stringify(actual.get(member.id)) !== JSON.stringify(expected)) {
              throw new Error(
                `${member.id}: database ${JSON.stringify(actual.get(member.id))} but model ${JSON.stringify(expected)}\n` +
                  `world: ${JSON.stringify(world)}`,
              );
            }
          }
        } finally {
          await client.query('rollback');
        }
      }),
      { numRuns: NUM_RUNS, seed: SEED },
    );
  } catch (err) {
    const cause = (err as Error).cause instanceof Error ? `\n${((err as Error).cause as Error).message}` : '';
    throw new Error(`Reproduce with FC_SEED=${SEED}\n${(err as Error).message}${cause}`);
  } finally {
    client.release();
  }
  // The worlds were not trivial: rights were compared, some with narrow scopes.
  expect(seen.withRights, JSON.stringify(seen)).toBeGreaterThan(NUM_RUNS / 4);
  expect(seen.narrowScopes, JSON.stringify(seen)).toBeGreaterThan(0);
}, Math.max(60_000, NUM_RUNS * 250));
