// Words the UI shows for the database's enum values.
export const USER_TYPES = {
  company_admin: 'Company administrator',
  administrator: 'Administrator',
  power_user: 'Power user',
  private_user: 'Private user',
} as const;

export const VISIBILITY = { all: 'All accounts', assigned: 'Assigned accounts only' } as const;

/** P3: which records of a scoped view the database shows (conversations, jobs). */
export const SCOPED_RECORDS = {
  own: (noun: string) => `only the ${noun} assigned to you`,
  team: (noun: string) => `the ${noun} assigned to you or to your teams`,
  all: (noun: string) => `all ${noun}`,
} as const;

/**
 * V1: an AMS assignee as pickers show it. Two people in an agency can share a
 * name; their AMS key tells them apart, so it is shown whenever there is one.
 */
export function assigneeLabel(a: { name: string; external_key?: string | null }): string {
  return a.external_key ? `${a.name} (${a.external_key})` : a.name;
}

/**
 * R2: a role's name is unique only among the roles defined at one org, so a
 * picker can hold two roles of one name (an ORG_ADMIN at each company). Each
 * role gets a label: its name, plus the org it is defined at where the name
 * repeats in the list.
 */
export function withRoleLabels<R extends { name: string; org_id: string }>(
  roles: R[],
  orgs: { id: string; name: string }[],
): (R & { label: string })[] {
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const uses = new Map<string, number>();
  for (const r of roles) uses.set(r.name.toLowerCase(), (uses.get(r.name.toLowerCase()) ?? 0) + 1);
  return roles.map((r) => ({
    ...r,
    label: (uses.get(r.name.toLowerCase()) ?? 0) > 1 ? `${r.name} (${orgName.get(r.org_id) ?? 'another organization'})` : r.name,
  }));
}
