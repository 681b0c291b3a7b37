// X2/R4/R5: rights as a real request meets them. Requests arrive the way
// PostgREST sends them: on the `authenticator` login, one transaction each,
// `set local role authenticated` and the JWT claims. A change an administrator
// commits on one connection applies to a holder on another connection from
// their very next statement: no re-login, no new connection, not even a new
// transaction.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addMember, adminPool, newTenant, roleId, type Member, type Tenant } from '../helpers/db.ts';
import { authenticatorUrl, openSession, type UserSession } from './sessions.ts';

let adminConnection: UserSession;
let holderConnection: UserSession;

beforeAll(async () => {
  adminConnection = await openSession(authenticatorUrl());
  holderConnection = await openSession(authenticatorUrl());
});

afterAll(async () => {
  await adminConnection.close();
  await holderConnection.close();
});

/** A tenant with a custom Reader role (audit.view) held by a power user. */
async function tenantWithReader(): Promise<{ tenant: Tenant; reader: string; holder: Member }> {
  const tenant = await newTenant();
  const { rows } = await adminPool().query(
    `with role as (
       insert into rbac.roles (tenant_id, org_id, name) values ($1, $1, 'Reader') returning id
     ), perms as (
       insert into rbac.role_permissions (tenant_id, role_id, permission_id)
       select $1, role.id, p.id from role, rbac.permissions p where p.tenant_id = $1 and p.key = 'audit.view'
     )
     select id from role`,
    [tenant.tenantId],
  );
  const reader: string = rows[0].id;
  const holder = await addMember(tenant.tenantId, { roleIds: [reader] });
  return { tenant, reader, holder };
}

/** One committed request by the administrator on their own connection. */
async function adminRequest(tenant: Tenant, sql: string, params: unknown[]): Promise<void> {
  await adminConnection.beginAs(tenant.adminUserId);
  try {
    await adminConnection.query(sql, params);
    await adminConnection.commit();
  } catch (err) {
    await adminConnection.rollback();
    throw err;
  }
}

async function holderHas(permission: string, tenantId: string): Promise<boolean> {
  const { rows } = await holderConnection.query<{ has: boolean }>('select public.has_permission($1, $2) as has', [permission, tenantId]);
  return rows[0].has;
}

describe('T3: the PostgREST login', () => {
  test('T3: the authenticator login by itself can call no API function and read no rbac table', async () => {
    const { tenant } = await tenantWithReader();
    const bare = await openSession(authenticatorUrl());
    try {
      const { rows } = await bare.query<{ user: string }>('select current_user as user');
      expect(rows[0].user).toBe('authenticator');
      const call = await bare.query('select public.has_permission($1, $2)', ['audit.view', tenant.tenantId]).catch((e: pg.DatabaseError) => e);
      expect((call as pg.DatabaseError).code, 'execute is granted to authenticated only').toBe('42501');
      const read = await bare.query('select count(*) from rbac.roles').catch((e: pg.DatabaseError) => e);
      expect((read as pg.DatabaseError).code, 'rbac is usable by authenticated only').toBe('42501');
    } finally {
      await bare.close();
    }
  });
});

describe('R4/R5: changes apply on the next statement', () => {
  test('R4: a permission an administrator adds to a role reaches the holder on their next statement, inside their open transaction', async () => {
    const { tenant, reader, holder } = await tenantWithReader();
    await holderConnection.beginAs(holder.userId);
    try {
      expect(await holderHas('audit.view', tenant.tenantId)).toBe(true);
      expect(await holderHas('audit.export', tenant.tenantId)).toBe(false);

      await adminRequest(tenant, 'select public.update_role($1, p_permissions => $2)', [reader, JSON.stringify(['audit.view', 'audit.export'])]);
      expect(await holderHas('audit.export', tenant.tenantId), 'the next statement sees the edit').toBe(true);

      await adminRequest(tenant, 'select public.update_role($1, p_permissions => $2)', [reader, JSON.stringify(['audit.export'])]);
      expect(await holderHas('audit.export', tenant.tenantId)).toBe(true);
      // audit.export implies audit.view (P4), so view stays; the role no longer lists it.
      expect(await holderHas('audit.view', tenant.tenantId)).toBe(true);

      await adminRequest(tenant, 'select public.update_role($1, p_permissions => $2)', [reader, JSON.stringify([])]);
      expect(await holderHas('audit.view', tenant.tenantId), 'a removal too is seen at once').toBe(false);
    } finally {
      await holderConnection.rollback();
    }
  });

  test('R4: the holder\'s next request (same connection, same claims) sees the edit: no re-login', async () => {
    const { tenant, reader, holder } = await tenantWithReader();
    const permissions = async (): Promise<string[]> => {
      await holderConnection.beginAs(holder.userId);
      try {
        const { rows } = await holderConnection.query<{ permission: string }>('select permission from public.my_permissions($1)', [tenant.tenantId]);
        return rows.map((r) => r.permission);
      } finally {
        await holderConnection.commit();
      }
    };
    expect(await permissions()).toEqual(['audit.view']);
    await adminRequest(tenant, 'select public.update_role($1, p_permissions => $2)', [reader, JSON.stringify(['audit.export', 'users.view'])]);
    expect(await permissions()).toEqual(['audit.export', 'audit.view', 'users.view']);
  });

  test('R5: a disabled role\'s rights vanish on the holder\'s next statement; restoring it brings them back', async () => {
    const { tenant, reader, holder } = await tenantWithReader();
    await holderConnection.beginAs(holder.userId);
    try {
      expect(await holderHas('audit.view', tenant.tenantId)).toBe(true);
      await adminRequest(tenant, 'select public.disable_role($1)', [reader]);
      expect(await holderHas('audit.view', tenant.tenantId), 'disabled: gone at once').toBe(false);
      const { rows } = await holderConnection.query('select count(*)::int as n from public.my_permissions($1)', [tenant.tenantId]);
      expect(rows[0].n).toBe(0);
      await adminRequest(tenant, 'select public.restore_role($1)', [reader]);
      expect(await holderHas('audit.view', tenant.tenantId), 'restored: back at once').toBe(true);
    } finally {
      await holderConnection.rollback();
    }
  });
});

