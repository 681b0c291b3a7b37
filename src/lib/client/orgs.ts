// Organizations (T1, A2, P2, U2): the org tree, company types, company roles
// (the ceiling), email domains and installed modules.
import { z } from 'zod';
import { read, rpc } from './operation.ts';
import { reason, reasonParam } from './reason.ts';
import { id, name, timestamp, userType } from './schemas.ts';

/** An enum array: parsed by PostgREST, a '{a,b}' literal from node-postgres (enum arrays have no parser there). */
const userTypes = z.preprocess(
  (v) => (typeof v === 'string' && /^\{.*\}$/.test(v) ? (v === '{}' ? [] : v.slice(1, -1).split(',')) : v),
  z.array(userType),
);
const companyTypeKey = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'A company type key is lowercase letters, digits and underscores, starting with a letter.');
const domain = z.string().trim().toLowerCase().regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/, 'Enter a domain such as example.com.');
const tenantOnly = z.object({ tenantId: id });
const tenantFilter = { tenantId: 'tenant_id' } as const;

export const orgs = {
  /** The tenant itself (RLS: its members): its name and whether RBAC is on (U4). */
  tenant: read({
    table: 'tenants',
    input: z.object({ tenantId: id }),
    filters: { tenantId: 'id' },
    order: [],
    output: z.object({ id, name: z.string(), rbac_enabled: z.boolean() }),
  }),
  list: read({
    table: 'orgs',
    input: tenantOnly,
    filters: tenantFilter,
    order: ['name'],
    output: z.object({ id, parent_id: id.nullable(), name: z.string(), company_type_id: id.nullable(), created_at: timestamp }),
  }),
  companyTypes: read({
    table: 'company_types',
    input: tenantOnly,
    filters: tenantFilter,
    order: ['name'],
    output: z.object({ id, key: z.string(), name: z.string(), allowed_user_types: userTypes }),
  }),
  /** A2: company roles per org (RLS: organizations.view). */
  companyRoles: read({
    table: 'org_company_roles',
    input: tenantOnly,
    filters: tenantFilter,
    order: [],
    output: z.object({ org_id: id, role_id: id }),
  }),
  emailDomains: read({
    table: 'org_email_domains',
    input: tenantOnly,
    filters: tenantFilter,
    order: ['domain'],
    output: z.object({ domain: z.string(), org_id: id, created_at: timestamp }),
  }),
  create: rpc({
    fn: 'create_org',
    input: z.object({ parentId: id, name: name(200, 'The organization name'), companyTypeKey: companyTypeKey.optional() }),
    params: { parentId: ['p_parent_id', 'uuid'], name: ['p_name', 'text'], companyTypeKey: ['p_company_type_key', 'text'] },
    returns: 'value',
    output: id,
  }),
  update: rpc({
    fn: 'update_org',
    input: z.object({ orgId: id, name: name(200, 'The organization name').optional(), companyTypeKey: companyTypeKey.optional(), parentId: id.optional(), reason: reason.optional() }),
    params: { orgId: ['p_org_id', 'uuid'], name: ['p_name', 'text'], companyTypeKey: ['p_company_type_key', 'text'], parentId: ['p_parent_id', 'uuid'], ...reasonParam },
    returns: 'void',
    output: z.void(),
  }),
  /** T1: an organization nothing uses any more (RB047 names what still does). */
  delete: rpc({
    fn: 'delete_org',
    input: z.object({ orgId: id, reason: z.string().max(2000).optional() }),
    params: { orgId: ['p_org_id', 'uuid'], reason: ['p_reason', 'text'] },
    returns: 'void',
    output: z.void(),
  }),
  /** A3: rename a company type or change the user types it allows. */
  updateCompanyType: rpc({
    fn: 'update_company_type',
    input: z.object({ tenantId: id, key: companyTypeKey, name: name(200, 'The company type name').optional(), allowedUserTypes: z.array(userType).min(1).optional(), reason: reason.optional() }),
    params: { tenantId: ['p_tenant_id', 'uuid'], key: ['p_key', 'text'], name: ['p_name', 'text'], allowedUserTypes: ['p_allowed_user_types', 'rbac.user_type[]'], ...reasonParam },
    returns: 'void',
    output: z.void(),
  }),
  createCompanyType: rpc({
    fn: 'create_company_type',
    input: z.object({ tenantId: id, key: companyTypeKey, name: name(200, 'The company type name'), allowedUserTypes: z.array(userType).min(1).optional() }),
    params: { tenantId: ['p_tenant_id', 'uuid'], key: ['p_key', 'text'], name: ['p_name', 'text'], allowedUserTypes: ['p_allowed_user_types', 'rbac.user_type[]'] },
    returns: 'value',
    output: id,
  }),
  /** P2 */
  setModuleInstalled: rpc({
    fn: 'set_module_installed',
    input: z.object({ tenantId: id, moduleKey: z.string().min(1), installed: z.boolean(), reason: reason.optional() }),
    params: { tenantId: ['p_tenant_id', 'uuid'], moduleKey: ['p_module_key', 'text'], installed: ['p_installed', 'boolean'], ...reasonParam },
    returns: 'void',
    output: z.void(),
  }),
  addEmailDomain: rpc({
    fn: 'add_email_domain',
    input: z.object({ orgId: id, domain }),
    params: { orgId: ['p_org_id', 'uuid'], domain: ['p_domain', 'text'] },
    returns: 'void',
    output: z.void(),
  }),
  removeEmailDomain: rpc({
    fn: 'remove_email_domain',
    input: z.object({ domain }),
    params: { domain: ['p_domain', 'text'] },
    returns: 'void',
    output: z.void(),
  }),
  assignCompanyRole: rpc({
    fn: 'assign_company_role',
    input: z.object({ orgId: id, roleId: id, reason: reason.optional() }),
    params: { orgId: ['p_org_id', 'uuid'], roleId: ['p_role_id', 'uuid'], ...reasonParam },
    returns: 'void',
    output: z.void(),
  }),
  unassignCompanyRole: rpc({
    fn: 'unassign_company_role',
    input: z.object({ orgId: id, roleId: id, reason: reason.optional() }),
    params: { orgId: ['p_org_id', 'uuid'], roleId: ['p_role_id', 'uuid'], ...reasonParam },
    returns: 'void',
    output: z.void(),
  }),
};
