// X2: transport 2, @supabase/supabase-js, gives the same operations, types
// and errors as the pg transport. Without a PostgREST server on this machine
// the requests supabase-js makes are served by tests/client/postgrest-stand-in.ts
// on the real database; the test checks both what goes over the wire and
// what the client returns.
import { SignJWT } from 'jose';
import { afterAll, describe, expect, test } from 'vitest';
import { createRbacClient, isRbacError, type RbacClient } from '../../src/lib/client/index.ts';
import { createSupabaseClientFor, SupabaseTransport } from '../../src/lib/client/supabase-transport.ts';
import { addMember, adminPool, closePool, newTenant } from '../helpers/db.ts';
import { namesOfMembers } from '../../src/lib/server/records.ts';
import { postgrestStandIn, type Recorded } from './postgrest-stand-in.ts';
import { authenticatorPool, clientAs, closeAuthenticatorPool, rejection } from './support.ts';

afterAll(async () => {
  await closeAuthenticatorPool();
  await closePool();
});

const SECRET = new TextEncoder().encode('test-secret-of-at-least-32-characters!!');

async function hostedClientAs(userId: string, recorded: Recorded[], options: { readOnly?: boolean } = {}): Promise<RbacClient> {
  const token = await new SignJWT({ role: 'authenticated', aud: 'authenticated' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setExpirationTime('5m')
    .sign(SECRET);
  const supabase = createSupabaseClientFor('http://supabase.test', 'anon-key', token, postgrestStandIn(authenticatorPool(), adminPool(), recorded));
  return createRbacClient(new SupabaseTransport(supabase, options));
}

describe('X2: the supabase-js transport', () => {
  test('X2: rpc calls POST /rest/v1/rpc/<function> with the SQL parameter names and the bearer token; results parse to the same types', async () => {
    const tenant = await newTenant();
    const recorded: Recorded[] = [];
    const client = await hostedClientAs(tenant.adminUserId, recorded);
    const roleId = await client.roles.create({ orgId: tenant.tenantId, name: 'Hosted Role', permissions: [{ permission: 'audit.export' }] });
    const call = recorded.at(-1)!;
    expect(call.method).toBe('POST');
    expect(call.url.pathname).toBe('/rest/v1/rpc/create_role');
    expect(call.body).toEqual({ p_org_id: tenant.tenantId, p_name: 'Hosted Role', p_permissions: [{ permission: 'audit.export' }] });
    expect(call.headers.get('authorization')).toMatch(/^Bearer ey/);

    const [row] = await client.roles.list({ tenantId: tenant.tenantId, search: 'Hosted' });
    expect(row).toMatchObject({ id: roleId, name: 'Hosted Role', holder_count: 0 });
    expect(row.created_at).toBeInstanceOf(Date);
  });

  test('X2: table reads use the rbac schema profile and equality filters, under RLS', async () => {
    const tenant = await newTenant();
    const recorded: Recorded[] = [];
    const client = await hostedClientAs(tenant.adminUserId, recorded);
    const modules = await client.roles.modules({ tenantId: tenant.tenantId });
    expect(modules.map((m) => m.key)).toContain('users');
    const call = recorded.at(-1)!;
    expect(call.url.pathname).toBe('/rest/v1/modules');
    expect(call.headers.get('accept-profile')).toBe('rbac');
    expect(call.url.searchParams.get('tenant_id')).toBe(`eq.${tenant.tenantId}`);

    const outsider = await newTenant();
    const other = await hostedClientAs(outsider.adminUserId, []);
    expect(await other.roles.modules({ tenantId: tenant.tenantId }), 'T3: another tenant reads nothing').toEqual([]);
  });

  test('X2: a list filter becomes in.(…) on the hosted path and = any on the direct one, with the same rows under RLS', async () => {
    const tenant = await newTenant();
    const a = await addMember(tenant.tenantId);
    await addMember(tenant.tenantId);
    const recorded: Recorded[] = [];
    const hosted = await hostedClientAs(tenant.adminUserId, recorded);
    const names = await hosted.members.names({ tenantId: tenant.tenantId, ids: [a.memberId, tenant.adminMemberId] });
    expect(recorded.at(-1)!.url.searchParams.get('id')).toBe(`in.(${a.memberId},${tenant.adminMemberId})`);
    expect(names.map((n) => n.id).sort()).toEqual([a.memberId, tenant.adminMemberId].sort());
    const direct = clientAs(tenant.adminUserId);
    expect((await direct.members.names({ tenantId: tenant.tenantId, ids: [a.memberId, tenant.adminMemberId] })).map((n) => n.id).sort()).toEqual(names.map((n) => n.id).sort());
    expect(await hosted.members.names({ tenantId: tenant.tenantId, ids: [] }), 'an empty list matches nothing').toEqual([]);
    const outsider = await newTenant();
    const other = await hostedClientAs(outsider.adminUserId, []);
    expect(await other.members.names({ tenantId: tenant.tenantId, ids: [a.memberId] }), 'T3: RLS still decides').toEqual([]);
    // Pages ask 100 ids at a time (the ids travel in the URL): 250 ids make three requests.
    const before = recorded.length;
    const many = [a.memberId, ...Array.from({ length: 249 }, () => crypto.randomUUID())];
    expect((await namesOfMembers(hosted, tenant.tenantId, many)).map((n) => n.id)).toEqual([a.memberId]);
    expect(recorded.length - before).toBe(3);
  });

  test('X2: record reads come one page at a time (limit and offset, ordered with the id last), the same on both paths', async () => {
    const tenant = await newTenant();
    await adminPool().query('select rbac_private.define_demo_catalog($1)', [tenant.tenantId]);
    await adminPool().query(
      `insert into public.accounts (tenant_id, org_id, name) select $1, $1, 'Paged ' || lpad(g::text, 2, '0') from generate_series(1, 5) g`,
      [tenant.tenantId],
    );
    const recorded: Recorded[] = [];
    const hosted = await hostedClientAs(tenant.adminUserId, recorded);
    const direct = clientAs(tenant.adminUserId);
    for (const client of [hosted, direct]) {
      const first = await client.records.accounts({ tenantId: tenant.tenantId, limit: 2 });
      const second = await client.records.accounts({ tenantId: tenant.tenantId, limit: 2, offset: 2 });
      const last = await client.records.accounts({ tenantId: tenant.tenantId, limit: 2, offset: 4 });
      expect([...first, ...second, ...last].map((a) => a.name)).toEqual(['Paged 01', 'Paged 02', 'Paged 03', 'Paged 04', 'Paged 05']);
      expect((await client.records.accounts({ tenantId: tenant.tenantId })).length, 'a page is 100 rows unless asked').toBe(5);
    }
    const call = recorded.find((r) => r.url.searchParams.get('offset') === '2')!;
    expect([call.url.searchParams.get('limit'), call.url.searchParams.get('order')]).toEqual(['2', 'name.asc,id.asc']);
    expect((await rejection(direct.records.accounts({ tenantId: tenant.tenantId, limit: 501 }))).name, 'at most 500 rows a page').toBe('InputError');
  });

  test('X2: a refusal arrives as PostgREST\'s 400 body and becomes the same RbacError (code, sentence, detail)', async () => {
    const tenant = await newTenant();
    const member = await addMember(tenant.tenantId);
    const client = await hostedClientAs(member.userId, []);
    const err = await rejection(client.roles.create({ orgId: tenant.tenantId, name: 'Nope' }));
    expect(isRbacError(err, 'RB003')).toBe(true);
    expect(err.message).toBe('You do not have the permission "Create roles" (roles.create).');
  });

  test('X2: a read-only client sends rpc as GET, which runs read-only: reads work, changes are refused', async () => {
    const tenant = await newTenant();
    const recorded: Recorded[] = [];
    const client = await hostedClientAs(tenant.adminUserId, recorded, { readOnly: true });
    expect(await client.me.canAccessAdmin({ tenantId: tenant.tenantId })).toBe(true);
    expect(recorded.at(-1)!.method).toBe('GET');
    const err = await rejection(client.orgs.create({ parentId: tenant.tenantId, name: 'Nope' }));
    expect((err as { code?: string }).code).toBe('25006');
  });
});
