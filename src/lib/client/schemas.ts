// Shared zod pieces: ids, database enums, and the value types that differ
// between transports (node-postgres gives Date and bigint-as-string,
// PostgREST gives ISO strings and numbers); both parse to the same types.
import { z } from 'zod';

/** Any 8-4-4-4-12 hex id (gen_random_uuid, or fixed ids in presets). */
export const id = z.guid();
export const ids = z.array(id);

export const userType = z.enum(['company_admin', 'administrator', 'power_user', 'private_user']);
export const visibility = z.enum(['all', 'assigned']);
export const roleKind = z.enum(['employee', 'company']);
export const scope = z.enum(['own', 'team', 'all']);
export const memberStatus = z.enum(['pending', 'active', 'deactivated', 'deleted']);

export type UserType = z.output<typeof userType>;
export type Visibility = z.output<typeof visibility>;
export type RoleKind = z.output<typeof roleKind>;
export type Scope = z.output<typeof scope>;
export type MemberStatus = z.output<typeof memberStatus>;

export const timestamp = z.union([z.date(), z.iso.datetime({ offset: true }), z.string().regex(/^\d{4}-\d\d-\d\d[ T]\d\d:\d\d/)]).transform((v) => new Date(v));
/** A calendar date (SQL date) as 'YYYY-MM-DD': node-postgres gives a Date at local midnight, PostgREST the text. */
export const day = z
  .union([z.date(), z.string().regex(/^\d{4}-\d\d-\d\d$/)])
  .transform((v) => (typeof v === 'string' ? v : `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`));
/** bigint counts and ids: a string from node-postgres, a number from PostgREST. */
export const count = z.union([z.number().int(), z.string().regex(/^-?\d+$/)]).transform(Number);
export const json = z.unknown();

/** Trimmed, non-empty text of at most `max` characters. */
export function name(max = 200, label = 'This'): z.ZodString {
  return z.string().trim().min(1, `${label} cannot be empty.`).max(max, `${label} can be at most ${max} characters long.`);
}

/**
 * The access a giver offers someone joining (an invitation, a join request's
 * approval): roles (the User role when none), user type, account visibility
 * and AMS assignees, each optional (the SQL default applies). With the SQL
 * parameters they map to.
 */
export const accessOffered = {
  roleIds: ids.optional(),
  userType: userType.optional(),
  visibility: visibility.optional(),
  assigneeIds: ids.optional(),
};
export const accessOfferedParams = {
  roleIds: ['p_role_ids', 'uuid[]'],
  userType: ['p_user_type', 'rbac.user_type'],
  visibility: ['p_visibility', 'rbac.visibility'],
  assigneeIds: ['p_assignee_ids', 'uuid[]'],
} as const;
export const email = z.string().trim().toLowerCase().pipe(z.email('Enter a valid email address.'));
export const permissionKey = z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?\.[a-z][a-zA-Z0-9_]*$/, 'Not a permission key such as accounts.view.');
export const limit = z.number().int().min(1).max(500);
export const offset = z.number().int().min(0);
export const empty = z.object({});
