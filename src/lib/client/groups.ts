// Groups and teams (A1): members inherit a group's roles; a team is the unit
// of the "team" scope.
import { z } from 'zod';
import { read, rpc } from './operation.ts';
import { reason, reasonParam } from './reason.ts';
import { id, name, timestamp } from './schemas.ts';

const groupParam = { groupId: ['p_group_id', 'uuid'] } as const;
// L1: every change to who holds what can say why (kept in the audit log).
const groupAndMember = z.object({ groupId: id, memberId: id, reason: reason.optional() });
const groupAndRole = z.object({ groupId: id, roleId: id, reason: reason.optional() });

export const groups = {
  list: read({
    table: 'groups',
    input: z.object({ tenantId: id }),
    filters: { tenantId: 'tenant_id' },
    order: ['name'],
    output: z.object({ id, org_id: id, name: z.string(), description: z.string(), created_at: timestamp }),
  }),
  /** Group membership of members the caller can see (RLS). */
  memberships: read({
    table: 'group_members',
    input: z.object({ tenantId: id, groupId: id.optional() }),
    filters: { tenantId: 'tenant_id', groupId: 'group_id' },
    order: [],
    output: z.object({ group_id: id, member_id: id }),
  }),
  /** Roles given through groups (RLS: groups.view). */
  roleLinks: read({
    table: 'group_roles',
    input: z.object({ tenantId: id, groupId: id.optional() }),
    filters: { tenantId: 'tenant_id', groupId: 'group_id' },
    order: [],
    output: z.object({ group_id: id, role_id: id }),
  }),
  create: rpc({
    fn: 'create_group',
    input: z.object({ orgId: id, name: name(100, 'The group name'), description: z.string().max(2000).optional() }),
    params: { orgId: ['p_org_id', 'uuid'], name: ['p_name', 'text'], description: ['p_description', 'text'] },
    returns: 'value',
    output: id,
  }),
  /** A1: fields left out keep their value. */
  update: rpc({
    fn: 'update_group',
    input: z.object({ groupId: id, name: name(100, 'The group name').optional(), description: z.string().max(2000).optional() }),
    params: { ...groupParam, name: ['p_name', 'text'], description: ['p_description', 'text'] },
    returns: 'void',
    output: z.void(),
  }),
  remove: rpc({ fn: 'delete_group', input: z.object({ groupId: id, reason: reason.optional() }), params: { ...groupParam, ...reasonParam }, returns: 'void', output: z.void() }),
  addMember: rpc({
    fn: 'add_group_member',
    input: groupAndMember,
    params: { ...groupParam, memberId: ['p_member_id', 'uuid'], ...reasonParam },
    returns: 'void',
    output: z.void(),
  }),
  removeMember: rpc({
    fn: 'remove_group_member',
    input: groupAndMember,
    params: { ...groupParam, memberId: ['p_member_id', 'uuid'], ...reasonParam },
    returns: 'void',
    output: z.void(),
  }),
  assignRole: rpc({
    fn: 'assign_group_role',
    input: groupAndRole,
    params: { ...groupParam, roleId: ['p_role_id', 'uuid'], ...reasonParam },
    returns: 'void',
    output: z.void(),
  }),
  unassignRole: rpc({
    fn: 'unassign_group_role',
    input: groupAndRole,
    params: { ...groupParam, roleId: ['p_role_id', 'uuid'], ...reasonParam },
    returns: 'void',
    output: z.void(),
  }),
};
