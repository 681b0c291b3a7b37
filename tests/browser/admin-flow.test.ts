// X1/A7/P5/U1/U3/U6/R6/R3/A4 in a real browser (Debian's Chromium through
// playwright-core) against the built app and the real test database:
// sign up (U3), build a role in the grid, limit a role to a company type and
// give it an assignable-role list (R3/A4), invite a member, accept in a
// second browser context, see exactly what the role allows and no Admin
// menu, view the app as them (read-only, audited), deactivate them and see
// their next request refused. Screenshots of the main pages go to screenshots/.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from 'vitest';
import { adminPool, call, closePool } from '../helpers/db.ts';
import { startApp, type RunningApp } from './support/app.ts';
import { launchChrome } from './support/chrome.ts';

const SHOTS = path.resolve(import.meta.dirname, '..', '..', 'screenshots');
const stamp = Date.now().toString(36);
const adminEmail = `founder-${stamp}@example.test`;
const memberEmail = `field-${stamp}@example.test`;
const orgName = `Browser Test Agency ${stamp}`;
const PASSWORD = 'a long enough password';

let app: RunningApp;
let browser: Browser;
let adminContext: BrowserContext;
let memberContext: BrowserContext;
let admin: Page;
let member: Page;
let inviteLink = '';

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Clicks a form's button and waits for the page the server answers with. */
async function submit(page: Page, button: string): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name: button, exact: true }).click()]);
  await hydrated(page);
}

/** Until the page has hydrated: text typed into a form before then can be lost (and with it the submit). */
async function hydrated(page: Page): Promise<void> {
  await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
}

/** Loads a page and waits until it is interactive. */
async function open(page: Page, url: string): Promise<Awaited<ReturnType<Page['goto']>>> {
  const response = await page.goto(url);
  if (response?.ok()) await hydrated(page);
  return response;
}

/** Follows a link (client-side navigation) and waits until the address matches. */
async function follow(page: Page, name: string, to: RegExp): Promise<void> {
  await Promise.all([page.waitForURL(to), page.getByRole('link', { name, exact: true }).click()]);
  await page.waitForLoadState('load');
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  [app, browser] = await Promise.all([startApp(inject('databaseUrl')), launchChrome()]);
  adminContext = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  memberContext = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  // Generous: this file shares two CPUs with the other test files (the
  // property tests above all), and a step that fails still fails.
  adminContext.setDefaultTimeout(20_000);
  memberContext.setDefaultTimeout(20_000);
  admin = await adminContext.newPage();
  member = await memberContext.newPage();
}, 15 * 60_000);

// A failed step shows what the server said (a refusal, an error) next to it.
afterEach((context) => {
  if (context.task.result?.state === 'fail') console.error(`App output (last 4 kB):\n${app?.output().slice(-4096)}`);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await closePool();
});

