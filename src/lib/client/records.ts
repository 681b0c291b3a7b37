// Business records under the tenant's visibility policies (V1–V4): read as
// the signed-in person, so RLS decides which rows come back.
import { z } from 'zod';
import { read } from './operation.ts';
import { id, ids, timestamp } from './schemas.ts';

export const records = {
  /** The demo agency's accounts (public.accounts): org scope, AMS assignees, owner. */
  accounts: read({
    schema: 'public',
    table: 'accounts',
    input: z.object({ tenantId: id }),
    filters: { tenantId: 'tenant_id' },
    order: ['name'],
    output: z.object({ id, org_id: id, name: z.string(), status: z.string(), owner_member_id: id.nullable(), assignee_ids: ids, created_at: timestamp }),
  }),
};
