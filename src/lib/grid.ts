// The permission grid of the role pages (R6, P1, P3, P4): installed modules
// with their sub-sections, each with its actions, what a role grants
// directly, what it gets by implication, and the scope of scoped actions.
// Built from the database's answers (role_matrix, or the catalog for a new
// role); nothing here decides a right.

export interface GridAction {
  permission: string;
  name: string;
  scoped: boolean;
  /** Chosen for the role (a checkbox that is ticked). */
  direct: boolean;
  /** Granted only because a chosen action implies it (P4). */
  implied: boolean;
  scope: 'own' | 'team' | 'all' | null;
  implies: string[];
}

export interface GridModule {
  key: string;
  name: string;
  parentKey: string | null;
  isAdmin: boolean;
  actions: GridAction[];
}

export interface MatrixRow {
  module_key: string;
  module_name: string;
  parent_key: string | null;
  is_admin: boolean;
  permission: string;
  action_name: string;
  scoped: boolean;
  granted: boolean;
  scope: 'own' | 'team' | 'all' | null;
  implied: boolean;
  implies: string[];
}

/** role_matrix rows (already in display order) as grid modules. */
export function gridFromMatrix(rows: MatrixRow[]): GridModule[] {
  const modules: GridModule[] = [];
  for (const r of rows) {
    let m = modules.at(-1);
    if (!m || m.key !== r.module_key) {
      m = { key: r.module_key, name: r.module_name, parentKey: r.parent_key, isAdmin: r.is_admin, actions: [] };
      modules.push(m);
    }
    m.actions.push({
      permission: r.permission,
      name: r.action_name,
      scoped: r.scoped,
      direct: r.granted && !r.implied,
      implied: r.implied,
      scope: r.granted ? r.scope : null,
      implies: r.implies,
    });
  }
  return modules;
}

export interface CatalogModule {
  id: number;
  key: string;
  name: string;
  parent_id: number | null;
  is_admin: boolean;
  installed: boolean;
  position: number;
}
export interface CatalogPermission {
  id: number;
  module_id: number;
  key: string;
  name: string;
  scoped: boolean;
  position: number;
}

/** The empty grid of a tenant's installed catalog (P2: uninstalled modules are not offered). */
export function gridFromCatalog(modules: CatalogModule[], permissions: CatalogPermission[], implications: { permission_id: number; implied_id: number }[]): GridModule[] {
  const byId = new Map(modules.map((m) => [m.id, m]));
  const keyOf = new Map(permissions.map((p) => [p.id, p.key]));
  const installed = (m: CatalogModule): boolean => m.installed && (m.parent_id === null || byId.get(m.parent_id)?.installed === true);
  const order = (m: CatalogModule): [number, string, number] => {
    const parent = m.parent_id === null ? m : byId.get(m.parent_id)!;
    return [parent.position, parent.key, m.parent_id === null ? 0 : 1];
  };
  return modules
    .filter(installed)
    .sort((a, b) => {
      const [ap, ak, as] = order(a);
      const [bp, bk, bs] = order(b);
      return ap - bp || ak.localeCompare(bk) || as - bs || a.key.localeCompare(b.key);
    })
    .map((m) => ({
      key: m.key,
      name: m.name,
      parentKey: m.parent_id === null ? null : (byId.get(m.parent_id)?.key ?? null),
      isAdmin: m.is_admin || (m.parent_id !== null && byId.get(m.parent_id)?.is_admin === true),
      actions: permissions
        .filter((p) => p.module_id === m.id)
        .sort((a, b) => a.position - b.position)
        .map((p) => ({
          permission: p.key,
          name: p.name,
          scoped: p.scoped,
          direct: false,
          implied: false,
          scope: null,
          implies: implications.filter((i) => i.permission_id === p.id).map((i) => keyOf.get(i.implied_id) ?? '').filter(Boolean).sort(),
        })),
    }));
}
