// Exports read every row page by page (src/lib/server/paging.ts): the audit
// log CSV stopped at 1,000 entries and the roles CSV at 500 before.
import { describe, expect, test } from 'vitest';
import { csvStreamResponse } from '../../src/lib/server/csv.ts';
import { allRows, pages } from '../../src/lib/server/paging.ts';

/** A list of n numbers served like a SQL list function: offset, limit, nothing past the end. */
function listOf(n: number) {
  const calls: [number, number][] = [];
  const fetchPage = async (offset: number, limit: number): Promise<number[]> => {
    calls.push([offset, limit]);
    return Array.from({ length: Math.max(0, Math.min(limit, n - offset)) }, (_, i) => offset + i);
  };
  return { fetchPage, calls };
}

describe('L1/R6: exports read every page', () => {
  test('L1/R6: 2,501 rows in pages of 1,000 come back whole, in order, in three pages', async () => {
    const { fetchPage, calls } = listOf(2501);
    const rows = await allRows(fetchPage, 1000);
    expect(rows).toHaveLength(2501);
    expect(rows[2500]).toBe(2500);
    expect(calls).toEqual([[0, 1000], [1000, 1000], [2000, 1000]]);
  });

  test('L1/R6: an exact multiple of the page size asks once more and stops at the empty page', async () => {
    const { fetchPage, calls } = listOf(1000);
    const seen: number[][] = [];
    for await (const page of pages(fetchPage, 500)) seen.push(page);
    expect(seen.map((p) => p.length)).toEqual([500, 500]);
    expect(calls).toHaveLength(3);
  });

  test('L1: the streamed CSV holds the header and every row', async () => {
    const { fetchPage } = listOf(1201);
    async function* rows(): AsyncGenerator<unknown[][]> {
      for await (const page of pages(fetchPage, 500)) yield page.map((n) => [n, n === 7 ? '=cmd' : 'x,y']);
    }
    const text = await csvStreamResponse('t.csv', ['n', 'note'], rows()).text();
    const lines = text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(1202);
    expect(lines[0]).toBe('n,note');
    expect(lines[8]).toBe("7,'=cmd");
    expect(lines[1201]).toBe('1200,"x,y"');
  });
});
