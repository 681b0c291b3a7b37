// Reading every row of a paged query. The SQL list functions cap a page (500
// roles or members, 1,000 audit entries) so one request cannot hold a
// connection for long; exports and pickers that need everything ask page by
// page instead of stopping silently at the cap.

/** Pages of `size` rows from offset 0 until one comes back short. */
export async function* pages<T>(fetchPage: (offset: number, limit: number) => Promise<T[]>, size: number): AsyncGenerator<T[]> {
  for (let offset = 0; ; offset += size) {
    const rows = await fetchPage(offset, size);
    if (rows.length > 0) yield rows;
    if (rows.length < size) return;
  }
}

/** Every row, for lists that are small enough to hold (roles, for example). */
export async function allRows<T>(fetchPage: (offset: number, limit: number) => Promise<T[]>, size: number): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages(fetchPage, size)) all.push(...page);
  return all;
}
