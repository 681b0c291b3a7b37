// Members (U5–U7, A1, A8): the Users list, one member's detail, roles,
// access edits, deactivation with reassignment, reactivation, deletion,
// and "why does this member have (or lack) this permission".
import { z } from 'zod';
import { read, rpc } from './operation.ts';
import { count, id, ids, memberStatus, name, offset, permissionKey, scope, timestamp, userType, visibility } from './schemas.ts';
import { reason as reasonText, reasonParam } from './reason.ts';

const memberOnly = z.object({ memberId: id });
const memberParam = { memberId: ['p_member_id', 'uuid'] } as const;
const reason = z.string().max(2000).optional();

export const explanation = z.object({
  member_id: id,
  member: z.string(),
  permission: z.string(),
  allowed: z.boolean(),
  scope: scope.nullable(),
  member_status: memberStatus,
  user_type: userType,
  rbac_enabled: z.boolean(),
  module_installed: z.boolean(),
  grants: z.array(
    z.object({
      role: z.string(),
      role_id: id,
      via: z.string(),
      group: z.string().nullable(),
      role_disabled: z.boolean(),
      scope: scope.nullable(),
      implied_by: z.array(z.string()).nullable(),
      grants_all: z.boolean(),
    }),
  ),
  ceilings: z.array(z.object({ org_id: id, org: z.string(), allows: z.boolean(), company_roles: z.array(z.string()).nullable() })),
  scope_orgs: z.number(),
});

