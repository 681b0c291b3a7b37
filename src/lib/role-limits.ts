// A role's limits as the role pages show them, built from the database's
// answers: the company types it is limited to (R3) and its assignable-role
// list (A4). Nothing here decides a right.

export interface CompanyType {
  id: string;
  key: string;
  name: string;
}

/** R3: the tenant's company types the role is limited to (rows of rbac.role_company_types); none: every type. */
export function limitedTypes<T extends CompanyType>(types: T[], rows: { company_type_id: string }[]): T[] {
  const ids = new Set(rows.map((r) => r.company_type_id));
  return types.filter((t) => ids.has(t.id));
}

export interface AssignableChoice {
  id: string;
  name: string;
  kind: 'employee' | 'company';
  disabled: boolean;
  /** On the role's list (a ticked box). */
  listed: boolean;
}

export interface AssignableView {
  /** The roles the viewer can see (disabled ones only when listed); null when the roles list was refused. */
  choices: AssignableChoice[] | null;
  /** Listed ids the viewer cannot see: sent back unchanged on save, never named. */
  unseen: string[];
  listedCount: number;
}

/** A4: the list (rows of rbac.role_assignable_roles) against the roles the viewer may see (list_roles). */
export function assignableView(
  roles: { id: string; name: string; kind: 'employee' | 'company'; disabled_at: Date | null }[] | null,
  rows: { assignable_role_id: string }[],
): AssignableView {
  const listed = new Set(rows.map((r) => r.assignable_role_id));
  const seen = new Set((roles ?? []).map((r) => r.id));
  const choices =
    roles
      ?.filter((r) => !r.disabled_at || listed.has(r.id))
      .map((r) => ({ id: r.id, name: r.name, kind: r.kind, disabled: r.disabled_at !== null, listed: listed.has(r.id) })) ?? null;
  return { choices, unseen: [...listed].filter((id) => !seen.has(id)), listedCount: listed.size };
}
