// R6/L1/L2: CSV exports quote what needs quoting and never hand a spreadsheet a formula.
import { describe, expect, test } from 'vitest';
import { toCsv } from '../../src/lib/server/csv.ts';

describe('R6: CSV export', () => {
  test('R6: commas, quotes and line breaks are quoted; dates are ISO; objects are JSON', () => {
    const csv = toCsv(['name', 'description', 'at', 'after'], [['Sales, West', 'says "hi"\nthere', new Date('2026-01-02T03:04:05Z'), { a: 1 }]]);
    expect(csv).toBe('name,description,at,after\r\n"Sales, West","says ""hi""\nthere",2026-01-02T03:04:05.000Z,"{""a"":1}"\r\n');
  });

  test('R6: a cell that a spreadsheet would run as a formula is made plain text', () => {
    const csv = toCsv(['name'], [['=HYPERLINK("http://x")'], ['+1'], ['-2'], ['@SUM(A1)'], ['plain']]);
    expect(csv.split('\r\n').slice(1, 6)).toEqual([`"'=HYPERLINK(""http://x"")"`, "'+1", "'-2", "'@SUM(A1)", 'plain']);
  });

  test('R6: a cell that holds a semicolon or a tab is quoted, so a spreadsheet that splits on them cannot start a formula inside it', () => {
    const csv = toCsv(['name'], [["Ops;=cmd|' /C calc'!A0"], ['a\t=1'], ['plain;text']]);
    expect(csv.split('\r\n').slice(1, 4)).toEqual([`"Ops;=cmd|' /C calc'!A0"`, '"a\t=1"', '"plain;text"']);
  });
});
