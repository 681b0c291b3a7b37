// Transport 2: @supabase/supabase-js against a hosted project (PostgREST).
// The same operations and types; PostgREST turns each call into the same
// transaction the pg transport makes. A read-only view (A7) sends rpc calls
// as GET, which PostgREST runs in a read-only transaction.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { RpcCall, TableRead, Transport } from './transport.ts';

export interface SupabaseTransportOptions {
  readOnly?: boolean;
}

/**
 * supabase-js builds a realtime client up front and, on Node 20, refuses to
 * without a WebSocket class. This client never opens a channel, so any
 * constructor will do; a real one is used where the runtime has it.
 */
class NoRealtimeSocket {
  constructor() {
    throw new Error('Realtime is not used by the RBAC client.');
  }
}

/** A supabase-js client acting with one access token (the signed-in person's JWT). */
export function createSupabaseClientFor(url: string, anonKey: string, accessToken: string | null, fetchImpl?: typeof fetch): SupabaseClient {
  return createClient(url, anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: (globalThis.WebSocket ?? NoRealtimeSocket) as unknown as typeof WebSocket },
    global: { headers: accessToken ? { Authorization: `Bearer ${accessToken}` } : {}, ...(fetchImpl ? { fetch: fetchImpl } : {}) },
  });
}

export class SupabaseTransport implements Transport {
  constructor(
    private readonly client: SupabaseClient,
    private readonly options: SupabaseTransportOptions = {},
  ) {}

  async rpc({ fn, args, returns }: RpcCall): Promise<unknown> {
    const body = Object.fromEntries(args.map((a) => [a.name, a.value]));
    const { data, error } = await this.client.rpc(fn, body, { get: this.options.readOnly === true });
    if (error) throw error;
    if (returns === 'void') return undefined;
    if (returns === 'row') return Array.isArray(data) ? data[0] : data;
    return data;
  }

  async select({ schema, table, columns, filters, order, range }: TableRead): Promise<unknown[]> {
    let query = this.client.schema(schema).from(table).select(columns.join(','));
    for (const [column, value] of filters) {
      query = value === null ? query.is(column, null) : Array.isArray(value) ? query.in(column, value) : query.eq(column, value as string);
    }
    for (const column of order) query = query.order(column);
    if (range) query = query.range(range.offset, range.offset + range.limit - 1);
    const { data, error } = await query;
    if (error) throw error;
    return data ?? [];
  }
}
