// Forms of the Roles pages.
import { z } from 'zod';
import { checkbox, idField, integer, list, optional, text } from './fields';

const PERMISSION_KEY = /^[a-z][a-z0-9_.]*\.[a-zA-Z0-9_]+$/;
const permissionKey = z.string().regex(PERMISSION_KEY);
const companyTypeKey = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'Choose company types from the list.');

/** The grid: ticked `perm` boxes, each with its `scope:<key>` where the action is scoped. */
export function permissionsFromForm(values: Record<string, unknown>): { permission: string; scope?: 'own' | 'team' | 'all' }[] {
  const ticked = values.perm === undefined ? [] : Array.isArray(values.perm) ? values.perm : [values.perm];
  return ticked.map((permission) => {
    const scope = values[`scope:${permission}`];
    return scope === 'own' || scope === 'team' || scope === 'all' ? { permission: String(permission), scope } : { permission: String(permission) };
  });
}

const roleFields = {
  name: text('The role name', 100),
  description: optional(z.string().max(2000, 'The description can be at most 2000 characters long.')),
  perm: list(permissionKey),
  /** R3: ticked company types; none ticked means every type. */
  companyTypeKeys: list(companyTypeKey),
};

/** R4/L1: editing a role can say why (kept in the audit log). */
export const roleForm = z
  .looseObject({ ...roleFields, reason: optional(z.string().max(2000, 'The reason can be at most 2000 characters long.')) })
  .transform((v) => ({ name: v.name, description: v.description ?? '', permissions: permissionsFromForm(v), companyTypeKeys: v.companyTypeKeys, reason: v.reason }));

export const newRoleForm = z
  .looseObject({ ...roleFields, orgId: idField, kind: z.enum(['employee', 'company']).default('employee') })
  .transform((v) => ({
    orgId: v.orgId,
    kind: v.kind,
    name: v.name,
    description: v.description ?? '',
    permissions: permissionsFromForm(v),
    companyTypeKeys: v.companyTypeKeys,
  }));

/** A4: the roles holders of this role may assign; none ticked removes the list. */
export const assignableForm = z.object({ roleIds: list(idField) });

export const reasonForm = z.object({ reason: optional(z.string().max(2000)) });

export const roleListQuery = z.object({
  search: optional(z.string().max(200)),
  kind: optional(z.enum(['employee', 'company'])),
  orgId: optional(idField),
  permission: optional(permissionKey),
  unused: optional(z.enum(['yes', 'no'])),
  disabled: checkbox,
  sort: z.enum(['name', 'created_at', 'updated_at', 'holders', 'org']).catch('name'),
  desc: checkbox,
  compact: checkbox,
  offset: integer(0, 1_000_000, 0),
});

/** A6 */
export const sodRuleForm = z.object({
  name: text('The rule name'),
  permissionA: z.string().regex(PERMISSION_KEY, 'Choose a permission.'),
  permissionB: z.string().regex(PERMISSION_KEY, 'Choose a permission.'),
});
export const sodRuleDeleteForm = z.object({ ruleId: idField });

/** R1: a starter role from a template, at an org, optionally renamed. */
export const templateForm = z.object({ templateKey: z.string().min(1, 'Choose a template.'), orgId: idField, name: optional(text('The role name', 100)) });
