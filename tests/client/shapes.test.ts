// X2: the client's schemas are the one definition of each operation, so they
// must match the SQL exactly: every function exists with the declared
// parameter names and types, every result column is in the output schema
// and the other way round, and every table read names real columns. When a
// migration changes a return shape, this test fails (and at run time the
// client refuses the changed answer with an OutputShapeError).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { inject } from 'vitest';
import { z } from 'zod';
import { operations, OutputShapeError } from '../../src/lib/client/index.ts';
import { runOperation, type Operation, type RpcOperation } from '../../src/lib/client/operation.ts';
import type { Transport } from '../../src/lib/client/transport.ts';

let db: pg.Client;

beforeAll(async () => {
  db = new pg.Client({ connectionString: inject('databaseUrl') });
  await db.connect();
});
afterAll(() => db.end());

const all: [string, Operation][] = Object.entries(operations).flatMap(([area, ops]) =>
  Object.entries(ops as Record<string, Operation>).map(([key, op]) => [`${area}.${key}`, op] as [string, Operation]),
);

interface FunctionShape {
  inputs: Map<string, string>;
  columns: string[] | null;
}

async function functionShape(fn: string): Promise<FunctionShape[]> {
  const { rows } = await db.query(
    `select p.proargnames as names, p.proargmodes::text[] as modes,
            array(select format_type(t, null) from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) t) as types,
            p.proretset, format_type(p.prorettype, null) as rettype
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public' and p.proname = $1`,
    [fn],
  );
  return rows.map((r) => {
    const names: string[] = r.names ?? [];
    const modes: string[] = r.modes ?? names.map(() => 'i');
    const inputs = new Map<string, string>();
    const columns: string[] = [];
    names.forEach((n, i) => {
      if (modes[i] === 'i' || modes[i] === 'b') inputs.set(n, r.types[i]);
      if (modes[i] === 't' || modes[i] === 'o') columns.push(n);
    });
    return { inputs, columns: columns.length ? columns : null };
  });
}

const TYPE_NAMES: Record<string, string> = {
  uuid: 'uuid',
  'uuid[]': 'uuid[]',
  text: 'text',
  'text[]': 'text[]',
  boolean: 'boolean',
  integer: 'integer',
  bigint: 'bigint',
  jsonb: 'jsonb',
  timestamptz: 'timestamp with time zone',
  interval: 'interval',
  'rbac.user_type': 'rbac.user_type',
  'rbac.user_type[]': 'rbac.user_type[]',
  'rbac.visibility': 'rbac.visibility',
  'rbac.role_kind': 'rbac.role_kind',
  'rbac.member_status': 'rbac.member_status',
};

describe('X2: the client schemas match the SQL', () => {
  test('X2: the client covers the API (the checks below are not vacuous)', () => {
    expect(all.length).toBeGreaterThan(60);
  });

  test.each(all.filter(([, op]) => op.kind === 'rpc'))('X2: %s calls a function with these parameters and returns these columns', async (_name, op) => {
    const spec = op as RpcOperation;
    const overloads = await functionShape(spec.fn);
    expect(overloads, `public.${spec.fn} exists once`).toHaveLength(1);
    const [shape] = overloads;
    for (const [sqlName, type] of Object.values(spec.params as Record<string, readonly [string, string]>)) {
      expect(shape.inputs.get(sqlName), `${spec.fn}(${sqlName})`).toBe(TYPE_NAMES[type]);
    }
    if (spec.returns === 'rows' || spec.returns === 'row') {
      const keys = Object.keys((spec.output as z.ZodObject).shape).sort();
      expect(keys, `columns of ${spec.fn}`).toEqual([...(shape.columns ?? [])].sort());
    } else {
      expect(shape.columns, `${spec.fn} returns a single value`).toBeNull();
    }
  });

  test.each(all.filter(([, op]) => op.kind === 'read'))('X2: %s reads columns that exist in its table', async (_name, op) => {
    if (op.kind !== 'read') return;
    const { rows } = await db.query(`select column_name from information_schema.columns where table_schema = $1 and table_name = $2`, [op.schema ?? 'rbac', op.table]);
    const columns = new Set(rows.map((r) => r.column_name));
    const wanted = [...Object.keys(op.output.shape), ...Object.values(op.filters as Record<string, string>), ...op.order];
    expect(wanted.filter((c) => !columns.has(c)), `unknown columns of rbac.${op.table}`).toEqual([]);
  });
});

describe('X2: a changed return shape is refused at run time', () => {
  /** A transport that answers with a fixed row, as if the SQL had changed. */
  const answering = (row: unknown): Transport => ({ rpc: async () => [row], select: async () => [row] });
  const goodRole = {
    id: '5f1c1a52-6b1d-4d0e-9a43-2f8e0c7b9d11', name: 'Sales', description: '', kind: 'employee', org_id: '5f1c1a52-6b1d-4d0e-9a43-2f8e0c7b9d12',
    org_name: 'HQ', system_key: null, created_at: new Date(), updated_at: '2026-11-23 09:00:00+00', disabled_at: null,
    approved_at: null, holder_count: '3', permission_count: 2, total_count: '1',
  };
  const list = operations.roles.list;
  const input = { tenantId: '5f1c1a52-6b1d-4d0e-9a43-2f8e0c7b9d13' };

  test('X2: the unchanged shape parses, from either transport\'s value types', async () => {
    const [row] = (await runOperation('roles.list', list, answering(goodRole), input)) as { holder_count: number; updated_at: Date }[];
    expect(row.holder_count).toBe(3);
    expect(row.updated_at).toBeInstanceOf(Date);
  });

  test.each([
    ['a column renamed', (({ holder_count, ...rest }) => ({ ...rest, holders: holder_count }))(goodRole)],
    ['a column that became text', { ...goodRole, holder_count: 'three' }],
    ['an enum with a new value', { ...goodRole, kind: 'partner' }],
    ['a nullable column that became null', { ...goodRole, name: null }],
  ])('X2: %s fails with OutputShapeError', async (_what, row) => {
    const err = await runOperation('roles.list', list, answering(row), input).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(OutputShapeError);
    expect((err as OutputShapeError).operation).toBe('roles.list');
  });
});
