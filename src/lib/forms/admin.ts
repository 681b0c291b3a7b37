// Forms of the Groups, Organizations, Record visibility, Audit Log, Access Review and View-as pages.
import { z } from 'zod';
import { idField, integer, list, optional, text } from './fields';

const permissionKey = z.string().regex(/^[a-z][a-z0-9_.]*\.[a-zA-Z0-9_]+$/, 'Choose a permission.');

export const groupForm = z.object({ orgId: idField, name: text('The group name', 100), description: optional(z.string().max(2000)) });
export const groupMemberForm = z.object({ memberId: idField });
export const groupRoleForm = z.object({ roleId: idField });

export const orgForm = z.object({ parentId: idField, name: text('The organization name'), companyTypeKey: optional(z.string()) });
export const orgUpdateForm = z.object({ orgId: idField, name: optional(text('The organization name')), companyTypeKey: optional(z.string()), parentId: optional(idField) });
export const companyTypeForm = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'Lowercase letters, digits and underscores, starting with a letter.'),
  name: text('The company type name'),
  allowedUserTypes: list(z.enum(['company_admin', 'administrator', 'power_user', 'private_user'])),
});
export const orgDeleteForm = z.object({ orgId: idField, reason: optional(z.string().max(2000, 'The reason can be at most 2000 characters long.')) });
export const companyTypeUpdateForm = companyTypeForm.extend({
  allowedUserTypes: list(z.enum(['company_admin', 'administrator', 'power_user', 'private_user'])).refine((l) => l.length > 0, 'Allow at least one user type.'),
});
export const domainForm = z.object({ orgId: idField, domain: z.string().trim().toLowerCase().min(3, 'Enter a domain such as example.com.') });
export const removeDomainForm = z.object({ domain: z.string().min(1) });
export const moduleForm = z.object({ moduleKey: z.string().min(1), installed: z.enum(['true', 'false']).transform((v) => v === 'true') });
export const companyRoleForm = z.object({ orgId: idField, roleId: idField });
export const assigneeForm = z.object({ name: text('The assignee name'), externalKey: optional(z.string().trim().max(200)), memberId: optional(idField) });
export const territoryForm = z.object({ name: text('The territory name') });
export const renameForm = z.object({ id: idField, name: text('The name') });
export const groupUpdateForm = z.object({ name: text('The group name', 100), description: optional(z.string().max(2000, 'The description can be at most 2000 characters long.')) });

const date = optional(z.iso.date('Enter a date.').transform((d) => new Date(`${d}T00:00:00Z`)));
export const auditQuery = z.object({
  action: optional(z.string().regex(/^[a-z_]+(\.[a-z_]+)?$/)),
  actorMemberId: optional(idField),
  targetId: optional(z.string().max(200)),
  from: date,
  to: date,
  offset: integer(0, 10_000_000, 0),
});

export const fingerprintForm = z.object({
  seq: z.coerce.number({ message: 'Enter the entry number.' }).int('Enter the entry number.').min(1, 'Enter the entry number.'),
  fingerprint: z.string().trim().regex(/^[0-9a-fA-F]{64}$/, 'A fingerprint is the 64 hexadecimal characters the audit log showed.'),
});

export const reviewQuery = z.object({ permission: optional(permissionKey), module: optional(z.string().regex(/^[a-z][a-z0-9_.]*$/)) });
export const signOffForm = z.object({ notes: optional(z.string().max(2000, 'The notes can be at most 2000 characters long.')) });
export const viewAsForm = z.object({ memberId: idField });
