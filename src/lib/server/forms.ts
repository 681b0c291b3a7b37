// Form actions coordinate: parse the form with a zod schema (safeParse),
// make one client call, answer with fail(status, { message, code, fields })
// or the result. Refusals carry the database's sentence and code; input
// errors name their fields; nothing is ever thrown at the page.
import { fail, isHttpError, isRedirect, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { DatabaseError, InputError, OutputShapeError, RbacError, statusFor } from '$lib/client';

export interface FormFailure {
  message: string;
  code?: string;
  fields?: Record<string, string>;
  values?: Record<string, unknown>;
  /** Which form on the page failed (its ?/action name). */
  action?: string;
}

const SECRET_FIELDS = /password|token/i;

/** A form as a plain object; a name sent several times (checkboxes, multi-selects) becomes a list. */
export function formObject(data: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of data) {
    if (typeof value !== 'string') continue;
    const existing = out[key];
    out[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}

function echo(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([k]) => !SECRET_FIELDS.test(k)));
}

/** One wrong field is named in the sentence itself: small inline forms have nowhere to mark it. */
function inputMessage(fields: Record<string, string>): string {
  const messages = Object.values(fields);
  return messages.length === 1 ? messages[0] : 'Please correct the marked fields.';
}

/** The failure to answer an error with (redirects and HTTP errors pass through). */
export function refusal(err: unknown, values: Record<string, unknown> = {}, action?: string): ActionFailure<FormFailure> {
  if (isRedirect(err) || isHttpError(err)) throw err;
  if (err instanceof RbacError) return fail(statusFor(err.code), { message: err.message, code: err.code, values: echo(values), action });
  if (err instanceof InputError) return fail(400, { message: inputMessage(err.fields), fields: err.fields, values: echo(values), action });
  if (err instanceof DatabaseError && (err.code === '25006' || err.code === 'RB050')) {
    return fail(403, { message: 'You are viewing the app as another member; this view is read-only.', code: err.code, values: echo(values), action });
  }
  console.error(err instanceof OutputShapeError || err instanceof DatabaseError ? err.message : err);
  return fail(500, { message: 'Something went wrong on our side. Please try again.', values: echo(values), action });
}

/**
 * An action: parse the form with `schema`, then `run` (one client call, then
 * a result or a redirect). Input errors and refusals become fail().
 */
export function formAction<S extends z.ZodType, R>(schema: S, run: (input: z.output<S>, event: RequestEvent) => Promise<R>, action?: string) {
  return async (event: RequestEvent): Promise<R | ActionFailure<FormFailure>> => {
    const values = formObject(await event.request.formData());
    const parsed = schema.safeParse(values);
    if (!parsed.success) {
      const fields: Record<string, string> = {};
      for (const issue of parsed.error.issues) fields[issue.path.join('.') || '_'] ??= issue.message;
      return fail(400, { message: inputMessage(fields), fields, values: echo(values), action });
    }
    try {
      return await run(parsed.data, event);
    } catch (err) {
      return refusal(err, values, action);
    }
  };
}
