// Access review (L2): who can do X and through what, which roles can write a
// module, who holds admin-type rights, and the recorded sign-off.
import { z } from 'zod';
import { rpc } from './operation.ts';
import { count, id, memberStatus, permissionKey, roleKind, scope, userType } from './schemas.ts';

const tenantParam = { tenantId: ['p_tenant_id', 'uuid'] } as const;

export const accessReview = {
  whoCan: rpc({
    fn: 'who_can',
    input: z.object({ tenantId: id, permission: permissionKey }),
    params: { ...tenantParam, permission: ['p_permission', 'text'] },
    returns: 'rows',
    output: z.object({
      member_id: id,
      display_name: z.string(),
      email: z.string().nullable(),
      status: memberStatus,
      user_type: userType,
      home_org: z.string(),
      role_name: z.string(),
      via: z.string(),
      granted_by_permission: z.string(),
      role_scope: scope,
      effective: z.boolean(),
      effective_scope: scope.nullable(),
      blocked_by: z.string().nullable(),
    }),
  }),
  moduleAccess: rpc({
    fn: 'module_access',
    input: z.object({ tenantId: id, module: z.string().min(1).max(200), writeOnly: z.boolean().optional() }),
    params: { ...tenantParam, module: ['p_module', 'text'], writeOnly: ['p_write_only', 'boolean'] },
    returns: 'rows',
    output: z.object({ role_id: id, role_name: z.string(), kind: roleKind, actions: z.array(z.string()), writes: z.boolean(), holders: count }),
  }),
  adminHolders: rpc({
    fn: 'admin_holders',
    input: z.object({ tenantId: id }),
    params: tenantParam,
    returns: 'rows',
    output: z.object({
      member_id: id,
      display_name: z.string(),
      email: z.string().nullable(),
      user_type: userType,
      home_org: z.string(),
      admin_permissions: z.array(z.string()),
      full_administrator: z.boolean(),
    }),
  }),
  /** Returns the id of the audit row that records the sign-off. */
  signOff: rpc({
    fn: 'sign_off_access_review',
    input: z.object({ tenantId: id, notes: z.string().max(2000, 'The notes can be at most 2000 characters long.').optional() }),
    params: { ...tenantParam, notes: ['p_notes', 'text'] },
    returns: 'value',
    output: count,
  }),
};
