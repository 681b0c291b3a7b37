// S5: each location's business settings (name, EIN, brand, EPA
// certification), as the database shows them to this person: an ORG_ADMIN
// sees and edits their own location's; TECHNICIAN and SALES see none. The
// table's policies decide both; the form is offered to holders of
// org_settings.edit and the database has the last word.
import { z } from 'zod';
import { idField, optional } from '$lib/forms/fields';
import { formAction } from '$lib/server/forms';
import { loadOrFail, requireTenant } from '$lib/server/guard';
import { loadRecordContext, recordPage } from '$lib/server/records';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, parent }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  const pageArgs = recordPage(url);
  const layout = await parent();
  const [ctx, settings] = await loadOrFail(Promise.all([loadRecordContext(rbac, tenantId, layout), rbac.records.orgSettings({ tenantId, ...pageArgs })]));
  return {
    page: { ...pageArgs, shown: settings.length },
    viewer: ctx.viewer,
    canEdit: ctx.scope('org_settings.edit') !== null,
    settings: settings.map((s) => ({ ...s, id: s.org_id, org: ctx.orgName(s.org_id) })),
  };
};

const settingsForm = z.object({
  orgId: idField,
  businessName: z.string().max(200, 'At most 200 characters.'),
  ein: optional(z.string().regex(/^[0-9]{2}-[0-9]{7}$/, 'Two digits, a dash and seven digits (12-3456789).')),
  brandColor: optional(z.string().regex(/^#[0-9a-fA-F]{6}$/, '# and six hex digits (#1a73e8).')),
  epaCertification: z.string().max(100, 'At most 100 characters.'),
});

export const actions: Actions = {
  save: formAction(settingsForm, async (input, { locals }) => {
    await locals.rbac.records.updateOrgSettings({ ...input, ein: input.ein ?? '', brandColor: input.brandColor ?? '' });
    return { done: 'Settings saved.' };
  }, 'save'),
};
