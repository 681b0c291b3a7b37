// Audit log (L1): filtered, paged reading and chain verification.
import { z } from 'zod';
import { rpc } from './operation.ts';
import { count, id, json, offset, timestamp } from './schemas.ts';

export const audit = {
  log: rpc({
    fn: 'audit_log',
    input: z.object({
      tenantId: id,
      actorMemberId: id.optional(),
      targetId: z.string().max(200).optional(),
      action: z.string().regex(/^[a-z_]+(\.[a-z_]+)?$/, 'An action looks like role.create, or role for all role actions.').optional(),
      from: z.date().optional(),
      to: z.date().optional(),
      limit: z.number().int().min(1).max(1000).optional(),
      offset: offset.optional(),
    }),
    params: {
      tenantId: ['p_tenant_id', 'uuid'],
      actorMemberId: ['p_actor_member_id', 'uuid'],
      targetId: ['p_target_id', 'text'],
      action: ['p_action', 'text'],
      from: ['p_from', 'timestamptz'],
      to: ['p_to', 'timestamptz'],
      limit: ['p_limit', 'integer'],
      offset: ['p_offset', 'integer'],
    },
    returns: 'rows',
    output: z.object({
      id: count,
      seq: count,
      at: timestamp,
      actor_member_id: id.nullable(),
      actor_name: z.string(),
      action: z.string(),
      target_type: z.string(),
      target_id: z.string().nullable(),
      target_name: z.string().nullable(),
      before: json,
      after: json,
      reason: z.string().nullable(),
      total_count: count,
    }),
  }),
  verify: rpc({
    fn: 'verify_audit_chain',
    input: z.object({ tenantId: id }),
    params: { tenantId: ['p_tenant_id', 'uuid'] },
    returns: 'row',
    output: z.object({
      intact: z.boolean(),
      rows_checked: count,
      first_broken_id: count.nullable(),
      first_broken_seq: count.nullable(),
      problem: z.string().nullable(),
      /** S4: verified entries the caller's log leaves out because they name a role the caller may not see. */
      withheld_from_caller: count,
      /** L1: the newest entry's number and hash, to keep outside the database (null before the first entry). */
      head_seq: count.nullable(),
      head_fingerprint: z.string().nullable(),
    }),
  }),
  /** L1: whether entry #seq still has the fingerprint kept outside (null: the entry is gone). */
  fingerprintMatches: rpc({
    fn: 'audit_fingerprint_matches',
    input: z.object({ tenantId: id, seq: z.number().int().min(1), fingerprint: z.string().regex(/^[0-9a-fA-F]{64}$/, 'A fingerprint is 64 hexadecimal characters.') }),
    params: { tenantId: ['p_tenant_id', 'uuid'], seq: ['p_seq', 'bigint'], fingerprint: ['p_fingerprint', 'text'] },
    returns: 'value',
    output: z.boolean().nullable(),
  }),
};
