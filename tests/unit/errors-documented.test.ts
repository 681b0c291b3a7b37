// X2: keeps docs/errors.md honest. The client and the UI branch on our stable
// error codes, so every code a migration raises must have a row in the doc,
// every row must name a code that is still raised, and each row's example
// sentence must be worded exactly as the SQL words it. No database needed.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const MIGRATIONS = path.join(ROOT, 'supabase', 'migrations');
const ERRORS_DOC = path.join(ROOT, 'docs', 'errors.md');

/** Our codes: RB and three digits. Postgres' own SQLSTATEs (42501, 23505, …) are not ours. */
const OUR_CODE = /^RB\d{3}$/;

interface DocumentedCode {
  code: string;
  name: string;
  example: string;
}

/** SQL without `--` comments; string literals are kept whole, so `--` inside one survives. */
export function stripComments(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'|--[^\n]*/g, (m) => (m.startsWith('--') ? '' : m));
}

/**
 * Every code of ours the SQL raises, with the message templates raised with it
 * (`%` marks a value filled in at run time). Finds `using errcode = 'RB…'`
 * whether the message is on the same line or not, and `raise sqlstate 'RB…'`.
 */
export function raisedCodes(sql: string): Map<string, string[]> {
  const code = stripComments(sql);
  const found = new Map<string, string[]>();
  const add = (c: string, message?: string): void => {
    if (!OUR_CODE.test(c)) return;
    const list = found.get(c) ?? [];
    if (message !== undefined && !list.includes(message)) list.push(message);
    found.set(c, list);
  };
  for (const m of code.matchAll(/(?:errcode\s*=\s*|raise\s+sqlstate\s+)'([A-Za-z0-9]{5})'/gi)) add(m[1].toUpperCase());
  // The message of `raise exception '<message>', args… using errcode = '<code>'`:
  // anything but a semicolon (or a quoted string) may stand between the two.
  const raise = /raise\s+exception\s+'((?:[^']|'')*)'(?:[^;']|'(?:[^']|'')*')*?errcode\s*=\s*'([A-Za-z0-9]{5})'/gi;
  for (const m of code.matchAll(raise)) add(m[2].toUpperCase(), m[1].replace(/''/g, "'"));
  // A refusal computed before it is raised (rbac_private.member_management_refusal, which
  // member_detail also returns): `code := '<code>'; message := [format(]'<message>'`,
  // format's %s standing where raise has %.
  const assigned = /code\s*:=\s*'([A-Za-z0-9]{5})'\s*;\s*message\s*:=\s*(?:format\(\s*)?'((?:[^']|'')*)'/gi;
  for (const m of code.matchAll(assigned)) add(m[1].toUpperCase(), m[2].replace(/''/g, "'").replace(/%[sIL]/g, '%'));
  return found;
}

