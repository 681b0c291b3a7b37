// Zod pieces for HTML forms, where every value arrives as text: empty means
// "not given", checkboxes are present or absent, repeated names are lists.
import { z } from 'zod';

const blankToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const toList = (v: unknown): unknown => (v === undefined || v === '' ? [] : Array.isArray(v) ? v.filter((x) => x !== '') : [v]);

/** Optional text: '' becomes undefined. */
export function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess(blankToUndefined, schema.optional());
}

/** A repeated field (checkboxes, multi-select) as a list, possibly empty. */
export function list<T extends z.ZodType>(item: T) {
  return z.preprocess(toList, z.array(item));
}

/** A checkbox: present and 'on'/'true' is true. */
export const checkbox = z.preprocess((v) => v === 'on' || v === 'true', z.boolean());

/** A whole number from a query string or form, with a default. */
export function integer(min: number, max: number, fallback: number) {
  return z.preprocess(blankToUndefined, z.coerce.number().int().min(min).max(max).default(fallback));
}

export const text = (label: string, max = 200) =>
  z.string().trim().min(1, `${label} cannot be empty.`).max(max, `${label} can be at most ${max} characters long.`);

export const idField = z.guid('Choose an item from the list.');
export const emailField = z.string().trim().toLowerCase().pipe(z.email('Enter a valid email address.'));
export const passwordField = z.string().min(8, 'Choose a password of 8 to 72 characters.').max(72, 'Choose a password of 8 to 72 characters.');

/** Reads URL search parameters through a schema; bad values fall back to defaults rather than failing the page. */
export function fromQuery<S extends z.ZodObject>(schema: S, params: URLSearchParams): z.output<S> {
  const raw: Record<string, unknown> = {};
  for (const key of params.keys()) {
    const all = params.getAll(key);
    raw[key] = all.length > 1 ? all : all[0];
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const cleaned = { ...raw };
  for (const issue of parsed.error.issues) delete cleaned[String(issue.path[0])];
  return schema.parse(cleaned);
}
