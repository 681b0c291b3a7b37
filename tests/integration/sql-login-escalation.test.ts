// X3: a SQL login cannot escalate. Connected for real as a member's login,
// an attacker tries to write (with and without read-only transactions), to
// call the API's functions, to switch role, to pose as someone else through
// JWT claims or forged cached rights, to reach private helpers and audit
// internals, and to create objects or loosen its own limits.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addMember, call, closePool, newTenant, roleId, type Member, type Tenant } from '../helpers/db.ts';
import { connectAs, createProbeTable, createSqlLogin, errorCode, idsSeenByLogin, type LoginSession, type ProbeTable, type SqlLogin } from './sql-login-session.ts';

let a: Tenant;
let mia: Member;
let probe: ProbeTable;
let login: SqlLogin;
let session: LoginSession;

beforeAll(async () => {
  a = await newTenant();
  mia = await addMember(a.tenantId, { roleIds: [await roleId(a.tenantId, 'User')] });
  probe = await createProbeTable({ [a.tenantId]: 2 });
  login = await createSqlLogin(a.adminUserId, mia.memberId);
  session = await connectAs(login);
});

afterAll(async () => {
  await session?.close();
  await call(a.adminUserId, 'revoke_sql_login', { p_member_id: mia.memberId }).catch(() => undefined);
  await probe?.drop();
  await closePool();
});

/** Runs one statement in a fresh read-write transaction of the login and rolls back. */
async function inReadWrite(sql: string, params: unknown[] = []): Promise<string> {
  await session.query('begin read write');
  try {
    return await errorCode(session.query(sql, params));
  } finally {
    await session.query('rollback');
  }
}

describe('X3: no writes', () => {
  test('X3: a write is refused by the read-only default first', async () => {
    expect(await errorCode(session.query(`insert into rbac.roles (tenant_id, org_id, name) values ($1, $1, 'Mine')`, [a.tenantId]))).toBe('25006');
    expect(await errorCode(session.query(`update ${probe.name} set note = 'x'`))).toBe('25006');
  });

  test('X3: with read-only turned off, every write to rbac and public tables is refused for lack of privilege', async () => {
    await session.query('set default_transaction_read_only = off');
    try {
      const writes = [
        `insert into rbac.roles (tenant_id, org_id, name, grants_all) values ('${a.tenantId}', '${a.tenantId}', 'Mine', true)`,
        `insert into rbac.member_roles (tenant_id, member_id, role_id) select tenant_id, '${mia.memberId}', id from rbac.roles`,
        `update rbac.members set user_type = 'company_admin'`,
        `update rbac.members set status = 'active'`,
        `delete from rbac.tenants`,
        `delete from rbac.sql_logins`,
        `truncate rbac.audit_log`,
        `insert into ${probe.name} (tenant_id) values ('${a.tenantId}')`,
        `update ${probe.name} set note = 'changed'`,
        `delete from ${probe.name}`,
      ];
      for (const sql of writes) expect(await errorCode(session.query(sql)), sql).toBe('42501');
      expect(await inReadWrite(`update rbac.members set display_name = 'x' where id = $1`, [mia.memberId])).toBe('42501');
    } finally {
      await session.query('reset default_transaction_read_only');
    }
  });

  test('X3: the login cannot create objects anywhere, nor loosen its own limits', async () => {
    for (const sql of [
      'create table public.mine (id int)',
      'create schema mine',
      'create function public.mine() returns int language sql as $$ select 1 $$',
      'create role mine',
      `alter role current_user connection limit 100`,
      `alter role current_user createrole`,
      `alter role current_user bypassrls`,
      `grant rbac_reporting to authenticator`,
    ]) {
      expect(await inReadWrite(sql), sql).toBe('42501');
    }
  });
});

describe('X3/T3: no code of the session runs with the owner\'s rights', () => {
  // Postgres searches a session's temporary schema first for types when a
  // function's search_path leaves pg_temp out (as search_path = '' does). The
  // attack that worked: a temporary domain called `text` whose check calls the
  // login's own function; a policy helper (a security definer declaring
  // `v text`) then ran it as the superuser, which read auth.users and other
  // tenants' rows. Definers now pin search_path = pg_catalog, pg_temp.
  test('X3/T3: a temporary domain shadowing text or uuid never runs inside a policy helper', async () => {
    await session.query('set default_transaction_read_only = off');
    try {
      await session.query(`
        create temporary table loot (who pg_catalog.text);
        create function pg_temp.evil(pg_catalog.text) returns boolean language plpgsql as $$
        begin
          insert into pg_temp.loot values (current_user);
          return true;
        end $$;
        create domain pg_temp.text as pg_catalog.text check (pg_temp.evil(value));
        create domain pg_temp.uuid as pg_catalog.uuid check (pg_temp.evil(value::pg_catalog.text));`);
      // Reads whose policies call the helpers (the probe table's, and the
      // accounts' visibility sets): they run, and answer as before.
      const seen = await session.query(`select (select count(*)::int from ${probe.name}) as probe, (select count(*)::int from public.accounts) as accounts`);
      expect(seen.rows[0]).toEqual({ probe: 2, accounts: 0 });
      const loot = await session.query(`select distinct who from pg_temp.loot where who <> current_user`);
      expect(loot.rows).toEqual([]);
    } finally {
      await session.query('discard temp');
      await session.query('set default_transaction_read_only = on');
    }
  });
});

