// The org list as a depth-first tree (root first, children by name).
export interface TreeOrg {
  id: string;
  parent_id: string | null;
  name: string;
}

export function asTree<T extends TreeOrg>(orgs: T[]): (T & { depth: number })[] {
  const children = new Map<string | null, T[]>();
  for (const o of orgs) children.set(o.parent_id, [...(children.get(o.parent_id) ?? []), o]);
  const out: (T & { depth: number })[] = [];
  const walk = (parent: string | null, depth: number): void => {
    for (const o of (children.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name))) {
      out.push({ ...o, depth });
      walk(o.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}
