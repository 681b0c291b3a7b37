// Each operation is defined once: its zod input and output schemas (from
// which the TypeScript types derive), how the input maps to SQL parameters,
// and what the SQL returns. bindOperations turns a group of definitions into
// typed async functions over one transport.
import { z } from 'zod';
import { InputError, OutputShapeError, toClientError } from './errors.ts';
import type { Returns, SqlType, Transport } from './transport.ts';

type AnyObject = z.ZodObject;

export interface RpcOperation<I extends AnyObject = AnyObject, O extends z.ZodType = z.ZodType, R extends Returns = Returns> {
  kind: 'rpc';
  fn: string;
  input: I;
  /** Input key → [SQL parameter name, SQL type]. Keys left undefined are not sent (the SQL default applies). */
  params: { [K in keyof z.output<I>]-?: readonly [string, SqlType] };
  returns: R;
  /** The scalar (value) or one row (rows, row). Unused for void. */
  output: O;
}

export interface ReadOperation<I extends AnyObject = AnyObject, O extends AnyObject = AnyObject> {
  kind: 'read';
  /** rbac (the default) or public (business tables under RLS). */
  schema?: 'rbac' | 'public';
  table: string;
  input: I;
  /** Input key → column compared (equality, or one of a list); keys left undefined are not filtered on. */
  filters: { [K in Exclude<keyof z.output<I>, PageKey>]-?: string };
  order: string[];
  output: O;
  /** Reads of tables that grow with the business (records): the input's limit and offset pick one page. */
  paged?: boolean;
}

/** The input keys of a paged read that pick the page rather than filter. */
type PageKey = 'limit' | 'offset';

/** The page of a paged read: first 100 rows unless asked, at most 500 (as the SQL list functions). */
export const pageInput = {
  limit: z.number().int().min(1).max(500).default(100),
  offset: z.number().int().min(0).default(0),
};

export type Operation = RpcOperation | ReadOperation;

export function rpc<I extends AnyObject, O extends z.ZodType, R extends Returns>(spec: Omit<RpcOperation<I, O, R>, 'kind'>): RpcOperation<I, O, R> {
  return { kind: 'rpc', ...spec };
}

export function read<I extends AnyObject, O extends AnyObject>(spec: Omit<ReadOperation<I, O>, 'kind'>): ReadOperation<I, O> {
  return { kind: 'read', ...spec };
}

/** What calling an operation resolves to. */
export type Result<Op> =
  Op extends RpcOperation<AnyObject, infer O, infer R>
    ? R extends 'void'
      ? void
      : R extends 'rows'
        ? z.output<O>[]
        : R extends 'row'
          ? z.output<O>
          : z.output<O>
    : Op extends ReadOperation<AnyObject, infer O>
      ? z.output<O>[]
      : never;

/** The input a caller passes (before defaults and transforms). */
export type Input<Op> = Op extends { input: infer I extends z.ZodType } ? z.input<I> : never;

export type Bound<Ops extends Record<string, Operation>> = {
  [K in keyof Ops]: {} extends Input<Ops[K]> ? (input?: Input<Ops[K]>) => Promise<Result<Ops[K]>> : (input: Input<Ops[K]>) => Promise<Result<Ops[K]>>;
};

/** The schema the whole answer must match. */
export function answerSchema(op: Operation): z.ZodType {
  if (op.kind === 'read' || op.returns === 'rows') return z.array(op.output);
  if (op.returns === 'void') return z.unknown();
  return op.output;
}

export async function runOperation(name: string, op: Operation, transport: Transport, rawInput: unknown): Promise<unknown> {
  const parsed = op.input.safeParse(rawInput ?? {});
  if (!parsed.success) throw new InputError(name, parsed.error.issues);
  const input = parsed.data as Record<string, unknown>;
  let answer: unknown;
  try {
    if (op.kind === 'rpc') {
      const args = Object.entries(op.params as Record<string, readonly [string, SqlType]>)
        .filter(([key]) => input[key] !== undefined)
        .map(([key, [sqlName, type]]) => ({ name: sqlName, type, value: input[key] }));
      answer = await transport.rpc({ fn: op.fn, args, returns: op.returns });
    } else {
      const filters = Object.entries(op.filters as Record<string, string>)
        .filter(([key]) => input[key] !== undefined)
        .map(([key, column]) => [column, input[key]] as [string, unknown]);
      const range = op.paged ? { limit: input.limit as number, offset: input.offset as number } : undefined;
      answer = await transport.select({ schema: op.schema ?? 'rbac', table: op.table, columns: Object.keys(op.output.shape), filters, order: op.order, range });
    }
  } catch (err) {
    throw toClientError(err);
  }
  if (op.kind === 'rpc' && op.returns === 'void') return undefined;
  const checked = answerSchema(op).safeParse(answer);
  if (!checked.success) throw new OutputShapeError(name, checked.error.issues);
  return checked.data;
}

export function bindOperations<Ops extends Record<string, Operation>>(area: string, ops: Ops, transport: Transport): Bound<Ops> {
  const bound: Record<string, (input?: unknown) => Promise<unknown>> = {};
  for (const [key, op] of Object.entries(ops)) {
    bound[key] = (input?: unknown) => runOperation(`${area}.${key}`, op, transport, input);
  }
  return bound as Bound<Ops>;
}