describe('X3: no API and no private helpers', () => {
  test('X3: the API\'s mutating functions cannot be called', async () => {
    const calls: [string, unknown[]][] = [
      ['select public.create_role($1, $2)', [a.tenantId, 'Mine']],
      ['select public.assign_role($1, $2)', [mia.memberId, await roleId(a.tenantId, 'Administrator')]],
      ['select public.create_sql_login($1)', [mia.memberId]],
      ['select public.revoke_sql_login($1)', [mia.memberId]],
      ['select public.deactivate_member($1)', [a.adminMemberId]],
      ['select public.create_org($1, $2)', [a.tenantId, 'Mine']],
    ];
    for (const [sql, params] of calls) expect(await inReadWrite(sql, params), sql).toBe('42501');
  });

  test('X3/L1: private helpers, the audit chain head and auth are out of reach', async () => {
    for (const sql of [
      'select rbac_private.my_tenant_ids()',
      `select rbac_private.member_grants('${mia.memberId}')`,
      `select * from rbac_private.audit_chain_break('${a.tenantId}')`,
      `select rbac_private.insert_member('${a.tenantId}', null, 'x', null, '${a.tenantId}', 'company_admin', '{}')`,
      'select * from rbac.audit_heads',
      'select * from auth.users',
      'select auth.uid()',
    ]) {
      expect(await errorCode(session.query(sql)), sql).toBe('42501');
    }
  });
});

describe('X3: no other identity', () => {
  test('X3: the login cannot switch to another role, and reset role keeps it itself', async () => {
    for (const role of ['authenticated', 'postgres', 'service_role', 'anon', 'authenticator', 'rbac_reporting']) {
      expect(await errorCode(session.query(`set role ${role}`)), role).toBe('42501');
    }
    expect(await errorCode(session.query('set session authorization postgres'))).toBe('42501');
    await session.query('reset role');
    const { rows } = await session.query('select current_user::text as u');
    expect(rows[0].u).toBe(login.roleName);
  });

  test('X3: JWT claims the session sets are ignored: it stays its member', async () => {
    const honest = await idsSeenByLogin(session, 'rbac.members');
    expect(honest).toEqual([mia.memberId]);
    const admin = JSON.stringify({ sub: a.adminUserId, role: 'authenticated' });
    await session.query(`select set_config('request.jwt.claims', $1, false)`, [admin]);
    await session.query(`select set_config('request.jwt.claim.sub', $1, false)`, [a.adminUserId]);
    try {
      expect(await idsSeenByLogin(session, 'rbac.members')).toEqual(honest);
      const { rows } = await session.query('select count(*)::int as n from rbac.audit_log');
      expect(rows[0].n).toBe(0);
    } finally {
      await session.query('reset request.jwt.claims');
      await session.query('reset request.jwt.claim.sub');
    }
  });

  test('X3: forged per-statement rights in the session\'s own settings are never believed', async () => {
    // Rights are cached per statement in a setting any session can write.
    // The attack: one message, one snapshot (repeatable read), so every
    // statement shares the cache stamp; read once to learn the stamp, then
    // overwrite the cached keys with audit.view and users.view and read again.
    const setting = `rbac.keys_${mia.memberId.replace(/-/g, '')}`;
    const results = (await session.query(`
      begin isolation level repeatable read;
      select count(*)::int as n from rbac.audit_log;
      select set_config('${setting}', split_part(current_setting('${setting}'), '|', 1) || '|,audit.view:all,users.view:all,', true) as forged;
      select (select count(*)::int from rbac.audit_log) as audit_rows, (select count(*)::int from rbac.members) as members;
      select current_setting('${setting}') as recomputed;
      rollback;`)) as unknown as { rows: Record<string, unknown>[] }[];
    const forged = results[2].rows[0].forged as string;
    const recomputed = results[4].rows[0].recomputed as string;
    // The forged entry carried the very stamp the next statement computed: believing it was possible.
    expect(recomputed.split('|')[0]).toBe(forged.split('|')[0]);
    expect(recomputed.split('|')[1]).not.toContain('audit.view');
    expect(results[3].rows[0]).toEqual({ audit_rows: 0, members: 1 });
  });
});
