// Invitations (U1): invite (the token is returned once), resend, revoke,
// list; the accept page reads and accepts by token.
import { z } from 'zod';
import { rpc } from './operation.ts';
import { accessOffered, accessOfferedParams, email, id, name, timestamp, userType, visibility } from './schemas.ts';

const issued = z.object({ invitation_id: id, token: z.string().min(20), expires_at: timestamp });
/** Postgres interval text such as '7 days'. */
const validFor = z.string().regex(/^\d{1,3} (day|days|hour|hours)$/, 'Give the validity as a number of days or hours.');
const token = z.string().trim().min(20, 'This invitation link is not complete.').max(200);
const password = z.string().min(8, 'Choose a password of 8 to 72 characters.').max(72, 'Choose a password of 8 to 72 characters.');

export const invitationStatus = z.enum(['pending', 'accepted', 'revoked', 'expired', 'all']);

export const invitations = {
  invite: rpc({
    fn: 'invite_member',
    input: z.object({
      homeOrgId: id,
      email,
      displayName: name(200, 'The name'),
      ...accessOffered,
      validFor: validFor.optional(),
    }),
    params: {
      homeOrgId: ['p_home_org_id', 'uuid'],
      email: ['p_email', 'text'],
      displayName: ['p_display_name', 'text'],
      ...accessOfferedParams,
      validFor: ['p_valid_for', 'interval'],
    },
    returns: 'row',
    output: issued,
  }),
  resend: rpc({
    fn: 'resend_invitation',
    input: z.object({ invitationId: id, validFor: validFor.optional() }),
    params: { invitationId: ['p_invitation_id', 'uuid'], validFor: ['p_valid_for', 'interval'] },
    returns: 'row',
    output: issued,
  }),
  revoke: rpc({
    fn: 'revoke_invitation',
    input: z.object({ invitationId: id, reason: z.string().max(2000).optional() }),
    params: { invitationId: ['p_invitation_id', 'uuid'], reason: ['p_reason', 'text'] },
    returns: 'void',
    output: z.void(),
  }),
  list: rpc({
    fn: 'list_invitations',
    input: z.object({ tenantId: id, status: invitationStatus.optional() }),
    params: { tenantId: ['p_tenant_id', 'uuid'], status: ['p_status', 'text'] },
    returns: 'rows',
    output: z.object({
      id,
      email: z.string(),
      display_name: z.string(),
      home_org_id: id,
      home_org: z.string(),
      role_names: z.array(z.string()),
      user_type: userType,
      visibility,
      status: z.string(),
      invited_by: z.string(),
      created_at: timestamp,
      expires_at: timestamp,
    }),
  }),
  /** What the invitation offers (no access is given by reading it; anon may call it). */
  details: rpc({
    fn: 'invitation_details',
    input: z.object({ token }),
    params: { token: ['p_token', 'text'] },
    returns: 'row',
    output: z.object({ organization: z.string(), home_org: z.string(), email: z.string(), display_name: z.string(), expires_at: timestamp }),
  }),
  /** A signed-in person accepts an invitation sent to their address. */
  accept: rpc({
    fn: 'accept_invitation',
    input: z.object({ token, displayName: name(200, 'Your name').optional() }),
    params: { token: ['p_token', 'text'], displayName: ['p_display_name', 'text'] },
    returns: 'value',
    output: id,
  }),
  /** Embedded sign-in: accepting creates the login with this password. */
  acceptWithPassword: rpc({
    fn: 'accept_invitation_with_password',
    input: z.object({ token, password, displayName: name(200, 'Your name').optional() }),
    params: { token: ['p_token', 'text'], password: ['p_password', 'text'], displayName: ['p_display_name', 'text'] },
    returns: 'value',
    output: id,
  }),
};