describe('X1: the admin UI in a browser', () => {
  test('U3: the first signup creates the organization and lands in its Admin area', async () => {
    await open(admin, `${app.url}/signup`);
    await admin.getByLabel('Organization name').fill(orgName);
    await admin.getByLabel('Your name').fill('Fran Founder');
    await admin.getByLabel('Email').fill(adminEmail);
    await admin.getByLabel('Password').fill(PASSWORD);
    await submit(admin, 'Create the organization');
    // On a refusal the form says why: show it in the failure.
    expect(new URL(admin.url()).pathname, (await admin.textContent('main').catch(() => null)) ?? undefined).toBe('/admin/users');
    await expect.poll(() => admin.getByRole('link', { name: 'Admin' }).count()).toBe(1);
    expect(await admin.textContent('[data-testid=members]')).toContain('Fran Founder');
    // The vendor installs a business module for this tenant (service_role's job).
    await adminPool().query(
      `select public.define_module(t.id, 'accounts', 'Accounts',
         '[{"action": "view"}, {"action": "create", "implies": ["view"]}, {"action": "edit", "implies": ["view"]}]'::jsonb)
         from rbac.tenants t where t.name = $1`,
      [orgName],
    );
    await adminPool().query(`insert into public.accounts (tenant_id, org_id, name) select id, id, 'Acme Marine' from rbac.tenants where name = $1`, [orgName]);
  });

  test('R6/P4: a role built in the grid shows its implied actions on the detail page and in the list', async () => {
    await open(admin, `${app.url}/admin/roles/new`);
    await shot(admin, 'role-new');
    await admin.getByLabel('Name').fill('Account Editor');
    await admin.getByLabel('Description').fill('Works on accounts');
    await admin.check('input[data-permission="accounts.edit"]');
    await submit(admin, 'Save role');
    expect(new URL(admin.url()).pathname).toMatch(/^\/admin\/roles\/[0-9a-f-]{36}$/);
    const grid = admin.locator('[data-testid=permission-grid]');
    expect(await grid.locator('[data-permission="accounts.edit"]').getAttribute('data-granted')).toBe('true');
    expect(await grid.locator('[data-permission="accounts.view"]').textContent()).toContain('implied');
    expect(await grid.locator('[data-permission="accounts.create"]').getAttribute('data-granted')).toBe('false');
    await shot(admin, 'role-detail');

    await open(admin, `${app.url}/admin/roles?search=account`);
    expect(await admin.locator('[data-testid=roles] tbody tr').count()).toBe(1);
    const csv = await admin.request.get(`${app.url}/admin/roles/export.csv?search=account`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(await csv.text()).toContain('Account Editor,Works on accounts,employee');
    await open(admin, `${app.url}/admin/roles`);
    await shot(admin, 'roles');
  });

  test('R7/A6/R1: role health shows the lint and the separation-of-duties rules; a starter role comes from a template', async () => {
    await open(admin, `${app.url}/admin/roles`);
    await follow(admin, 'Role health', /\/admin\/roles\/health$/);
    await admin.getByLabel('Rule name').fill('Create or edit, not both');
    await admin.selectOption('select[name=permissionA]', 'accounts.create');
    await admin.selectOption('select[name=permissionB]', 'accounts.edit');
    await submit(admin, 'Add rule');
    expect(await admin.textContent('[data-testid=sod-rules]')).toMatch(/Create or edit, not both\s*accounts\.create ✕ accounts\.edit/);
    // The Administrator role grants both: the database's lint says so.
    expect(await admin.textContent('[data-testid=role-lint]')).toMatch(/sod_conflict\s*Administrator/);
    await shot(admin, 'role-health');
    await submit(admin, 'Remove Create or edit, not both');
    expect(await admin.textContent('[data-testid=sod-rules]')).toContain('No rules yet.');

    await adminPool().query(
      `insert into rbac.role_templates (tenant_id, key, name, description, permissions)
       select id, 'account_reader', 'Account Reader', 'Reads accounts', '["accounts.view"]' from rbac.tenants where name = $1`,
      [orgName],
    );
    await open(admin, `${app.url}/admin/roles/new`);
    await submit(admin, 'Create from template');
    expect(new URL(admin.url()).pathname).toMatch(/^\/admin\/roles\/[0-9a-f-]{36}$/);
    expect((await admin.textContent('h1'))?.trim()).toBe('Account Reader');
    expect(await admin.locator('[data-permission="accounts.view"]').getAttribute('data-granted')).toBe('true');
  });

  test('R3/A4: a role limited to a company type says so and loses the limit on edit; its assignable-role list is saved on its page', async () => {
    await adminPool().query(`insert into rbac.company_types (tenant_id, key, name) select id, 'partner', 'Partner' from rbac.tenants where name = $1`, [orgName]);
    await open(admin, `${app.url}/admin/roles/new`);
    await admin.locator('form[action="?/create"]').getByLabel('Name').fill('Partner Desk');
    await admin.getByRole('checkbox', { name: 'Partner', exact: true }).check();
    await submit(admin, 'Save role');
    expect(await admin.textContent('[data-testid=role-company-types]')).toContain('Available only to organizations of type Partner.');

    const list = admin.locator('[data-testid=assignable-roles]');
    await list.getByRole('checkbox', { name: 'Account Reader', exact: true }).check();
    await submit(admin, 'Save assignable roles');
    expect(await admin.textContent('main')).toContain('Assignable roles saved.');
    expect(await list.getByRole('checkbox', { name: 'Account Reader', exact: true }).isChecked()).toBe(true);
    expect(await list.getByRole('checkbox', { name: 'Account Editor', exact: true }).isChecked()).toBe(false);
    await shot(admin, 'role-limits');

    await open(admin, `${app.url}${new URL(admin.url()).pathname}/edit`);
    await admin.getByRole('checkbox', { name: 'Partner', exact: true }).uncheck();
    await submit(admin, 'Save');
    expect(await admin.textContent('[data-testid=role-company-types]')).toContain('Available to organizations of every company type.');
  });

  test('U1: the invitation link is shown once; a bad invite shows the error next to the field', async () => {
    await open(admin, `${app.url}/admin/users`);
    // Past the browser's own check, as a hand-made request would be: the server's schema answers.
    await admin.locator('form[action^="?/invite"]').evaluate((f) => f.setAttribute('novalidate', ''));
    await admin.getByLabel('Email').fill('not-an-email');
    await admin.getByLabel('Name', { exact: true }).fill('Nobody');
    await submit(admin, 'Send invitation');
    expect(await admin.locator('.field .error').first().textContent()).toBe('Enter a valid email address.');

    await admin.getByLabel('Email').fill(memberEmail);
    await admin.getByLabel('Name', { exact: true }).fill('Fiona Field');
    await admin.selectOption('select[name=roleIds]', { label: 'Account Editor' });
    await submit(admin, 'Send invitation');
    inviteLink = (await admin.locator('[data-testid=invite-link] code').textContent()) ?? '';
    expect(inviteLink).toMatch(/\/invite\/[A-Za-z0-9_-]{20,}/);
    await shot(admin, 'users-invited');
    await open(admin, `${app.url}/admin/invitations`);
    await shot(admin, 'invitations');
  });

  test('U1/P5: the invitee accepts in another browser, sees exactly what the role allows, and no Admin menu', async () => {
    await open(member, inviteLink);
    expect(await member.textContent('main')).toContain(orgName);
    await member.getByLabel('Choose a password').fill(PASSWORD);
    await submit(member, 'Accept and create my login');
    expect(new URL(member.url()).pathname).toBe('/');
    const access = (await member.textContent('[data-testid=my-access]')) ?? '';
    expect(access).toMatch(/accounts\s*edit\s*view/);
    expect(access).not.toContain('create');
    expect(await member.getByRole('link', { name: 'Admin' }).count(), 'P5: no Admin menu').toBe(0);
    await shot(member, 'member-home');

    // V4/U6: an account the member owns (an open work item when they leave).
    await adminPool().query(
      `insert into public.accounts (tenant_id, org_id, name, owner_member_id)
       select m.tenant_id, m.tenant_id, 'Fiona Book', m.id from rbac.members m where m.email = $1`,
      [memberEmail],
    );
    await open(member, `${app.url}/accounts`);
    expect(await member.locator('[data-testid=accounts] tbody tr').allTextContents()).toEqual([expect.stringContaining('Acme Marine'), expect.stringContaining('Fiona Book')]);
    await shot(member, 'member-accounts');
    const response = await open(member, `${app.url}/admin/users`);
    expect(response?.status(), 'the Admin area refuses them on the server too').toBe(403);

    const reused = await memberContext.browser()!.newContext().then(async (c) => {
      const p = await c.newPage();
      await open(p, inviteLink);
      const text = await p.textContent('main');
      await c.close();
      return text;
    });
    expect(reused, 'U1: the link is single-use').toContain('already been used');
  });

  test('A7: the administrator views the app as the member: their navigation and rights, read-only, audited; the view\'s token is no session', async () => {
    // The picker searches (a tenant may have thousands of members): only Fiona matches her email.
    await open(admin, `${app.url}/admin/view-as?who=${encodeURIComponent(memberEmail)}`);
    expect(await admin.locator('select[name=memberId] option').count()).toBe(1);
    expect(await admin.textContent('[data-testid=member-search-count]')).toContain('1 member(s) matching');
    await admin.selectOption('select[name=memberId]', { label: `Fiona Field (${memberEmail})` });
    await submit(admin, 'View as');
    expect(await admin.textContent('[data-testid=view-as-banner]')).toContain('Fiona Field');
    expect(await admin.textContent('[data-testid=my-access]')).toMatch(/accounts\s*edit\s*view/);
    expect(await admin.getByRole('link', { name: 'Admin' }).count(), 'the member\'s navigation: no Admin').toBe(0);
    await shot(admin, 'view-as-home');
    await open(admin, `${app.url}/accounts`);
    expect(await admin.locator('[data-testid=accounts] tbody tr').count(), 'the member\'s rows, read by the database as them').toBe(2);
    await open(admin, `${app.url}/`);

    // A write made with the view's session is refused by the database (read-only transaction).
    const write = await admin.request.post(`${app.url}/signup?/create`, {
      form: { organization: 'Made While Viewing' },
      headers: { origin: app.url, 'x-sveltekit-action': 'true' },
    });
    expect(await write.text()).toMatch(/read-only/);
    const { rows } = await adminPool().query(`select count(*)::int as n from rbac.tenants where name = 'Made While Viewing'`);
    expect(rows[0].n).toBe(0);

    // The view's token, copied out of the browser into the session cookie,
    // signs nobody in: it names Fiona, and would have made its holder Fiona
    // with every right (A7: the view is the viewer's, read-only).
    const viewToken = (await adminContext.cookies()).find((c) => c.name === 'tg_view_as')?.value;
    expect(viewToken).toBeTruthy();
    const thief = await browser.newContext();
    await thief.addCookies([{ name: 'tg_session', value: viewToken ?? '', url: app.url }]);
    const stolen = await thief.request.get(`${app.url}/admin`, { maxRedirects: 0 });
    expect(stolen.status()).toBe(303);
    expect(stolen.headers().location).toMatch(/^\/signin/);
    await thief.close();

    await submit(admin, 'Stop viewing');
    expect(await admin.locator('[data-testid=view-as-banner]').count()).toBe(0);
    await open(admin, `${app.url}/admin/audit?action=member.view_as`);
    expect(await admin.textContent('[data-testid=audit]')).toContain('Fiona Field');
    await open(admin, `${app.url}/admin/audit`);
    await shot(admin, 'audit');
    // L1: the newest entry's fingerprint, to keep outside the database, checks back on the page.
    const fingerprint = (await admin.textContent('[data-testid=audit-fingerprint]')) ?? '';
    const seq = /entry #(\d+)/.exec((await admin.textContent('details summary')) ?? '')?.[1] ?? '';
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    await admin.click('details summary');
    await admin.fill('input[name=seq]', seq);
    await admin.fill('input[name=fingerprint]', fingerprint);
    await submit(admin, 'Check');
    expect(await admin.textContent('[data-testid=fingerprint-result]')).toContain(`Entry #${seq} is as it was`);
  });

  test('X3: on the member\'s page the administrator creates a SQL login; a reporting tool on it reads what the member sees, and nothing once revoked', async () => {
    await open(admin, `${app.url}/admin/users?search=fiona`);
    await follow(admin, 'Fiona Field', /\/admin\/users\/[0-9a-f-]{36}$/);
    await submit(admin, 'Create a SQL login');
    const user = (await admin.textContent('[data-testid=sql-login-role]')) ?? '';
    const password = (await admin.textContent('[data-testid=sql-login-password]')) ?? '';
    expect(user).toMatch(/^rpt_[0-9a-f]{12}$/);
    await shot(admin, 'member-sql-login');
    await admin.reload();
    await hydrated(admin);
    expect(await admin.textContent('[data-testid=sql-login]'), 'the password is shown only once').not.toContain(password);

    const address = new URL(inject('databaseUrl'));
    const tool = new pg.Client({ host: address.hostname, port: Number(address.port), database: address.pathname.slice(1), user, password });
    await tool.connect();
    try {
      const { rows } = await tool.query('select name from public.accounts order by name');
      expect(rows.map((r) => r.name), 'the two accounts Fiona sees on her accounts page').toEqual(['Acme Marine', 'Fiona Book']);
      await expect(tool.query(`update public.accounts set name = 'Changed'`)).rejects.toThrow(/read-only/);
    } finally {
      await tool.end();
    }

    await submit(admin, 'Revoke the SQL login');
    expect(await admin.textContent('[data-testid=sql-login]')).toContain('revoked');
    const again = new pg.Client({ host: address.hostname, port: Number(address.port), database: address.pathname.slice(1), user, password });
    await expect(again.connect()).rejects.toThrow();
    await again.end().catch(() => undefined);
  });

  test('V1/V6: AMS assignees and territories are added on the Record Visibility page; a member gets territories on their page and sees only the cylinders FOR_SALE there', async () => {
    await open(admin, `${app.url}/admin/visibility`);
    await admin.getByLabel('Assignee name').fill('Harbor Desk');
    await admin.getByLabel('AMS key').fill('AMS-7');
    await submit(admin, 'Add assignee');
    const names = (list: string) => admin.locator(`[data-testid=${list}] input[name=name]`).evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(await names('assignees')).toContain('Harbor Desk');
    await admin.getByLabel('Territory name').fill('North Coast');
    await submit(admin, 'Add territory');
    await admin.getByLabel('Territory name').fill('South Shore');
    await submit(admin, 'Add territory');
    // V6: a territory is renamed in place (filters go by id).
    const south = admin.locator('form[action="?/renameTerritory"]').nth(1);
    await south.locator('input[name=name]').fill('South Coast');
    await Promise.all([admin.waitForNavigation({ waitUntil: 'load' }), south.getByRole('button', { name: 'Rename' }).click()]);
    await hydrated(admin);
    expect(await names('territories')).toEqual(['North Coast', 'South Coast']);
    await shot(admin, 'record-visibility');

    await open(admin, `${app.url}/admin/users?search=fiona`);
    await follow(admin, 'Fiona Field', /\/admin\/users\/[0-9a-f-]{36}$/);
    await admin.selectOption('select[name=territoryIds]', { label: 'North Coast' });
    await submit(admin, 'Save territories');
    expect(await admin.textContent('main')).toContain('Territories saved');
    const { rows } = await adminPool().query(
      `select t.name from rbac.member_territories mt join rbac.territories t on t.id = mt.territory_id
         join rbac.members m on m.id = mt.member_id where m.email = $1`,
      [memberEmail],
    );
    expect(rows.map((r) => r.name), 'stored by the database for Fiona').toEqual(['North Coast']);

    // V6: the vendor installs the field-service module (cylinders); Fiona is given the salesperson's
    // view and, on her very next page, sees a Cylinders link and only those FOR_SALE in North Coast.
    const { rows: [who] } = await adminPool().query(
      `select m.tenant_id, m.id as member_id, f.user_id as founder_id from rbac.members m
         join rbac.members f on f.tenant_id = m.tenant_id and f.email = $2 where m.email = $1`,
      [memberEmail, adminEmail],
    );
    await adminPool().query('select rbac_private.define_field_service_catalog($1)', [who.tenant_id]);
    await adminPool().query(
      `insert into public.cylinders (tenant_id, org_id, serial_number, status, territory_id)
       select $1, $1, x.serial, x.status, (select t.id from rbac.territories t where t.tenant_id = $1 and t.name = x.territory)
         from (values ('NC-1', 'FOR_SALE', 'North Coast'), ('NC-2', 'IN_USE', 'North Coast'), ('SC-1', 'FOR_SALE', 'South Coast')) x(serial, status, territory)`,
      [who.tenant_id],
    );
    const sales = await call<string>(who.founder_id, 'create_role', { p_org_id: who.tenant_id, p_name: 'Cylinder Sales', p_permissions: '["cylinders.view_for_sale"]' });
    await call(who.founder_id, 'assign_role', { p_member_id: who.member_id, p_role_id: sales });
    await open(member, `${app.url}/`);
    await follow(member, 'Cylinders', /\/cylinders$/);
    expect(await member.locator('[data-testid=cylinders] tbody tr').allTextContents()).toEqual([expect.stringContaining('NC-1')]);
    expect(await member.textContent('[data-testid=record-notice]')).toContain('FOR_SALE in your territories (North Coast)');
    await shot(member, 'member-cylinders');
  });

  test('U6: deactivating the member asks who takes their open items, then refuses their very next request', async () => {
    await open(admin, `${app.url}/admin/users?search=fiona`);
    await follow(admin, 'Fiona Field', /\/admin\/users\/[0-9a-f-]{36}$/);
    await shot(admin, 'member-edit');
    await follow(admin, 'Deactivate…', /\/deactivate$/);
    expect(await admin.textContent('main')).toContain('has 1 open item(s)');
    await admin.selectOption('select[name=reassignTo]', { label: 'Fran Founder' });
    await shot(admin, 'member-deactivate');
    await submit(admin, 'Deactivate');
    expect(await admin.textContent('main')).toContain('deactivated');
    const { rows } = await adminPool().query(
      `select m.display_name from public.accounts a join rbac.members m on m.id = a.owner_member_id where a.name = 'Fiona Book' and a.tenant_id = m.tenant_id`,
    );
    expect(rows.map((r) => r.display_name), 'the open item went to the chosen member').toContain('Fran Founder');

    await open(member, `${app.url}/`);
    expect(await member.textContent('main')).toContain('You are not an active member of any organization.');
    expect(await member.textContent('main')).not.toContain('accounts');
  });

  test('X1/U5: the other admin pages render for the administrator, also at phone width; one\'s own page offers no change', async () => {
    for (const [name, url] of [
      ['join-requests', '/admin/join-requests'],
      ['groups', '/admin/groups'],
      ['orgs', '/admin/orgs'],
      ['access-review', '/admin/access-review?permission=accounts.edit'],
    ]) {
      const response = await open(admin, `${app.url}${url}`);
      expect(response?.status(), url).toBe(200);
      await shot(admin, name);
    }
    expect(await admin.textContent('[data-testid=who-can]')).toContain('Fiona Field');
    // L2: every review question exports as CSV (module access and unused roles too).
    for (const [query, header] of [
      ['?permission=accounts.edit', 'member,email,status,user_type,home_org,role,via,through_permission,role_scope,effective,effective_scope,blocked_by'],
      ['?module=accounts', 'role,kind,actions,holders'],
      ['?unused=1', 'role,kind,organization,created_at'],
      ['', 'member,email,user_type,home_org,full_administrator,admin_permissions'],
    ]) {
      const csv = await admin.request.get(`${app.url}/admin/access-review/export.csv${query}`);
      expect(csv.status(), query).toBe(200);
      expect((await csv.text()).split('\r\n')[0], query).toBe(header);
    }
    // U5/S4: on a member the database will not let them change (here: oneself), the page
    // shows the database's sentence (member_detail.manage_refusal) and offers no change.
    await open(admin, `${app.url}/admin/users?search=fran`);
    await follow(admin, 'Fran Founder', /\/admin\/users\/[0-9a-f-]{36}$/);
    expect(await admin.textContent('main')).toContain('You cannot change your own access; ask another administrator.');
    expect(await admin.getByRole('button', { name: 'Save roles', exact: true }).isDisabled()).toBe(true);
    expect(await admin.getByRole('link', { name: 'Deactivate…' }).count()).toBe(0);
    await admin.setViewportSize({ width: 390, height: 844 });
    await open(admin, `${app.url}/admin/users`);
    await shot(admin, 'users-phone');
    const overflow = await admin.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, 'no sideways scrolling of the page at phone width').toBeLessThanOrEqual(1);
  });

  test('X1: a wrong password, a stale id or a malformed address gets a sentence, never a crash; pages refuse framing and foreign scripts; no redirect elsewhere', async () => {
    const stranger = await browser.newContext();
    const page = await stranger.newPage();
    await open(page, `${app.url}/signin`);
    await page.getByLabel('Email').fill(adminEmail);
    await page.getByLabel('Password').fill('not the password');
    await submit(page, 'Sign in');
    expect(await page.textContent('[role=alert]')).toBe('The email or password is not right.');
    // The page the password is typed into may not be framed by another site
    // (clickjacking), and runs no script from elsewhere.
    const headers = (await page.request.get(`${app.url}/signin`)).headers();
    expect(headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(headers['x-frame-options']).toBe('DENY');
    // After sign-in nobody is sent on to another site (an open redirect makes phishing links).
    const onward = await page.request.post(`${app.url}/signin`, {
      form: { email: adminEmail, password: PASSWORD, next: '/\\evil.example' },
      headers: { origin: app.url, accept: 'text/html' },
      maxRedirects: 0,
    });
    expect(onward.headers().location ?? '').not.toContain('evil.example');
    await stranger.close();

    for (const [url, status, sentence] of [
      ['/admin/users/00000000-0000-4000-8000-000000000000', 404, 'This member does not exist in your organization.'],
      ['/admin/users/not-an-id', 404, 'This page does not exist'],
      ['/admin/roles/00000000-0000-4000-8000-000000000000', 404, 'This role does not exist or you cannot see it.'],
      ['/admin/roles?sort=nonsense&offset=-4', 200, 'Roles'],
      ['/invite/this-token-was-never-issued-anywhere', 200, 'This invitation link is not valid.'],
    ] as const) {
      const response = await open(admin, `${app.url}${url}`);
      expect(response?.status(), url).toBe(status);
      expect(await admin.textContent('main'), url).toContain(sentence);
    }
  });

  test('T2: with a second organization the switcher appears, and each one shows only its own members', async () => {
    await admin.setViewportSize({ width: 1200, height: 900 });
    await open(admin, `${app.url}/signup`);
    await admin.getByLabel('Organization name').fill(`Second Office ${stamp}`);
    await submit(admin, 'Create');
    const switcher = admin.locator('select[name=tenantId]');
    expect(await switcher.locator('option').count()).toBe(2);
    expect(await admin.textContent('[data-testid=members]')).not.toContain('Fiona Field');
    await switcher.selectOption({ label: orgName });
    await submit(admin, 'Switch');
    await open(admin, `${app.url}/admin/users?status=deactivated`);
    expect(await admin.textContent('[data-testid=members]')).toContain('Fiona Field');
    await shot(admin, 'org-switcher');
  });

  test('S3: contacts export as CSV for a holder of contacts.export, every contact the database shows', async () => {
    // The vendor installs Contacts for this tenant; one contact in it.
    await adminPool().query(
      `select public.define_module(t.id, 'contacts', 'Contacts',
         '[{"action": "view"}, {"action": "export", "implies": ["view"]}]'::jsonb)
         from rbac.tenants t where t.name = $1`,
      [orgName],
    );
    await adminPool().query(
      `insert into public.contacts (tenant_id, org_id, name, email, company) select id, id, 'Dana; =Reyes', 'dana@example.test', 'Northwind' from rbac.tenants where name = $1`,
      [orgName],
    );
    await open(admin, `${app.url}/contacts`);
    expect(await admin.getByRole('link', { name: 'Export CSV' }).count()).toBe(1);
    const csv = await admin.request.get(`${app.url}/contacts/export.csv`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toBe('name,email,company,department\r\n"Dana; =Reyes",dana@example.test,Northwind,' + orgName + '\r\n');
    const stranger = await browser.newContext();
    const anonymous = await stranger.request.get(`${app.url}/contacts/export.csv`, { maxRedirects: 0 });
    expect(anonymous.status(), 'nobody signed in gets nothing').toBe(303);
    await stranger.close();
  });

  test('X1: signing out ends the session: a copy of its cookie signs nobody in afterwards', async () => {
    const session = (await adminContext.cookies()).find((c) => c.name === 'tg_session')?.value ?? '';
    const copy = await browser.newContext();
    await copy.addCookies([{ name: 'tg_session', value: session, url: app.url }]);
    expect((await copy.request.get(`${app.url}/admin/users`, { maxRedirects: 0 })).status(), 'the copy works while the session lasts').toBe(200);
    await open(admin, `${app.url}/`);
    await submit(admin, 'Sign out');
    const after = await copy.request.get(`${app.url}/admin/users`, { maxRedirects: 0 });
    expect(after.status()).toBe(303);
    expect(after.headers().location).toMatch(/^\/signin/);
    await copy.close();
  });
});
