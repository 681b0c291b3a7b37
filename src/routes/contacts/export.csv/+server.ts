// S3: "Export contacts" (contacts.export): every contact the database shows
// this person, as CSV, page by page. Whether they may export is the
// database's answer (has_permission); which rows is its row-level policy's.
import { error } from '@sveltejs/kit';
import { csvStreamResponse } from '$lib/server/csv';
import { requireTenant } from '$lib/server/guard';
import type { RequestHandler } from './$types';

const PAGE = 500;

export const GET: RequestHandler = async ({ locals, url }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  if (locals.viewAs || !(await rbac.me.hasPermission({ permission: 'contacts.export', tenantId }))) {
    error(403, { message: 'You do not have the permission "Export contacts" (contacts.export).' });
  }
  const [orgs] = await Promise.all([rbac.orgs.list({ tenantId })]);
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  async function* pages(): AsyncIterable<unknown[][]> {
    for (let offset = 0; ; offset += PAGE) {
      const rows = await rbac.records.contacts({ tenantId, limit: PAGE, offset });
      if (rows.length) yield rows.map((c) => [c.name, c.email ?? '', c.company, orgName.get(c.org_id) ?? '']);
      if (rows.length < PAGE) return;
    }
  }
  return csvStreamResponse('contacts.csv', ['name', 'email', 'company', 'department'], pages());
};
