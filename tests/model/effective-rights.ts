// A reference model of effective rights (A1, A2, P2, P3, P4, R5, U4), written
// to be read, not to be fast. The property test
// tests/integration/effective-rights.property.test.ts checks on random worlds
// that rbac_private.member_grants, the database's one definition, agrees.
//
//   effective(member) = nothing, unless the member is active;
//                       otherwise  granted ∩ every company ceiling above them
//   granted           = ⋃ grants of the active roles they hold, directly or
//                       through a group (everything, while RBAC is off)
//   grants of a role  = its permissions and all they imply (transitively), in
//                       installed modules only; a grants_all role: everything
//   everything        = every permission of an installed module
//   ceiling of an org = ⋃ grants of its active company roles; an org on the
//                       home org's ancestor chain (itself included) with any
//                       company role caps, even if all of them are disabled
//                       (disabling a company role never widens anyone's rights)
//   scopes            own < team < all: the widest over grants, the narrowest
//                       over ceilings; an unscoped action always counts as all

export type Scope = 'own' | 'team' | 'all';
export type MemberStatus = 'pending' | 'active' | 'deactivated' | 'deleted';

export interface Org {
  id: string;
  parent: string | null;
}

export interface Module {
  /** 'accounts', or 'accounts.archive' for a sub-section of 'accounts'. */
  key: string;
  parent: string | null;
  installed: boolean;
}

export interface Permission {
  /** module key + '.' + action */
  key: string;
  module: string;
  scoped: boolean;
}

export interface Role {
  id: string;
  kind: 'employee' | 'company';
  disabled: boolean;
  grantsAll: boolean;
  permissions: { permission: string; scope: Scope }[];
}

export interface Group {
  id: string;
  roles: string[];
  members: string[];
}

export interface Member {
  id: string;
  homeOrg: string;
  status: MemberStatus;
  roles: string[];
}

export interface World {
  rbacEnabled: boolean;
  orgs: Org[];
  modules: Module[];
  permissions: Permission[];
  /** P4: `from` implies `to`. */
  implications: { from: string; to: string }[];
  roles: Role[];
  /** A2: company roles held by orgs. */
  companyRoles: { org: string; role: string }[];
  groups: Group[];
  members: Member[];
}

/** Permission key → the scope it is held with. */
export type Rights = Map<string, Scope>;

const RANK: Record<Scope, number> = { own: 0, team: 1, all: 2 };
const widest = (a: Scope, b: Scope): Scope => (RANK[a] >= RANK[b] ? a : b);
const narrowest = (a: Scope, b: Scope): Scope => (RANK[a] <= RANK[b] ? a : b);

function byId<T extends { id: string }>(items: T[], id: string): T {
  const item = items.find((i) => i.id === id);
  if (!item) throw new Error(`no ${id} in the world`);
  return item;
}

/** Rights held through any of several sources: every key, at its widest scope. */
function union(all: Rights[]): Rights {
  const result: Rights = new Map();
  for (const rights of all) {
    for (const [key, scope] of rights) result.set(key, result.has(key) ? widest(result.get(key)!, scope) : scope);
  }
  return result;
}

/** Rights under a cap: only keys in both, at the narrower scope. */
function intersect(rights: Rights, cap: Rights): Rights {
  const result: Rights = new Map();
  for (const [key, scope] of rights) if (cap.has(key)) result.set(key, narrowest(scope, cap.get(key)!));
  return result;
}

/** P2: a permission counts only when its module, and the module's parent, are installed. */
function isInstalled(world: World, permissionKey: string): boolean {
  const permission = world.permissions.find((p) => p.key === permissionKey)!;
  const module = world.modules.find((m) => m.key === permission.module)!;
  const parent = module.parent === null ? undefined : world.modules.find((m) => m.key === module.parent);
  return module.installed && (parent?.installed ?? true);
}

/** P4: a permission and everything it implies, following implications transitively. */
function impliedBy(world: World, permissionKey: string): Set<string> {
  const reached = new Set([permissionKey]);
  const pending = [permissionKey];
  while (pending.length > 0) {
    const current = pending.pop()!;
    for (const { from, to } of world.implications) {
      if (from === current && !reached.has(to)) {
        reached.add(to);
        pending.push(to);
      }
    }
  }
  return reached;
}

/** Every installed permission, for all records. */
function everything(world: World): Rights {
  return new Map(world.permissions.filter((p) => isInstalled(world, p.key)).map((p) => [p.key, 'all' as Scope]));
}

/** What one role grants (whether or not it is active: callers decide that). */
export function roleGrants(world: World, role: Role): Rights {
  if (role.grantsAll) return everything(world);
  const granted = union(
    role.permissions.map(({ permission, scope }) => new Map([...impliedBy(world, permission)].map((key) => [key, scope]))),
  );
  const result: Rights = new Map();
  for (const [key, scope] of granted) {
    if (!isInstalled(world, key)) continue;
    const scoped = world.permissions.find((p) => p.key === key)!.scoped;
    result.set(key, scoped ? scope : 'all');
  }
  return result;
}

/** A1/R5: the active roles a member holds directly or through their groups. */
function heldRoles(world: World, member: Member): Role[] {
  const ids = new Set(member.roles);
  for (const group of world.groups) if (group.members.includes(member.id)) group.roles.forEach((r) => ids.add(r));
  return [...ids].map((id) => byId(world.roles, id)).filter((role) => !role.disabled);
}

/** The org and its ancestors up to the root. */
function ancestorChain(world: World, orgId: string): Org[] {
  const chain: Org[] = [];
  for (let org: Org | undefined = byId(world.orgs, orgId); org; org = org.parent === null ? undefined : byId(world.orgs, org.parent)) {
    chain.push(org);
  }
  return chain;
}

/** A2: the cap an org puts on its employees and sub-orgs, or null when it has no company role. */
function ceiling(world: World, org: Org): Rights | null {
  const assigned = world.companyRoles.filter((c) => c.org === org.id).map((c) => byId(world.roles, c.role));
  if (assigned.length === 0) return null;
  return union(assigned.filter((role) => !role.disabled).map((role) => roleGrants(world, role)));
}

/** The effective rights of one member. */
export function effectiveRights(world: World, memberId: string): Rights {
  const member = byId(world.members, memberId);
  if (member.status !== 'active') return new Map();
  const granted = union([
    ...heldRoles(world, member).map((role) => roleGrants(world, role)),
    // U4: before RBAC is turned on, every member may do what an Administrator may.
    world.rbacEnabled ? new Map() : everything(world),
  ]);
  let rights = granted;
  for (const org of ancestorChain(world, member.homeOrg)) {
    const cap = ceiling(world, org);
    if (cap) rights = intersect(rights, cap);
  }
  return rights;
}
