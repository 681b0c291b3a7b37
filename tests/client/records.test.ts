// V5/V6/P3/S3/S4/S5/A7 through the client against the real database: each
// record read returns exactly the rows the table's policies give the member
// (the record pages show them as they come). Every preset has its shape
// rebuilt here in a tenant of its own (the preset's catalog function, its
// roles, teams, territories and records) with fresh people: loading a preset
// itself would add memberships to the demo logins every load shares.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RbacClient } from '../../src/lib/client/index.ts';
import { addMember, adminPool, closePool, newTenant, type Member, type Tenant } from '../helpers/db.ts';
import { clientAs, closeAuthenticatorPool } from './support.ts';

afterAll(async () => {
  await closeAuthenticatorPool();
  await closePool();
});

/** The values of one column, sorted: what a member was given, compared as a set. */
function values<T>(rows: T[], key: keyof T): string[] {
  return rows.map((r) => String(r[key])).sort();
}

async function sql(text: string, params: unknown[] = []): Promise<void> {
  await adminPool().query(text, params);
}

describe('V5/P3: support desk conversations, contacts and knowledge base (preset support_desk, S3)', () => {
  let desk: Tenant;
  let admin: RbacClient;
  let alex: Member; // Agent: own conversations, contacts, knowledge base (Support, Tier 1)
  let rory: Member; // Read-Only Agent: team conversations, contacts, knowledge base (Support, Tier 1)
  let theo: Member; // Agent in Tier 2
  let sofia: Member; // Supervisor: all conversations of Sales, nothing else

  beforeAll(async () => {
    desk = await newTenant('Desk Co');
    admin = clientAs(desk.adminUserId);
    await sql('select rbac_private.preset_support_desk_catalog($1)', [desk.tenantId]);
    const support = await admin.orgs.create({ parentId: desk.tenantId, name: 'Support' });
    const sales = await admin.orgs.create({ parentId: desk.tenantId, name: 'Sales' });
    const agent = await admin.roles.create({
      orgId: desk.tenantId,
      name: 'Agent',
      permissions: [{ permission: 'conversations.view', scope: 'own' }, 'conversations.respond', 'contacts.view', 'knowledge_base.view'],
    });
    const readOnly = await admin.roles.create({
      orgId: desk.tenantId,
      name: 'Read-Only Agent',
      permissions: [{ permission: 'conversations.view', scope: 'team' }, 'contacts.view', 'knowledge_base.view'],
    });
    const supervisor = await admin.roles.create({ orgId: desk.tenantId, name: 'Supervisor', permissions: [{ permission: 'conversations.view', scope: 'all' }] });
    alex = await addMember(desk.tenantId, { homeOrgId: support, roleIds: [agent] });
    rory = await addMember(desk.tenantId, { homeOrgId: support, roleIds: [readOnly] });
    theo = await addMember(desk.tenantId, { homeOrgId: support, roleIds: [agent] });
    sofia = await addMember(desk.tenantId, { homeOrgId: sales, roleIds: [supervisor] });
    const tier1 = await admin.groups.create({ orgId: support, name: 'Tier 1 Support' });
    const tier2 = await admin.groups.create({ orgId: support, name: 'Tier 2 Support' });
    const inbound = await admin.groups.create({ orgId: sales, name: 'Inbound Sales' });
    for (const [group, member] of [[tier1, alex], [tier1, rory], [tier2, theo], [inbound, sofia]] as const) {
      await admin.groups.addMember({ groupId: group, memberId: member.memberId });
    }
    await sql(
      `insert into public.conversations (tenant_id, org_id, subject, assignee_member_id, team_id)
       select $1, x.org, x.subject, x.agent, x.team
         from (values ($2::uuid, 'Alex in Tier 1', $4::uuid, $7::uuid), ($2, 'Theo in Tier 1', $5, $7), ($2, 'Tier 1, nobody', null, $7),
                      ($2, 'Theo in Tier 2', $5, $8), ($2, 'Alex, no team', $4, null), ($2, 'Support, nobody', null, null),
                      ($3, 'Sales pricing', $6, $9), ($3, 'Sales, nobody', null, null)) x(org, subject, agent, team)`,
      [desk.tenantId, support, sales, alex.memberId, theo.memberId, sofia.memberId, tier1, tier2, inbound],
    );
    await sql(`insert into public.contacts (tenant_id, org_id, name, email) values ($1, $2, 'Maria Lopez', 'maria@example.test'), ($1, $3, 'Olga Ivanova', null)`, [
      desk.tenantId,
      support,
      sales,
    ]);
    await sql(`insert into public.knowledge_articles (tenant_id, org_id, title) values ($1, $2, 'Resetting a password'), ($1, $3, 'Volume pricing')`, [
      desk.tenantId,
      support,
      sales,
    ]);
  });

  test("V5: an agent with 'own' scope reads only the conversations assigned to them", async () => {
    const rows = await clientAs(alex.userId).records.conversations({ tenantId: desk.tenantId });
    expect(values(rows, 'subject')).toEqual(['Alex in Tier 1', 'Alex, no team']);
  });

  test("V5: a read-only agent with 'team' scope reads their own and their team's conversations, not another team's or the unassigned", async () => {
    const rows = await clientAs(rory.userId).records.conversations({ tenantId: desk.tenantId });
    expect(values(rows, 'subject')).toEqual(['Alex in Tier 1', 'Theo in Tier 1', 'Tier 1, nobody']);
  });

  test("V5: a supervisor with 'all' scope reads every conversation of their department, none of another", async () => {
    const rows = await clientAs(sofia.userId).records.conversations({ tenantId: desk.tenantId });
    expect(values(rows, 'subject')).toEqual(['Sales pricing', 'Sales, nobody']);
    expect(rows.find((r) => r.subject === 'Sales pricing')).toMatchObject({ status: 'open', priority: 'normal', labels: [], assignee_member_id: sofia.memberId });
  });

  test('V5: the company administrator reads every conversation; the scope each member holds is the one the page states', async () => {
    expect(await clientAs(desk.adminUserId).records.conversations({ tenantId: desk.tenantId })).toHaveLength(8);
    const scopeOf = async (m: Member) => (await clientAs(m.userId).me.permissions({ tenantId: desk.tenantId })).find((p) => p.permission === 'conversations.view')?.scope;
    expect([await scopeOf(alex), await scopeOf(rory), await scopeOf(sofia)]).toEqual(['own', 'team', 'all']);
  });

  test('S3: contacts and knowledge articles are read by org scope, and not at all without their view permission', async () => {
    expect(values(await clientAs(alex.userId).records.contacts({ tenantId: desk.tenantId }), 'name')).toEqual(['Maria Lopez']);
    expect(values(await clientAs(rory.userId).records.knowledgeArticles({ tenantId: desk.tenantId }), 'title')).toEqual(['Resetting a password']);
    expect(await clientAs(sofia.userId).records.contacts({ tenantId: desk.tenantId })).toEqual([]);
    expect(await clientAs(sofia.userId).records.knowledgeArticles({ tenantId: desk.tenantId })).toEqual([]);
    expect(values(await admin.records.contacts({ tenantId: desk.tenantId }), 'name')).toEqual(['Maria Lopez', 'Olga Ivanova']);
  });

  test('V5: names on the page come from members the reader may see: an agent sees only themselves, the administrator everyone', async () => {
    expect(values(await clientAs(rory.userId).members.names({ tenantId: desk.tenantId }), 'id')).toEqual([rory.memberId]);
    expect(await admin.members.names({ tenantId: desk.tenantId })).toHaveLength(5);
  });

  test('A7/V5: viewing as the read-only agent reads exactly their conversations', async () => {
    await admin.viewAs.start({ memberId: rory.memberId });
    const claims = { view_as: { viewer_user_id: desk.adminUserId, member_id: rory.memberId }, tenant_id: desk.tenantId };
    const view = clientAs(rory.userId, { readOnly: true, claims });
    expect(values(await view.records.conversations({ tenantId: desk.tenantId }), 'subject')).toEqual(['Alex in Tier 1', 'Theo in Tier 1', 'Tier 1, nobody']);
  });

  test('T3: another tenant\'s administrator reads none of these records, whatever tenant id they pass', async () => {
    const other = await newTenant();
    await sql('select rbac_private.preset_support_desk_catalog($1)', [other.tenantId]);
    const outsider = clientAs(other.adminUserId);
    expect(await outsider.records.conversations({ tenantId: desk.tenantId })).toEqual([]);
    expect(await outsider.records.contacts({ tenantId: desk.tenantId })).toEqual([]);
    expect(await outsider.records.knowledgeArticles({ tenantId: desk.tenantId })).toEqual([]);
  });
});

