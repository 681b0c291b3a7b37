// Forms of the Users, Invitations and Join Requests pages.
import { z } from 'zod';
import { checkbox, emailField, idField, integer, list, optional, text } from './fields';

const userType = z.enum(['company_admin', 'administrator', 'power_user', 'private_user'], 'Choose a user type.');
const visibility = z.enum(['all', 'assigned'], 'Choose the account visibility.');

export const memberListQuery = z.object({
  search: optional(z.string().max(200)),
  status: optional(z.enum(['active', 'deactivated', 'pending', 'deleted'])),
  roleId: optional(idField),
  orgId: optional(idField),
  offset: integer(0, 1_000_000, 0),
});

export const inviteForm = z.object({
  email: emailField,
  displayName: text('The name'),
  homeOrgId: idField,
  roleIds: list(idField),
  userType,
  visibility,
  assigneeIds: list(idField),
});

/** L1: why, for the audit log (optional on every form that changes access). */
const changeReason = optional(z.string().max(2000, 'The reason can be at most 2000 characters long.'));

export const memberRolesForm = z.object({ roleIds: list(idField), reason: changeReason });

export const memberAccessForm = z.object({
  userType,
  homeOrgId: idField,
  visibility,
  assigneeIds: list(idField),
  accessibleOrgIds: list(idField),
  reason: changeReason,
});

export const memberTerritoriesForm = z.object({ territoryIds: list(idField) });

export const deactivateForm = z.object({ reassignTo: optional(idField), reason: optional(z.string().max(2000)) });
export const deleteForm = z.object({
  confirm: checkbox.refine((v) => v, 'Tick the box to confirm that deleting is final.'),
  reason: optional(z.string().max(2000)),
});
export const explainForm = z.object({ permission: z.string().regex(/^[a-z][a-z0-9_.]*\.[a-zA-Z0-9_]+$/, 'Choose a permission.') });

export const invitationIdForm = z.object({ invitationId: idField });
export const invitationListQuery = z.object({ status: z.enum(['pending', 'accepted', 'revoked', 'expired', 'all']).catch('pending') });

export const approveForm = z.object({ requestId: idField, roleIds: list(idField), userType, visibility, assigneeIds: list(idField), homeOrgId: optional(idField) });
export const rejectForm = z.object({ requestId: idField, reason: optional(z.string().max(2000, 'The reason can be at most 2000 characters long.')) });
export const joinRequestListQuery = z.object({ status: z.enum(['pending', 'approved', 'rejected', 'all']).catch('pending') });
