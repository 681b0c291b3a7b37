// Roles (R1–R7, A4, A6): list with search, filters and sort, detail matrix,
// holders, create/update/disable/restore/approve, templates, assignable
// lists, lint, and the catalog the role form's grid is drawn from.
import { z } from 'zod';
import { read, rpc } from './operation.ts';
import { reason, reasonParam } from './reason.ts';
import { count, id, ids, limit, name, offset, permissionKey, roleKind, scope, memberStatus, timestamp } from './schemas.ts';

/** A role's permissions as create_role/update_role take them. */
export const permissionGrant = z.union([permissionKey, z.object({ permission: permissionKey, scope: scope.optional() })]);
const permissions = z.array(permissionGrant).max(2000);
const description = z.string().max(2000, 'The description can be at most 2000 characters long.');
const roleOnly = z.object({ roleId: id });
const roleParam = { roleId: ['p_role_id', 'uuid'] } as const;

export const roleSort = z.enum(['name', 'created_at', 'updated_at', 'holders', 'org']);

export const roles = {
  /** R6: only roles the caller may see are listed (the database decides). */
  list: rpc({
    fn: 'list_roles',
    input: z.object({
      tenantId: id,
      search: z.string().max(200).optional(),
      kind: roleKind.optional(),
      orgId: id.optional(),
      permission: permissionKey.optional(),
      unused: z.boolean().optional(),
      includeDisabled: z.boolean().optional(),
      sort: roleSort.optional(),
      descending: z.boolean().optional(),
      limit: limit.optional(),
      offset: offset.optional(),
    }),
    params: {
      tenantId: ['p_tenant_id', 'uuid'],
      search: ['p_search', 'text'],
      kind: ['p_kind', 'rbac.role_kind'],
      orgId: ['p_org_id', 'uuid'],
      permission: ['p_permission', 'text'],
      unused: ['p_unused', 'boolean'],
      includeDisabled: ['p_include_disabled', 'boolean'],
      sort: ['p_sort', 'text'],
      descending: ['p_descending', 'boolean'],
      limit: ['p_limit', 'integer'],
      offset: ['p_offset', 'integer'],
    },
    returns: 'rows',
    output: z.object({
      id,
      name: z.string(),
      description: z.string(),
      kind: roleKind,
      org_id: id,
      org_name: z.string(),
      system_key: z.string().nullable(),
      created_at: timestamp,
      updated_at: timestamp,
      disabled_at: timestamp.nullable(),
      approved_at: timestamp.nullable(),
      holder_count: count,
      permission_count: count,
      total_count: count,
    }),
  }),
  /** One role's fields (RLS: visible roles only). */
  get: read({
    table: 'roles',
    input: z.object({ roleId: id }),
    filters: { roleId: 'id' },
    order: [],
    output: z.object({
      id,
      tenant_id: id,
      org_id: id,
      name: z.string(),
      description: z.string(),
      kind: roleKind,
      system_key: z.string().nullable(),
      grants_all: z.boolean(),
      hidden: z.boolean(),
      created_at: timestamp,
      updated_at: timestamp,
      approved_at: timestamp.nullable(),
      /** S3: the member who approved the current permissions (names through members.names). */
      approved_by: id.nullable(),
      disabled_at: timestamp.nullable(),
    }),
  }),
  /** R6/P4: installed modules × actions; granted directly or by implication. */
  matrix: rpc({
    fn: 'role_matrix',
    input: roleOnly,
    params: roleParam,
    returns: 'rows',
    output: z.object({
      module_key: z.string(),
      module_name: z.string(),
      parent_key: z.string().nullable(),
      is_admin: z.boolean(),
      permission: z.string(),
      action: z.string(),
      action_name: z.string(),
      scoped: z.boolean(),
      granted: z.boolean(),
      scope: scope.nullable(),
      implied: z.boolean(),
      implies: z.array(z.string()),
    }),
  }),
  /** R5: who holds the role and how, to reassign before disabling it. */
  holders: rpc({
    fn: 'role_holders',
    input: roleOnly,
    params: roleParam,
    returns: 'rows',
    output: z.object({
      member_id: id.nullable(),
      display_name: z.string(),
      email: z.string().nullable(),
      status: memberStatus.nullable(),
      via: z.string(),
      via_id: id.nullable(),
    }),
  }),
  create: rpc({
    fn: 'create_role',
    input: z.object({
      orgId: id,
      name: name(100, 'The role name'),
      description: description.optional(),
      permissions: permissions.optional(),
      kind: roleKind.optional(),
      companyTypeKeys: z.array(z.string()).optional(),
      templateKey: z.string().optional(),
    }),
    params: {
      orgId: ['p_org_id', 'uuid'],
      name: ['p_name', 'text'],
      description: ['p_description', 'text'],
      permissions: ['p_permissions', 'jsonb'],
      kind: ['p_kind', 'rbac.role_kind'],
      companyTypeKeys: ['p_company_type_keys', 'text[]'],
      templateKey: ['p_template_key', 'text'],
    },
    returns: 'value',
    output: id,
  }),
  /** R4: applies to every holder on their next query. Fields left out keep their value. */
  update: rpc({
    fn: 'update_role',
    input: z.object({
      roleId: id,
      name: name(100, 'The role name').optional(),
      description: description.optional(),
      permissions: permissions.optional(),
      companyTypeKeys: z.array(z.string()).optional(),
      reason: reason.optional(),
    }),
    params: {
      roleId: ['p_role_id', 'uuid'],
      name: ['p_name', 'text'],
      description: ['p_description', 'text'],
      permissions: ['p_permissions', 'jsonb'],
      companyTypeKeys: ['p_company_type_keys', 'text[]'],
      ...reasonParam,
    },
    returns: 'void',
    output: z.void(),
  }),
  disable: rpc({
    fn: 'disable_role',
    input: z.object({ roleId: id, reason: reason.optional() }),
    params: { ...roleParam, ...reasonParam },
    returns: 'void',
    output: z.void(),
  }),
  restore: rpc({
    fn: 'restore_role',
    input: z.object({ roleId: id, reason: reason.optional() }),
    params: { ...roleParam, ...reasonParam },
    returns: 'void',
    output: z.void(),
  }),
  approve: rpc({ fn: 'approve_role', input: z.object({ roleId: id, reason: reason.optional() }), params: { ...roleParam, ...reasonParam }, returns: 'void', output: z.void() }),
  /** Why the caller may not approve the role now, or null (the page offers Approve only then). */
  approvalRefusal: rpc({ fn: 'role_approval_refusal', input: roleOnly, params: roleParam, returns: 'value', output: z.string().nullable() }),
  createFromTemplate: rpc({
    fn: 'create_role_from_template',
    input: z.object({ orgId: id, templateKey: z.string().min(1), name: name(100, 'The role name').optional() }),
    params: { orgId: ['p_org_id', 'uuid'], templateKey: ['p_template_key', 'text'], name: ['p_name', 'text'] },
    returns: 'value',
    output: id,
  }),
  /** R3: the company types a role is limited to (none: every type). RLS: roles the caller may see. */
  companyTypes: read({
    table: 'role_company_types',
    input: roleOnly,
    filters: { roleId: 'role_id' },
    order: [],
    output: z.object({ role_id: id, company_type_id: id }),
  }),
  /** A4: the role's assignable-role list (none: no list). RLS: roles the caller may see. */
  assignableList: read({
    table: 'role_assignable_roles',
    input: roleOnly,
    filters: { roleId: 'role_id' },
    order: [],
    output: z.object({ role_id: id, assignable_role_id: id }),
  }),
  /** A4: replaces the list; an empty list removes it. */
  setAssignable: rpc({
    fn: 'set_assignable_roles',
    input: z.object({ roleId: id, assignableRoleIds: ids, reason: reason.optional() }),
    params: { ...roleParam, assignableRoleIds: ['p_assignable_role_ids', 'uuid[]'], ...reasonParam },
    returns: 'void',
    output: z.void(),
  }),
  /** A4: the roles the caller may give someone at an org. */
  assignable: rpc({
    fn: 'assignable_roles',
    input: z.object({ orgId: id }),
    params: { orgId: ['p_org_id', 'uuid'] },
    returns: 'rows',
    output: z.object({ id, name: z.string(), description: z.string(), org_id: id }),
  }),
  /** R7 */
  lint: rpc({
    fn: 'lint_roles',
    input: z.object({ tenantId: id }),
    params: { tenantId: ['p_tenant_id', 'uuid'] },
    returns: 'rows',
    output: z.object({ rule: z.string(), severity: z.string(), role_id: id.nullable(), role_name: z.string(), detail: z.string() }),
  }),
  /** A6: pairs of permissions no member may hold together (permission ids; keys from `permissions`). */
  sodRules: read({
    table: 'sod_rules',
    input: z.object({ tenantId: id }),
    filters: { tenantId: 'tenant_id' },
    order: ['name'],
    output: z.object({ id, name: z.string(), permission_a: count, permission_b: count, created_at: timestamp }),
  }),
  /** A6: declares a rule; members already holding both are listed by `lint`. */
  createSodRule: rpc({
    fn: 'create_sod_rule',
    input: z.object({ tenantId: id, name: name(200, 'The rule name'), permissionA: permissionKey, permissionB: permissionKey, reason: reason.optional() }),
    params: { tenantId: ['p_tenant_id', 'uuid'], name: ['p_name', 'text'], permissionA: ['p_permission_a', 'text'], permissionB: ['p_permission_b', 'text'], ...reasonParam },
    returns: 'value',
    output: id,
  }),
  deleteSodRule: rpc({
    fn: 'delete_sod_rule',
    input: z.object({ ruleId: id, reason: reason.optional() }),
    params: { ruleId: ['p_rule_id', 'uuid'], ...reasonParam },
    returns: 'void',
    output: z.void(),
  }),
  templates: read({
    table: 'role_templates',
    input: z.object({ tenantId: id }),
    filters: { tenantId: 'tenant_id' },
    order: ['name'],
    output: z.object({ id, key: z.string(), name: z.string(), description: z.string(), kind: roleKind }),
  }),
  /** The tenant's catalog, for the role form's grid (P1, P2, P3). */
  modules: read({
    table: 'modules',
    input: z.object({ tenantId: id }),
    filters: { tenantId: 'tenant_id' },
    order: ['position', 'key'],
    output: z.object({
      id: count,
      key: z.string(),
      name: z.string(),
      description: z.string(),
      parent_id: count.nullable(),
      is_admin: z.boolean(),
      installed: z.boolean(),
      position: z.number().int(),
      is_core: z.boolean(),
    }),
  }),
  permissions: read({
    table: 'permissions',
    input: z.object({ tenantId: id }),
    filters: { tenantId: 'tenant_id' },
    order: ['module_id', 'position'],
    output: z.object({ id: count, module_id: count, key: z.string(), action: z.string(), name: z.string(), scoped: z.boolean(), position: z.number().int() }),
  }),
  /** P4: declared implications (edit ⇒ view), shown in the grid. */
  implications: read({
    table: 'permission_implications',
    input: z.object({ tenantId: id }),
    filters: { tenantId: 'tenant_id' },
    order: [],
    output: z.object({ permission_id: count, implied_id: count }),
  }),
};
