// U1: invitations: list by status, resend (new link, mailed when a mail server
// is set up; the old one dead), revoke.
import { fromQuery } from '$lib/forms/fields';
import { invitationIdForm, invitationListQuery } from '$lib/forms/members';
import { formAction } from '$lib/server/forms';
import { deliverInvitation } from '$lib/server/invitation-delivery';
import { loadOrFail, requireTenant } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const { rbac, tenantId } = requireTenant(locals, url);
  const query = fromQuery(invitationListQuery, url.searchParams);
  return { query, invitations: await loadOrFail(rbac.invitations.list({ tenantId, status: query.status })) };
};

export const actions: Actions = {
  resend: formAction(invitationIdForm, async ({ invitationId }, { locals, url }) => {
    const issued = await locals.rbac.invitations.resend({ invitationId });
    return { resent: { expires: issued.expires_at, ...(await deliverInvitation(locals.rbac, issued.token, url.origin)) } };
  }, 'resend'),
  revoke: formAction(invitationIdForm, async ({ invitationId }, { locals }) => {
    await locals.rbac.invitations.revoke({ invitationId });
    return { revoked: true };
  }, 'revoke'),
};
