// What a transport must do: call one public function, or read one rbac table
// under RLS, as the signed-in person. Two exist: node-postgres on the
// authenticator login (pg-transport.ts) and supabase-js (supabase-transport.ts).

/** SQL types the operations declare for their parameters (pg casts with them; PostgREST resolves by name). */
export type SqlType =
  | 'uuid'
  | 'uuid[]'
  | 'text'
  | 'text[]'
  | 'boolean'
  | 'integer'
  | 'bigint'
  | 'jsonb'
  | 'timestamptz'
  | 'interval'
  | 'rbac.user_type'
  | 'rbac.user_type[]'
  | 'rbac.visibility'
  | 'rbac.role_kind'
  | 'rbac.member_status';

/** void: nothing; value: one scalar; rows: a set; row: the first (only) row of a set. */
export type Returns = 'void' | 'value' | 'rows' | 'row';

export interface SqlArg {
  name: string;
  type: SqlType;
  value: unknown;
}

export interface RpcCall {
  fn: string;
  args: SqlArg[];
  returns: Returns;
}

export interface TableRead {
  schema: 'rbac' | 'public';
  table: string;
  columns: string[];
  /** column = value (null: column is null). */
  /** [column, value]: null matches is null, an array matches any of its values, anything else equality. */
  filters: [string, unknown][];
  order: string[];
  /** One page of the ordered rows (paged reads); all rows when left out. */
  range?: { limit: number; offset: number };
}

export interface Transport {
  rpc(call: RpcCall): Promise<unknown>;
  select(read: TableRead): Promise<unknown[]>;
}

/** The claims of a request, as Supabase Auth puts them in its JWT (plus ours: tenant_id, view_as). */
export interface Claims {
  sub: string;
  role: 'authenticated';
  aud: 'authenticated';
  email?: string;
  exp?: number;
  iat?: number;
  tenant_id?: string;
  /** X1: one sign-in; once ended (public.end_session) its tokens sign nobody in. */
  session_id?: string;
  /** When the person signed in (seconds). */
  auth_time?: number;
  /** A7: set while an administrator views the app as this member; the database then refuses changes. */
  view_as?: { viewer_user_id: string; member_id: string; viewer_session_id?: string };
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export function assertIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`Not a plain SQL identifier: ${name}`);
  return name;
}
