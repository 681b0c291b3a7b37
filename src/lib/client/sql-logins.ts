// SQL logins (X3): a read-only Postgres login per member for reporting tools,
// filtered by the same policies as the app. The database checks who may
// create or revoke one (tenant-wide administrators with users.edit, within
// their own rights and account visibility) and audits both; the password is
// returned once by `create` and kept nowhere.
import { z } from 'zod';
import { rpc } from './operation.ts';
import { reason } from './reason.ts';
import { id, timestamp } from './schemas.ts';

export const sqlLoginStatus = z.enum(['active', 'disabled', 'revoked']);

export const sqlLogins = {
  create: rpc({
    fn: 'create_sql_login',
    input: z.object({ memberId: id }),
    params: { memberId: ['p_member_id', 'uuid'] },
    returns: 'row',
    output: z.object({ login_id: id, role_name: z.string(), password: z.string(), database: z.string() }),
  }),
  revoke: rpc({
    fn: 'revoke_sql_login',
    input: z.object({ memberId: id, reason: reason.optional() }),
    params: { memberId: ['p_member_id', 'uuid'], reason: ['p_reason', 'text'] },
    returns: 'void',
    output: z.unknown(),
  }),
  list: rpc({
    fn: 'list_sql_logins',
    input: z.object({ tenantId: id }),
    params: { tenantId: ['p_tenant_id', 'uuid'] },
    returns: 'rows',
    output: z.object({
      login_id: id,
      member_id: id.nullable(),
      member_name: z.string().nullable(),
      role_name: z.string(),
      status: sqlLoginStatus,
      created_at: timestamp,
      created_by_name: z.string().nullable(),
      disabled_at: timestamp.nullable(),
      revoked_at: timestamp.nullable(),
    }),
  }),
};