describe('S4/P1: manuals with a trash (preset roles_app)', () => {
  let frost: Tenant;
  let otto: Member; // administrator of Polar: manuals and the trash (restore)
  let rita: Member; // reader at Coastal Dairy: manuals.view, no trash
  let cora: Member; // private user at Coastal Dairy: her own manuals only

  beforeAll(async () => {
    frost = await newTenant('Frost Co');
    const admin = clientAs(frost.adminUserId);
    await sql('select rbac_private.preset_roles_app_catalog($1)', [frost.tenantId]);
    const polar = await admin.orgs.create({ parentId: frost.tenantId, name: 'Polar Distribution' });
    const coastal = await admin.orgs.create({ parentId: polar, name: 'Coastal Dairy' });
    const orgadmin = await admin.roles.create({ orgId: frost.tenantId, name: 'orgadministrator', permissions: ['manuals.edit', 'manuals.trash.restore'] });
    const reader = await admin.roles.create({ orgId: frost.tenantId, name: 'reader', permissions: ['manuals.view'] });
    otto = await addMember(frost.tenantId, { homeOrgId: polar, userType: 'administrator', roleIds: [orgadmin] });
    rita = await addMember(frost.tenantId, { homeOrgId: coastal, roleIds: [reader] });
    cora = await addMember(frost.tenantId, { homeOrgId: coastal, userType: 'private_user', roleIds: [reader] });
    await sql(
      `insert into public.manuals (tenant_id, org_id, title, created_by, deleted_at, deleted_by)
       select $1, x.org, x.title, x.author, case when x.trashed then now() end, case when x.trashed then $4::uuid end
         from (values ($2::uuid, 'Polar: Checklist', $4::uuid, false), ($2, 'Polar: 2019 Price List', $4, true),
                      ($3, 'Coastal: Cooler Guide', $4, false), ($3, 'Coastal: Temperature Log', $5, false),
                      ($3, 'Coastal: Draft Notes', $5, true), ($1, 'HQ: Safety', $4, false)) x(org, title, author, trashed)`,
      [frost.tenantId, polar, coastal, otto.memberId, cora.memberId],
    );
  });

  test('S4: a reader reads the live manuals of their org, none in the trash', async () => {
    const rows = await clientAs(rita.userId).records.manuals({ tenantId: frost.tenantId });
    expect(values(rows, 'title')).toEqual(['Coastal: Cooler Guide', 'Coastal: Temperature Log']);
    expect(rows.every((r) => r.deleted_at === null)).toBe(true);
  });

  test('S4/P1: with manuals.trash.restore (it implies manuals.trash.view) the trash of the org scope comes back too, with who moved it', async () => {
    const rows = await clientAs(otto.userId).records.manuals({ tenantId: frost.tenantId });
    expect(values(rows, 'title')).toEqual(['Coastal: Cooler Guide', 'Coastal: Draft Notes', 'Coastal: Temperature Log', 'Polar: 2019 Price List', 'Polar: Checklist']);
    const trashed = rows.filter((r) => r.deleted_at !== null);
    expect(values(trashed, 'title')).toEqual(['Coastal: Draft Notes', 'Polar: 2019 Price List']);
    expect(trashed[0].deleted_at).toBeInstanceOf(Date);
    expect(trashed.map((r) => r.deleted_by)).toEqual([otto.memberId, otto.memberId]);
    // The page's two reads: live manuals only (deleted_at is null), and the trash first by the time it went there.
    const live = await clientAs(otto.userId).records.manuals({ tenantId: frost.tenantId, inTrash: null });
    expect(values(live, 'title')).toEqual(['Coastal: Cooler Guide', 'Coastal: Temperature Log', 'Polar: Checklist']);
    const byTrashTime = await clientAs(otto.userId).records.manualsByTrashTime({ tenantId: frost.tenantId, limit: 2 });
    expect(byTrashTime.every((r) => r.deleted_at !== null), 'with two in the trash, a page of two holds exactly them').toBe(true);
  });

  test('V4: a private user reads only the live manuals they wrote', async () => {
    const rows = await clientAs(cora.userId).records.manuals({ tenantId: frost.tenantId });
    expect(values(rows, 'title')).toEqual(['Coastal: Temperature Log']);
  });
});

