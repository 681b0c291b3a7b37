// R7/A6: role health: the database's lint of the tenant's roles (delete without
// restore, roles nobody holds, duplicates, separation-of-duties conflicts) and
// the separation-of-duties rules themselves.
import { sodRuleDeleteForm, sodRuleForm } from '$lib/forms/roles';
import { formAction } from '$lib/server/forms';
import { loadOrFail, requireTenant } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  const [findings, rules, permissions] = await loadOrFail(
    Promise.all([rbac.roles.lint({ tenantId }), rbac.roles.sodRules({ tenantId }), rbac.roles.permissions({ tenantId })]),
  );
  const keyOf = new Map(permissions.map((p) => [p.id, p.key]));
  return {
    findings,
    rules: rules.map((r) => ({ id: r.id, name: r.name, a: keyOf.get(r.permission_a) ?? '?', b: keyOf.get(r.permission_b) ?? '?' })),
    permissionKeys: permissions.map((p) => p.key).sort(),
  };
};

export const actions: Actions = {
  createRule: formAction(sodRuleForm, async (input, { locals }) => {
    await locals.rbac.roles.createSodRule({ tenantId: locals.tenantId ?? '', ...input });
    return { done: 'Rule added. From now on a change that would give someone both is refused; who holds both already is listed under Findings.' };
  }, 'createRule'),
  deleteRule: formAction(sodRuleDeleteForm, async (input, { locals }) => {
    await locals.rbac.roles.deleteSodRule(input);
    return { done: 'Rule removed.' };
  }, 'deleteRule'),
};