/** The rows of the code table in docs/errors.md: `| RB010 | name | when | example | what to do |`. */
export function documentedCodes(markdown: string): DocumentedCode[] {
  const rows: DocumentedCode[] = [];
  for (const line of markdown.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    // cells[0] is the text before the first pipe, empty for a table row.
    if (cells.length < 6 || cells[0] !== '') continue;
    const code = cells[1].replace(/`/g, '');
    if (!OUR_CODE.test(code)) continue;
    rows.push({ code, name: cells[2].replace(/`/g, ''), example: /`([^`]+)`/.exec(cells[4])?.[1] ?? '' });
  }
  return rows;
}

/** Does a sentence read exactly like one of the templates, `%` standing for any value? */
export function matchesTemplate(sentence: string, templates: string[]): boolean {
  return templates.some((t) => {
    const pattern = t.split('%').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+');
    return new RegExp(`^${pattern}$`).test(sentence);
  });
}

function migrationsSql(): string {
  return fs
    .readdirSync(MIGRATIONS)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => fs.readFileSync(path.join(MIGRATIONS, f), 'utf8'))
    .join('\n');
}

describe('X2: docs/errors.md lists the stable error codes', () => {
  const raised = raisedCodes(migrationsSql());
  const documented = documentedCodes(fs.readFileSync(ERRORS_DOC, 'utf8'));
  const documentedSet = new Set(documented.map((d) => d.code));

  test('X2: every error code the database raises is documented', () => {
    expect(raised.size, 'the migrations raise at least one code of ours').toBeGreaterThan(0);
    const undocumented = [...raised.keys()].filter((c) => !documentedSet.has(c)).sort();
    const unused = [...documentedSet].filter((c) => !raised.has(c)).sort();
    // One assertion, so a failure names the codes missing in both directions.
    expect(
      { undocumented, unused },
      `missing from docs/errors.md: ${undocumented.join(', ') || 'none'}; documented but raised by no migration: ${unused.join(', ') || 'none'}`,
    ).toEqual({ undocumented: [], unused: [] });
  });

  test('X2: each code has one row with a unique snake_case name', () => {
    const codes = documented.map((d) => d.code);
    expect(codes.filter((c, i) => codes.indexOf(c) !== i), 'codes with more than one row').toEqual([]);
    const names = documented.map((d) => d.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i), 'names used twice').toEqual([]);
    expect(documented.filter((d) => !/^[a-z][a-z0-9_]*$/.test(d.name)).map((d) => `${d.code} ${d.name}`)).toEqual([]);
  });

  test('X2: each example sentence is worded exactly as the SQL raises it', () => {
    const wrong = documented
      .filter((d) => raised.has(d.code) && !matchesTemplate(d.example, raised.get(d.code) ?? []))
      .map((d) => `${d.code}: "${d.example}" matches none of: ${(raised.get(d.code) ?? []).join(' | ')}`);
    expect(wrong, wrong.join('\n')).toEqual([]);
  });
});

describe('X2: the checks above can fail', () => {
  test('X2: the extractor finds one-line, multi-line and sqlstate raises and computed refusals, and skips comments and foreign codes', () => {
    const sql = [
      "raise exception 'You are not signed in.' using errcode = 'RB001';",
      "raise exception 'You cannot % %: it grants %.', v_verb, v_role, v_missing",
      "  using errcode = 'RB010', detail = v_missing;",
      "raise exception 'It''s gone.' using errcode = 'rb004';",
      "raise sqlstate 'RB099' using message = 'Odd.';",
      "raise exception 'Denied.' using errcode = '42501';",
      "-- raise exception 'Commented out.' using errcode = 'RB098';",
      "select '-- not a comment';",
      "  code := 'RB012';",
      "  message := 'You cannot change your own access.';",
      "  code := 'RB011'; message := format('%s is outside your part.', v_member.display_name);",
    ].join('\n');
    const codes = raisedCodes(sql);
    expect([...codes.keys()].sort()).toEqual(['RB001', 'RB004', 'RB010', 'RB011', 'RB012', 'RB099']);
    expect(codes.get('RB010')).toEqual(['You cannot % %: it grants %.']);
    expect(codes.get('RB004')).toEqual(["It's gone."]);
    expect(codes.get('RB012')).toEqual(['You cannot change your own access.']);
    expect(codes.get('RB011')).toEqual(['% is outside your part.']);
  });

  test('X2: only table rows count as documented, and templates match whole sentences only', () => {
    const doc = [
      'RB005 in prose is not a row.',
      '| Code | Name | When | Example | What to do |',
      '|---|---|---|---|---|',
      '| `RB010` | `delegation_exceeds_rights` | A4 | `You cannot assign Sales: it grants billing.delete.` | Offer less. |',
    ].join('\n');
    expect(documentedCodes(doc)).toEqual([
      { code: 'RB010', name: 'delegation_exceeds_rights', example: 'You cannot assign Sales: it grants billing.delete.' },
    ]);
    expect(matchesTemplate('You cannot assign Sales: it grants billing.delete.', ['You cannot % %: it grants %.'])).toBe(true);
    expect(matchesTemplate('You cannot assign Sales.', ['You cannot % %: it grants %.'])).toBe(false);
    expect(matchesTemplate('You are not signed in', ['You are not signed in.'])).toBe(false);
  });
});
