// The roles list's URL query as list_roles arguments (shared by the page and its CSV export).
import type { z } from 'zod';
import type { roleListQuery } from '$lib/forms/roles';

export function listArgs(tenantId: string, q: z.output<typeof roleListQuery>) {
  return {
    tenantId,
    search: q.search,
    kind: q.kind,
    orgId: q.orgId,
    permission: q.permission,
    unused: q.unused === undefined ? undefined : q.unused === 'yes',
    includeDisabled: q.disabled,
    sort: q.sort,
    descending: q.desc,
  };
}
