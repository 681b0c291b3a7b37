// T1/A2/A3/P2/U2: the org tree with company types, company roles (the
// ceiling), email domains (join requests) and installed modules.
import { companyRoleForm, companyTypeForm, companyTypeUpdateForm, domainForm, moduleForm, orgDeleteForm, orgForm, orgUpdateForm, removeDomainForm } from '$lib/forms/admin';
import { formAction } from '$lib/server/forms';
import { loadOrFail, requireTenant } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';
import { allRows } from '$lib/server/paging';
import { withRoleLabels } from '$lib/labels';

export const load: PageServerLoad = async ({ locals, url }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  const [orgs, companyTypes, companyRoles, domains, modules, roles] = await loadOrFail(
    Promise.all([
      rbac.orgs.list({ tenantId }),
      rbac.orgs.companyTypes({ tenantId }),
      rbac.orgs.companyRoles({ tenantId }),
      rbac.orgs.emailDomains({ tenantId }),
      rbac.roles.modules({ tenantId }),
      allRows((offset, limit) => rbac.roles.list({ tenantId, kind: 'company', offset, limit }), 500).catch(() => []),
    ]),
  );
  return { orgs, companyTypes, companyRoles, domains, modules: modules.filter((m) => m.parent_id === null), companyRoleOptions: withRoleLabels(roles, orgs) };
};

const done = (message: string) => ({ done: message });

export const actions: Actions = {
  createOrg: formAction(orgForm, async (input, { locals }) => (await locals.rbac.orgs.create(input), done('Organization created.')), 'createOrg'),
  updateOrg: formAction(orgUpdateForm, async (input, { locals }) => (await locals.rbac.orgs.update(input), done('Organization saved.')), 'updateOrg'),
  deleteOrg: formAction(orgDeleteForm, async (input, { locals }) => (await locals.rbac.orgs.delete(input), done('Organization deleted.')), 'deleteOrg'),
  updateCompanyType: formAction(companyTypeUpdateForm, async (input, { locals }) => {
    await locals.rbac.orgs.updateCompanyType({ tenantId: locals.tenantId ?? '', ...input });
    return done('Company type saved.');
  }, 'updateCompanyType'),
  createCompanyType: formAction(companyTypeForm, async ({ allowedUserTypes, ...input }, { locals }) => {
    await locals.rbac.orgs.createCompanyType({ tenantId: locals.tenantId ?? '', ...input, allowedUserTypes: allowedUserTypes.length ? allowedUserTypes : undefined });
    return done('Company type created.');
  }, 'createCompanyType'),
  addDomain: formAction(domainForm, async (input, { locals }) => (await locals.rbac.orgs.addEmailDomain(input), done('Domain added.')), 'addDomain'),
  removeDomain: formAction(removeDomainForm, async (input, { locals }) => (await locals.rbac.orgs.removeEmailDomain(input), done('Domain removed.')), 'removeDomain'),
  setModule: formAction(moduleForm, async (input, { locals }) => {
    await locals.rbac.orgs.setModuleInstalled({ tenantId: locals.tenantId ?? '', ...input });
    return done(input.installed ? 'Module installed.' : 'Module uninstalled: it grants nothing now.');
  }, 'setModule'),
  assignCompanyRole: formAction(companyRoleForm, async (input, { locals }) => (await locals.rbac.orgs.assignCompanyRole(input), done('Company role assigned.')), 'assignCompanyRole'),
  unassignCompanyRole: formAction(companyRoleForm, async (input, { locals }) => (await locals.rbac.orgs.unassignCompanyRole(input), done('Company role removed.')), 'unassignCompanyRole'),
};
