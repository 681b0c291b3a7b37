// X2: the client's error contract (docs/errors.md): the list of codes is the
// documented one, refusals from either transport become RbacError with code,
// sentence and detail, anything else a DatabaseError, and routes answer each
// code with the documented HTTP status.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { DatabaseError, isRbacError, RB_CODES, RbacError, statusFor, toClientError } from '../../src/lib/client/index.ts';

const DOC = fs.readFileSync(path.resolve(import.meta.dirname, '..', '..', 'docs', 'errors.md'), 'utf8');

/** The rows of the code table: | `RB010` | `delegation_exceeds_rights` | … */
function documented(): Record<string, string> {
  const rows: Record<string, string> = {};
  for (const m of DOC.matchAll(/^\|\s*`(RB\d{3})`\s*\|\s*`([a-z_]+)`\s*\|/gm)) rows[m[1]] = m[2];
  return rows;
}

describe('X2: error codes', () => {
  test('X2: the client knows exactly the documented codes, by the documented names', () => {
    const doc = documented();
    expect(Object.keys(doc).length).toBeGreaterThan(20);
    expect(RB_CODES).toEqual(doc);
  });

  test('X2: a node-postgres refusal becomes an RbacError with code, sentence and detail', () => {
    const err = toClientError(Object.assign(new Error('You cannot assign Sales: it grants billing.delete, which you do not have.'), { code: 'RB010', detail: 'billing.delete' }));
    expect(err).toBeInstanceOf(RbacError);
    expect(isRbacError(err, 'RB010')).toBe(true);
    expect(isRbacError(err, 'RB011')).toBe(false);
    expect((err as RbacError).detail).toBe('billing.delete');
    expect((err as RbacError).codeName).toBe('delegation_exceeds_rights');
  });

  test('X2: a PostgREST error body becomes the same RbacError; a newer code is kept with the name unknown', () => {
    const err = toClientError({ code: 'RB099', message: 'Something new.', details: 'x', hint: null });
    expect(err).toBeInstanceOf(RbacError);
    expect((err as RbacError).codeName).toBe('unknown');
    expect((err as RbacError).detail).toBe('x');
  });

  test('X2: 42501, PGRST and network errors are DatabaseErrors that keep their code', () => {
    expect(toClientError({ code: '42501', message: 'permission denied for function list_roles' })).toBeInstanceOf(DatabaseError);
    expect((toClientError({ code: 'PGRST202', message: 'Could not find the function' }) as DatabaseError).code).toBe('PGRST202');
    expect((toClientError(new TypeError('fetch failed')) as DatabaseError).code).toBe('unknown');
  });

  test('X2: routes answer with the documented statuses', () => {
    expect([statusFor('RB001'), statusFor('RB004'), statusFor('RB015'), statusFor('RB010'), statusFor('RB005'), statusFor('RB050')]).toEqual([401, 404, 409, 403, 400, 403]);
  });
});
