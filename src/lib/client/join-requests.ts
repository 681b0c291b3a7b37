// Join requests (U2): the pending list; approve with roles, user type and
// visibility; reject with a reason.
import { z } from 'zod';
import { rpc } from './operation.ts';
import { reason, reasonParam } from './reason.ts';
import { accessOffered, accessOfferedParams, id, timestamp } from './schemas.ts';

export const joinRequestStatus = z.enum(['pending', 'approved', 'rejected', 'all']);

export const joinRequests = {
  list: rpc({
    fn: 'list_join_requests',
    input: z.object({ tenantId: id, status: joinRequestStatus.optional() }),
    params: { tenantId: ['p_tenant_id', 'uuid'], status: ['p_status', 'text'] },
    returns: 'rows',
    output: z.object({
      id,
      email: z.string(),
      display_name: z.string(),
      org_id: id,
      org_name: z.string(),
      status: z.string(),
      created_at: timestamp,
      decided_at: timestamp.nullable(),
      decided_by: z.string().nullable(),
      reason: z.string().nullable(),
    }),
  }),
  /** Returns the now active member's id. */
  approve: rpc({
    fn: 'approve_join_request',
    input: z.object({
      requestId: id,
      ...accessOffered,
      homeOrgId: id.optional(),
      reason: reason.optional(),
    }),
    params: {
      requestId: ['p_request_id', 'uuid'],
      ...accessOfferedParams,
      homeOrgId: ['p_home_org_id', 'uuid'],
      ...reasonParam,
    },
    returns: 'value',
    output: id,
  }),
  reject: rpc({
    fn: 'reject_join_request',
    input: z.object({ requestId: id, reason: z.string().max(2000, 'The reason can be at most 2000 characters long.').optional() }),
    params: { requestId: ['p_request_id', 'uuid'], reason: ['p_reason', 'text'] },
    returns: 'void',
    output: z.void(),
  }),
};
