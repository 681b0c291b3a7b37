// The client's error contract (docs/errors.md, "The TypeScript client's
// contract"): database refusals keep their stable code and sentence; bad
// input never reaches the database; anything else is kept for the logs.
import type { z } from 'zod';

/** Our stable codes and their names, as docs/errors.md lists them (a test keeps the two in step). */
export const RB_CODES = {
  RB001: 'not_signed_in',
  RB002: 'not_active_member',
  RB003: 'permission_missing',
  RB004: 'not_found',
  RB005: 'invalid_input',
  RB006: 'already_exists',
  RB007: 'protected_by_product',
  RB010: 'delegation_exceeds_rights',
  RB011: 'outside_admin_scope',
  RB012: 'own_access_refused',
  RB013: 'not_on_assignable_list',
  RB014: 'role_not_available',
  RB015: 'last_administrator',
  RB016: 'separation_of_duties',
  RB017: 'role_disabled',
  RB018: 'user_type_not_allowed',
  RB020: 'audit_log_append_only',
  RB030: 'invitation_invalid',
  RB031: 'invitation_expired',
  RB032: 'invitation_revoked',
  RB033: 'invitation_not_open',
  RB034: 'invitation_other_email',
  RB035: 'user_type_beyond_own',
  RB036: 'inviter_lost_access',
  RB040: 'open_items_need_reassignment',
  RB041: 'deactivate_before_delete',
  RB042: 'member_status_conflict',
  RB043: 'email_domain_unknown',
  RB044: 'already_done',
  RB045: 'email_domain_not_yours',
  RB046: 'email_not_confirmed',
  RB047: 'org_in_use',
  RB050: 'view_as_read_only',
  RB051: 'trashed_item_read_only',
  RB052: 'logins_managed_by_supabase_auth',
} as const;

export type RbacCode = keyof typeof RB_CODES;
export type RbacCodeName = (typeof RB_CODES)[RbacCode] | 'unknown';

/** A refusal by the database: the code to branch on and the sentence to show. */
export class RbacError extends Error {
  override readonly name = 'RbacError';
  constructor(
    readonly code: RbacCode | `RB${string}`,
    message: string,
    readonly detail: string | null,
  ) {
    super(message);
  }
  /** The snake_case name of the code, or 'unknown' for a code newer than this client. */
  get codeName(): RbacCodeName {
    return (RB_CODES as Record<string, RbacCodeName>)[this.code] ?? 'unknown';
  }
}

/** Input that failed the operation's schema; it never reached the database. */
export class InputError extends Error {
  override readonly name = 'InputError';
  /** First message per field path ('name', 'permissions.0.scope'), for forms. */
  readonly fields: Record<string, string>;
  constructor(
    readonly operation: string,
    readonly issues: z.core.$ZodIssue[],
  ) {
    super(issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; '));
    this.fields = {};
    for (const issue of issues) {
      const key = issue.path.join('.') || '_';
      this.fields[key] ??= issue.message;
    }
  }
}

/** The database answered with a shape this client does not know: the SQL changed under it. */
export class OutputShapeError extends Error {
  override readonly name = 'OutputShapeError';
  constructor(
    readonly operation: string,
    readonly issues: z.core.$ZodIssue[],
  ) {
    super(`${operation} returned an unexpected shape: ${issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`);
  }
}

/** Anything else (network, 42501, PGRST…, a foreign SQLSTATE): kept for logs, shown generically. */
export class DatabaseError extends Error {
  override readonly name = 'DatabaseError';
  constructor(
    readonly code: string,
    message: string,
    readonly detail: string | null = null,
  ) {
    super(message);
  }
}

export type ClientError = RbacError | InputError | OutputShapeError | DatabaseError;

export function isRbacError<C extends RbacCode>(err: unknown, code?: C): err is RbacError & { code: C } {
  return err instanceof RbacError && (code === undefined || err.code === code);
}

const OUR_CODE = /^RB\d{3}$/;

/** Turns what a transport threw (node-postgres error, PostgrestError, network error) into our error types. */
export function toClientError(raw: unknown): Error {
  if (raw instanceof RbacError || raw instanceof InputError || raw instanceof DatabaseError || raw instanceof OutputShapeError) return raw;
  const e = (raw ?? {}) as { code?: unknown; message?: unknown; detail?: unknown; details?: unknown };
  const code = typeof e.code === 'string' ? e.code : 'unknown';
  const message = typeof e.message === 'string' && e.message ? e.message : String(raw);
  const detail = typeof e.detail === 'string' ? e.detail : typeof e.details === 'string' ? e.details : null;
  if (OUR_CODE.test(code)) return new RbacError(code as RbacCode, message, detail);
  return new DatabaseError(code, message, detail);
}

/** The HTTP status our routes answer a refusal with (docs/errors.md). */
export function statusFor(code: string): number {
  if (code === 'RB001') return 401;
  if (code === 'RB004') return 404;
  if (['RB006', 'RB015', 'RB016', 'RB044'].includes(code)) return 409;
  if (['RB002', 'RB003', 'RB010', 'RB011', 'RB012', 'RB013', 'RB014', 'RB035', 'RB050', '25006', '42501'].includes(code)) return 403;
  return 400;
}
