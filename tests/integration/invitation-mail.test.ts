// U1: invitations are mailed when a mail server is set up. A real SMTP server
// (smtp-server) receives what src/lib/server/mail.ts sends for an invitation
// the database really issued; the wording comes from invitation_details.
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMailer } from '../../src/lib/server/mail.ts';
import { freePort } from '../../scripts/lib/ports.ts';
import { closePool, newTenant } from '../helpers/db.ts';
import { clientAs, closeAuthenticatorPool } from '../client/support.ts';

interface Received {
  from: string | undefined;
  to: string[];
  raw: string;
}

let server: SMTPServer;
let port: number;
const received: Received[] = [];

beforeAll(async () => {
  port = await freePort();
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await closeAuthenticatorPool();
  await closePool();
});

/** The message body with quoted-printable soft breaks and escapes undone. */
function bodyOf(raw: string): string {
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  return body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

describe('U1: invitation mail', () => {
  test('U1: the invitee receives the single-use link, with the organization and expiry the database gives', async () => {
    const tenant = await newTenant('Mailed Agency');
    const admin = clientAs(tenant.adminUserId);
    const email = `invitee-${Date.now()}@mail.example.test`;
    const issued = await admin.invitations.invite({ homeOrgId: tenant.tenantId, email, displayName: 'Ivy Invitee' });
    const details = await clientAs(null).invitations.details({ token: issued.token });
    const link = `https://app.example.test/invite/${encodeURIComponent(issued.token)}`;

    const outcome = await createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'Agency <no-reply@example.test>' }).sendInvitation(details, link);

    expect(outcome).toEqual({ mailed: true });
    const mail = received.find((m) => m.to.includes(email));
    expect(mail, 'the SMTP server received a mail for the invitee').toBeDefined();
    expect(mail?.from).toBe('no-reply@example.test');
    expect(mail?.raw).toMatch(/^Subject: Mailed Agency invites you to join/m);
    const body = bodyOf(mail?.raw ?? '');
    expect(body).toContain(link);
    expect(body).toContain('Hello Ivy Invitee,');
    expect(body).toContain('The link works once');
  });

  test('U1: when the mail server cannot be reached the admin is told, and still gets the link to pass on', async () => {
    const closed = await freePort();
    const outcome = await createMailer({ smtpUrl: `smtp://127.0.0.1:${closed}`, from: 'x@example.test' }).sendInvitation(
      { organization: 'O', home_org: 'O', email: 'a@example.test', display_name: 'A', expires_at: new Date() },
      'https://app.example.test/invite/t',
    );
    expect(outcome.mailed).toBe(false);
    expect(outcome.mailed === false && outcome.reason).toMatch(/could not be sent .*pass the link on yourself/);
  });

  test('U1: with no mail server set up nothing is sent and the admin is told to pass the link on', async () => {
    const before = received.length;
    const outcome = await createMailer(undefined).sendInvitation(
      { organization: 'O', home_org: 'O', email: 'b@example.test', display_name: 'B', expires_at: new Date() },
      'https://app.example.test/invite/t',
    );
    expect(outcome).toEqual({ mailed: false, reason: 'No mail server is set up (SMTP_URL); pass the link on yourself.' });
    expect(received.length).toBe(before);
  });
});
