// CSV exports (R6, L1, L2). Cells that a spreadsheet would run as a formula
// (= + - @ at the start) are prefixed with an apostrophe. Cells holding a
// semicolon or a tab are quoted too: spreadsheets in many locales split on
// them, and the part after one (`Ops;=cmd|…`) would start a new cell with a
// formula.
function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",;\t\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvLines(rows: unknown[][]): string {
  return rows.map((r) => r.map(csvCell).join(',') + '\r\n').join('');
}

export function toCsv(headers: string[], rows: unknown[][]): string {
  return csvLines([headers, ...rows]);
}

export function csvResponse(filename: string, body: string): Response {
  return new Response(body, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` },
  });
}

/** A CSV download written page by page, for exports that may exceed one page of the list function. */
export function csvStreamResponse(filename: string, headers: string[], rowPages: AsyncIterable<unknown[][]>): Response {
  const encoder = new TextEncoder();
  const iterator = rowPages[Symbol.asyncIterator]();
  let headerSent = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvLines([headers])));
        return;
      }
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(csvLines(next.value)));
    },
    async cancel() {
      await iterator.return?.(undefined);
    },
  });
  return new Response(body, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` },
  });
}