describe('V6/P3: cylinders and service jobs (preset refritrak, S5)', () => {
  let polar: Tenant;
  let sam: Member; // SALES at Denver, territory Front Range North
  let mia: Member; // MANAGER at Denver: all cylinders and jobs of Denver
  let tom: Member; // TECHNICIAN at Denver: his own jobs
  let tara: Member; // TECHNICIAN at Boulder

  beforeAll(async () => {
    polar = await newTenant('Polar Co');
    const admin = clientAs(polar.adminUserId);
    await sql('select rbac_private.preset_refritrak_catalog($1)', [polar.tenantId]);
    const denver = await admin.orgs.create({ parentId: polar.tenantId, name: 'Denver Branch' });
    const boulder = await admin.orgs.create({ parentId: polar.tenantId, name: 'Boulder Branch' });
    const north = await admin.members.createTerritory({ tenantId: polar.tenantId, name: 'Front Range North' });
    const south = await admin.members.createTerritory({ tenantId: polar.tenantId, name: 'Front Range South' });
    const technician = await admin.roles.create({ orgId: polar.tenantId, name: 'TECHNICIAN', permissions: [{ permission: 'jobs.view', scope: 'own' }, 'jobs.edit', 'cylinders.edit'] });
    const manager = await admin.roles.create({ orgId: polar.tenantId, name: 'MANAGER', permissions: [{ permission: 'jobs.view', scope: 'all' }, 'jobs.assign', 'cylinders.create'] });
    const sales = await admin.roles.create({ orgId: polar.tenantId, name: 'SALES', permissions: ['cylinders.view_for_sale', 'customers.view'] });
    sam = await addMember(polar.tenantId, { homeOrgId: denver, roleIds: [sales] });
    mia = await addMember(polar.tenantId, { homeOrgId: denver, roleIds: [manager] });
    tom = await addMember(polar.tenantId, { homeOrgId: denver, roleIds: [technician] });
    tara = await addMember(polar.tenantId, { homeOrgId: boulder, roleIds: [technician] });
    await admin.members.setTerritories({ memberId: sam.memberId, territoryIds: [north] });
    await sql(
      `insert into public.cylinders (tenant_id, org_id, serial_number, gas, status, territory_id)
       values ($1, $1, 'P-0001', 'R-32', 'FOR_SALE', $4), ($1, $2, 'D-1001', 'R-410A', 'IN_USE', $4), ($1, $2, 'D-1002', 'R-410A', 'FOR_SALE', $4),
              ($1, $2, 'D-1003', 'R-404A', 'FOR_SALE', $5), ($1, $2, 'D-1004', 'R-32', 'FOR_SALE', null), ($1, $3, 'B-2001', 'R-134a', 'FOR_SALE', $4)`,
      [polar.tenantId, denver, boulder, north, south],
    );
    await sql(
      `insert into public.service_jobs (tenant_id, org_id, customer, status, technician_member_id, scheduled_for)
       values ($1, $2, 'Mile High Diner', 'COMPLETED', $4, '2026-01-12'), ($1, $2, 'Larimer Brewing', 'IN_PROGRESS', $4, '2026-02-03'),
              ($1, $2, 'Capitol Hill Apartments', 'SCHEDULED', null, null), ($1, $3, 'Pearl Street Grocers', 'SCHEDULED', $5, '2026-02-11')`,
      [polar.tenantId, denver, boulder, tom.memberId, tara.memberId],
    );
  });

  test('V6: a salesperson reads only the cylinders FOR_SALE in their territories, within their org', async () => {
    const rows = await clientAs(sam.userId).records.cylinders({ tenantId: polar.tenantId });
    expect(values(rows, 'serial_number')).toEqual(['D-1002']);
    expect(await clientAs(sam.userId).me.hasPermission({ permission: 'cylinders.view', tenantId: polar.tenantId })).toBe(false);
  });

  test('V6: the salesperson\'s territories are readable for the page\'s notice', async () => {
    const [mine] = await clientAs(sam.userId).members.memberTerritories({ memberId: sam.memberId });
    const names = await clientAs(sam.userId).members.territories({ tenantId: polar.tenantId });
    expect(names.find((t) => t.id === mine.territory_id)?.name).toBe('Front Range North');
  });

  test('V6: with cylinders.view (implied by cylinders.create) a manager reads every cylinder of their org, whatever its status or territory', async () => {
    const rows = await clientAs(mia.userId).records.cylinders({ tenantId: polar.tenantId });
    expect(values(rows, 'serial_number')).toEqual(['D-1001', 'D-1002', 'D-1003', 'D-1004']);
    expect(await clientAs(polar.adminUserId).records.cylinders({ tenantId: polar.tenantId })).toHaveLength(6);
  });

  test("P3: a technician with 'own' scope reads only the jobs assigned to them", async () => {
    const rows = await clientAs(tom.userId).records.serviceJobs({ tenantId: polar.tenantId });
    expect(rows.map((r) => [r.customer, r.scheduled_for])).toEqual([
      ['Mile High Diner', '2026-01-12'],
      ['Larimer Brewing', '2026-02-03'],
    ]);
    expect(values(await clientAs(tara.userId).records.serviceJobs({ tenantId: polar.tenantId }), 'customer')).toEqual(['Pearl Street Grocers']);
  });

  test("P3: a manager with 'all' scope reads every job of their branch, the unassigned one too; a salesperson none", async () => {
    const rows = await clientAs(mia.userId).records.serviceJobs({ tenantId: polar.tenantId });
    expect(values(rows, 'customer')).toEqual(['Capitol Hill Apartments', 'Larimer Brewing', 'Mile High Diner']);
    expect(rows.find((r) => r.customer === 'Capitol Hill Apartments')).toMatchObject({ technician_member_id: null, scheduled_for: null });
    expect(await clientAs(sam.userId).records.serviceJobs({ tenantId: polar.tenantId })).toEqual([]);
  });
});
