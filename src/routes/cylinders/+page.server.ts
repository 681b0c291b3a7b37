// V6: the refrigerant cylinders this person may see, straight from the table
// under its row-level policies: all of their org scope with cylinders.view,
// else (cylinders.view_for_sale, SALES) only those FOR_SALE in the
// territories they cover. Territories by name.
import { loadOrFail, requireTenant } from '$lib/server/guard';
import { loadRecordContext, recordPage } from '$lib/server/records';
import { z } from 'zod';
import { idField } from '$lib/forms/fields';
import { formAction } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, parent }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  const pageArgs = recordPage(url);
  const layout = await parent();
  const [ctx, cylinders, territories] = await loadOrFail(
    Promise.all([loadRecordContext(rbac, tenantId, layout), rbac.records.cylinders({ tenantId, ...pageArgs }), rbac.members.territories({ tenantId })]),
  );
  const mine = ctx.viewer ? await loadOrFail(rbac.members.memberTerritories({ memberId: ctx.viewer.memberId })) : [];
  const territory = (territoryId: string): string => territories.find((t) => t.id === territoryId)?.name ?? '?';
  return {
    page: { ...pageArgs, shown: cylinders.length },
    viewer: ctx.viewer,
    seesAll: ctx.scope('cylinders.view') !== null,
    forSale: ctx.scope('cylinders.view_for_sale') !== null,
    myTerritories: mine.map((t) => territory(t.territory_id)),
    // S5: holders of cylinders.edit may move cylinders; where to is the database's call.
    canMove: ctx.scope('cylinders.edit') !== null,
    locations: ctx.orgs,
    cylinders: cylinders.map((c) => ({ ...c, org: ctx.orgName(c.org_id), territory: c.territory_id && territory(c.territory_id) })),
  };
};

export const actions: Actions = {
  move: formAction(z.object({ cylinderId: idField, orgId: idField }), async (input, { locals }) => {
    await locals.rbac.records.moveCylinder(input);
    return { done: 'Cylinder moved.' };
  }, 'move'),
};
