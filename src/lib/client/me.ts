// The signed-in person: their organizations (org switcher), their own
// effective permissions (navigation and buttons: asked of the database,
// never computed here), first signup and self-registration.
import { z } from 'zod';
import { rpc } from './operation.ts';
import { empty, id, memberStatus, name, permissionKey, scope, userType } from './schemas.ts';

const tenantOnly = z.object({ tenantId: id.optional() });
const tenantParam = { tenantId: ['p_tenant_id', 'uuid'] } as const;

export const me = {
  /** T2: every organization the person belongs to (active or pending approval). */
  memberships: rpc({
    fn: 'my_memberships',
    input: empty,
    params: {},
    returns: 'rows',
    output: z.object({
      tenant_id: id,
      tenant_name: z.string(),
      member_id: id,
      display_name: z.string(),
      status: memberStatus,
      user_type: userType,
      home_org_id: id,
      home_org_name: z.string(),
    }),
  }),
  /** P5: effective permissions in a tenant (default: the session's). */
  permissions: rpc({
    fn: 'my_permissions',
    input: tenantOnly,
    params: tenantParam,
    returns: 'rows',
    output: z.object({ permission: z.string(), module: z.string(), action: z.string(), scope, is_admin: z.boolean() }),
  }),
  hasPermission: rpc({
    fn: 'has_permission',
    input: z.object({ permission: permissionKey, tenantId: id.optional() }),
    params: { permission: ['p_permission', 'text'], ...tenantParam },
    returns: 'value',
    output: z.boolean(),
  }),
  /** P5: the Admin menu shows when this is true. */
  canAccessAdmin: rpc({ fn: 'can_access_admin', input: tenantOnly, params: tenantParam, returns: 'value', output: z.boolean() }),
  currentTenant: rpc({ fn: 'current_tenant_id', input: empty, params: {}, returns: 'value', output: id.nullable() }),
  /** X1: whether the token still signs someone in (false once its session was ended). */
  signedIn: rpc({ fn: 'signed_in', input: empty, params: {}, returns: 'value', output: z.boolean() }),
  /** X1: sign-out: this session's tokens, and any copy of them, sign nobody in from the next query on. */
  endSession: rpc({ fn: 'end_session', input: empty, params: {}, returns: 'void', output: z.unknown() }),
  /** U3: the first signup creates the organization and becomes its administrator. */
  createOrganization: rpc({
    fn: 'create_organization',
    input: z.object({ name: name(200, 'The organization name'), displayName: name(200, 'Your name').optional() }),
    params: { name: ['p_name', 'text'], displayName: ['p_display_name', 'text'] },
    returns: 'value',
    output: id,
  }),
  /** U2: ask to join the organization that claims the person's email domain (pending, no access). */
  requestToJoin: rpc({ fn: 'request_to_join', input: empty, params: {}, returns: 'value', output: id }),
};
