// U1: invitation mail. With SMTP_URL (smtp://user:password@host:587, or
// smtps:// for implicit TLS) and MAIL_FROM set, inviting and resending mail
// the link to the invitee; without them, or when sending fails, the admin is
// shown the link to pass on (the database never keeps it: tokens are stored
// only as hashes, so the mail is sent by the server that holds it, once).
// What the mail says comes from the database (invitation_details), the same
// text the invitee's accept page shows.
import nodemailer from 'nodemailer';
import type { RbacClient } from '$lib/client';

export interface MailSettings {
  smtpUrl: string;
  from: string;
}

export type InvitationDetails = Awaited<ReturnType<RbacClient['invitations']['details']>>;

/** What became of the invitation mail, for the page to say. */
export type MailOutcome = { mailed: true } | { mailed: false; reason: string };

export interface Mailer {
  sendInvitation(details: InvitationDetails, link: string): Promise<MailOutcome>;
}

export function invitationMessage(details: InvitationDetails, link: string): { subject: string; text: string } {
  const expires = new Date(details.expires_at).toUTCString();
  return {
    subject: `${details.organization} invites you to join`,
    text: [
      `Hello ${details.display_name},`,
      '',
      `You are invited to join ${details.organization} (${details.home_org}).`,
      'Open this link to accept and choose your password:',
      '',
      link,
      '',
      `The link works once and expires on ${expires}. If you did not expect this invitation, ignore this mail.`,
    ].join('\n'),
  };
}

export function createMailer(settings: MailSettings | undefined): Mailer {
  if (!settings) {
    return { sendInvitation: async () => ({ mailed: false, reason: 'No mail server is set up (SMTP_URL); pass the link on yourself.' }) };
  }
  const transport = nodemailer.createTransport(settings.smtpUrl);
  return {
    async sendInvitation(details, link) {
      const { subject, text } = invitationMessage(details, link);
      try {
        await transport.sendMail({ from: settings.from, to: details.email, subject, text });
        return { mailed: true };
      } catch (err) {
        return { mailed: false, reason: `The mail could not be sent (${(err as Error).message}); pass the link on yourself.` };
      }
    },
  };
}