export const members = {
  list: rpc({
    fn: 'list_members',
    input: z.object({
      tenantId: id,
      search: z.string().max(200).optional(),
      status: memberStatus.optional(),
      roleId: id.optional(),
      orgId: id.optional(),
      limit: z.number().int().min(1).max(500).optional(),
      offset: offset.optional(),
    }),
    params: {
      tenantId: ['p_tenant_id', 'uuid'],
      search: ['p_search', 'text'],
      status: ['p_status', 'rbac.member_status'],
      roleId: ['p_role_id', 'uuid'],
      orgId: ['p_org_id', 'uuid'],
      limit: ['p_limit', 'integer'],
      offset: ['p_offset', 'integer'],
    },
    returns: 'rows',
    output: z.object({
      id,
      display_name: z.string(),
      email: z.string().nullable(),
      status: memberStatus,
      user_type: userType,
      visibility,
      home_org_id: id,
      home_org_name: z.string(),
      role_ids: ids,
      role_names: z.array(z.string()),
      /** S4: holds a role above the caller's (a Super Administrator, to an Administrator); changing them is refused. */
      above_caller: z.boolean(),
      created_at: timestamp,
      deactivated_at: timestamp.nullable(),
      total_count: count,
    }),
  }),
  detail: rpc({
    fn: 'member_detail',
    input: memberOnly,
    params: memberParam,
    returns: 'row',
    output: z.object({
      id,
      tenant_id: id,
      display_name: z.string(),
      email: z.string().nullable(),
      status: memberStatus,
      user_type: userType,
      visibility,
      home_org_id: id,
      home_org_name: z.string(),
      role_ids: ids,
      accessible_org_ids: ids,
      group_ids: ids,
      assignee_ids: ids,
      is_self: z.boolean(),
      /** Why the caller may not change this member (themselves; S4: a holder of a hidden role), or null. */
      manage_refusal: z.string().nullable(),
      created_at: timestamp,
      deactivated_at: timestamp.nullable(),
    }),
  }),
  /** U5: the member's direct roles become exactly this list (each change passes A4). */
  setRoles: rpc({
    fn: 'set_member_roles',
    input: z.object({ memberId: id, roleIds: ids, reason: reasonText.optional() }),
    params: { ...memberParam, roleIds: ['p_role_ids', 'uuid[]'], ...reasonParam },
    returns: 'void',
    output: z.void(),
  }),
  assignRole: rpc({
    fn: 'assign_role',
    input: z.object({ memberId: id, roleId: id, reason: reasonText.optional() }),
    params: { ...memberParam, roleId: ['p_role_id', 'uuid'], ...reasonParam },
    returns: 'void',
    output: z.void(),
  }),
  unassignRole: rpc({
    fn: 'unassign_role',
    input: z.object({ memberId: id, roleId: id, reason: reasonText.optional() }),
    params: { ...memberParam, roleId: ['p_role_id', 'uuid'], ...reasonParam },
    returns: 'void',
    output: z.void(),
  }),
  /** U5: fields left out keep their value. */
  update: rpc({
    fn: 'update_member',
    input: z.object({
      memberId: id,
      displayName: name(200, 'The name').optional(),
      userType: userType.optional(),
      homeOrgId: id.optional(),
      visibility: visibility.optional(),
      assigneeIds: ids.optional(),
      accessibleOrgIds: ids.optional(),
      reason: reasonText.optional(),
    }),
    params: {
      ...reasonParam,
      ...memberParam,
      displayName: ['p_display_name', 'text'],
      userType: ['p_user_type', 'rbac.user_type'],
      homeOrgId: ['p_home_org_id', 'uuid'],
      visibility: ['p_visibility', 'rbac.visibility'],
      assigneeIds: ['p_assignee_ids', 'uuid[]'],
      accessibleOrgIds: ['p_accessible_org_ids', 'uuid[]'],
    },
    returns: 'void',
    output: z.void(),
  }),
  /** U6: open items to reassign before deactivating. */
  openWork: rpc({
    fn: 'member_open_work',
    input: memberOnly,
    params: memberParam,
    returns: 'rows',
    output: z.object({ label: z.string(), table_name: z.string(), open_items: count }),
  }),
  /** U6: returns how many items went to reassignTo. */
  deactivate: rpc({
    fn: 'deactivate_member',
    input: z.object({ memberId: id, reassignTo: id.optional(), reason }),
    params: { ...memberParam, reassignTo: ['p_reassign_to', 'uuid'], reason: ['p_reason', 'text'] },
    returns: 'value',
    output: count,
  }),
  reactivate: rpc({
    fn: 'reactivate_member',
    input: z.object({ memberId: id, reason }),
    params: { ...memberParam, reason: ['p_reason', 'text'] },
    returns: 'void',
    output: z.void(),
  }),
  /** U7: final; only a deactivated member. */
  remove: rpc({
    fn: 'delete_member',
    input: z.object({ memberId: id, reason }),
    params: { ...memberParam, reason: ['p_reason', 'text'] },
    returns: 'void',
    output: z.void(),
  }),
  /** A8 */
  explain: rpc({
    fn: 'explain_permission',
    input: z.object({ memberId: id, permission: permissionKey }),
    params: { ...memberParam, permission: ['p_permission', 'text'] },
    returns: 'value',
    output: explanation,
  }),
  /** U4 */
  enableRbac: rpc({
    fn: 'enable_rbac',
    input: z.object({ tenantId: id, reason: reasonText.optional() }),
    params: { tenantId: ['p_tenant_id', 'uuid'], ...reasonParam },
    returns: 'value',
    output: z.number().int(),
  }),
  /** Names of the members the caller may see (RLS: themselves, and the members they administer with users.view). */
  names: read({
    table: 'members',
    /** ids: only these members (the ones a page's rows name), not everyone the caller may see. */
    input: z.object({ tenantId: id, ids: ids.optional() }),
    filters: { tenantId: 'tenant_id', ids: 'id' },
    order: ['display_name'],
    output: z.object({ id, display_name: z.string() }),
  }),
  /** V1: the tenant's AMS assignees, for the visibility part of the member form. */
  assignees: read({
    table: 'assignees',
    input: z.object({ tenantId: id }),
    filters: { tenantId: 'tenant_id' },
    order: ['name'],
    output: z.object({ id, name: z.string(), external_key: z.string().nullable(), member_id: id.nullable() }),
  }),
  /** V1: an AMS assignee added by hand (tenant-wide administrators with users.edit). */
  createAssignee: rpc({
    fn: 'create_assignee',
    input: z.object({ tenantId: id, name: name(200, 'The assignee name'), externalKey: z.string().trim().max(200).optional(), memberId: id.optional() }),
    params: { tenantId: ['p_tenant_id', 'uuid'], name: ['p_name', 'text'], externalKey: ['p_external_key', 'text'], memberId: ['p_member_id', 'uuid'] },
    returns: 'value',
    output: id,
  }),
  /** V1: a new name; the books go by id. */
  renameAssignee: rpc({
    fn: 'rename_assignee',
    input: z.object({ assigneeId: id, name: name(200, 'The assignee name') }),
    params: { assigneeId: ['p_assignee_id', 'uuid'], name: ['p_name', 'text'] },
    returns: 'void',
    output: z.void(),
  }),
  /** V6: the tenant's sales territories. */
  territories: read({
    table: 'territories',
    input: z.object({ tenantId: id }),
    filters: { tenantId: 'tenant_id' },
    order: ['name'],
    output: z.object({ id, name: z.string() }),
  }),
  /** V6: the territories one member covers. */
  memberTerritories: read({
    table: 'member_territories',
    input: z.object({ memberId: id }),
    filters: { memberId: 'member_id' },
    order: ['territory_id'],
    output: z.object({ territory_id: id }),
  }),
  /** V6 */
  createTerritory: rpc({
    fn: 'create_territory',
    input: z.object({ tenantId: id, name: name(200, 'The territory name') }),
    params: { tenantId: ['p_tenant_id', 'uuid'], name: ['p_name', 'text'] },
    returns: 'value',
    output: id,
  }),
  /** V6: a new name; the filters go by id. */
  renameTerritory: rpc({
    fn: 'rename_territory',
    input: z.object({ territoryId: id, name: name(200, 'The territory name') }),
    params: { territoryId: ['p_territory_id', 'uuid'], name: ['p_name', 'text'] },
    returns: 'void',
    output: z.void(),
  }),
  /** V6: replaces the member's territories with this list. */
  setTerritories: rpc({
    fn: 'set_member_territories',
    input: z.object({ memberId: id, territoryIds: ids, reason: reasonText.optional() }),
    params: { memberId: ['p_member_id', 'uuid'], territoryIds: ['p_territory_ids', 'uuid[]'], ...reasonParam },
    returns: 'void',
    output: z.unknown(),
  }),
};
