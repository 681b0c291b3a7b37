// U1: after an invitation is created or resent, its link goes to the invitee
// by mail when a mail server is set up, and is shown to the admin either way
// (once: only the token's hash is kept).
import type { RbacClient } from '$lib/client';
import { config } from './config';
import { createMailer, type MailOutcome } from './mail';

export interface Delivery {
  link: string;
  mail: MailOutcome;
}

export async function deliverInvitation(rbac: RbacClient, token: string, origin: string): Promise<Delivery> {
  const link = `${origin}/invite/${encodeURIComponent(token)}`;
  const details = await rbac.invitations.details({ token });
  return { link, mail: await createMailer(config().mail).sendInvitation(details, link) };
}