describe('R4: no stale answer inside one statement', () => {
  test('R4: rights cached for a statement follow every change made later in that statement', async () => {
    const { tenant, reader, holder } = await tenantWithReader();
    const member = holder.memberId;
    expect(member).toMatch(/^[0-9a-f-]{36}$/);
    // One DO block is one statement: member_permission_keys keeps its answer for
    // the statement unless a write to an rbac table retires it.
    await adminPool().query(`
      do $$
      begin
        assert rbac_private.member_has('${member}', 'audit.view'), 'holds audit.view at first';
        delete from rbac.member_roles where member_id = '${member}';
        assert not rbac_private.member_has('${member}', 'audit.view'), 'unassigned: gone in the same statement';
        insert into rbac.member_roles (tenant_id, member_id, role_id) values ('${tenant.tenantId}', '${member}', '${reader}');
        assert rbac_private.member_has('${member}', 'audit.view'), 'assigned again: back in the same statement';
        update rbac.roles set disabled_at = now() where id = '${reader}';
        assert not rbac_private.member_has('${member}', 'audit.view'), 'role disabled: gone in the same statement';
        update rbac.roles set disabled_at = null where id = '${reader}';
        update rbac.members set status = 'deactivated' where id = '${member}';
        assert not rbac_private.member_has('${member}', 'audit.view'), 'member deactivated: gone in the same statement';
      end
      $$`);
  });

  test('R4: an administrator who narrows the admin role they hold is judged on the narrowed rights in the same call (RB015)', async () => {
    const tenant = await newTenant();
    const administrator = await roleId(tenant.tenantId, 'Administrator');
    // The only administrators hold a custom role with the whole catalog.
    const { rows } = await adminPool().query(
      `with role as (
         insert into rbac.roles (tenant_id, org_id, name) values ($1, $1, 'Operations Admin') returning id
       ), perms as (
         insert into rbac.role_permissions (tenant_id, role_id, permission_id)
         select $1, role.id, p.id from role, rbac.permissions p where p.tenant_id = $1
       )
       select id from role`,
      [tenant.tenantId],
    );
    const opsAdmin: string = rows[0].id;
    await adminPool().query('update rbac.member_roles set role_id = $2 where member_id = $1 and role_id = $3', [tenant.adminMemberId, opsAdmin, administrator]);
    await addMember(tenant.tenantId, { userType: 'company_admin', roleIds: [opsAdmin] });
    const { rows: keys } = await adminPool().query(
      `select coalesce(jsonb_agg(key), '[]') as keys from rbac.permissions where tenant_id = $1 and key <> 'users.delete'`,
      [tenant.tenantId],
    );

    // The caller's rights were computed (full) at the start of the call; the
    // edit takes users.delete from every administrator, the caller included.
    const refusal = await adminRequest(tenant, 'select public.update_role($1, p_permissions => $2)', [opsAdmin, JSON.stringify(keys[0].keys)]).catch(
      (e: pg.DatabaseError) => e,
    );
    expect((refusal as pg.DatabaseError | undefined)?.code).toBe('RB015');
    const { rows: after } = await adminPool().query('select count(*)::int as n from rbac.role_permissions where role_id = $1', [opsAdmin]);
    expect(after[0].n, 'nothing changed').toBe(keys[0].keys.length + 1);
  });
});
