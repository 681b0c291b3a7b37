// A minimal stand-in for PostgREST, for testing the supabase-js transport on
// a machine without PostgREST: a `fetch` that serves /rest/v1/rpc/<fn> and
// /rest/v1/<table> GETs the way PostgREST does (the bearer JWT's claims,
// role authenticated, GET = read-only transaction, errors as PostgREST's
// JSON with status 400) by running them on the real database through the
// authenticator login. It does not verify JWT signatures: PostgREST does
// that, and the database does not depend on it.
import type pg from 'pg';
import { PgTransport } from '../../src/lib/client/pg-transport.ts';
import type { Claims, SqlType } from '../../src/lib/client/transport.ts';

export interface Recorded {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
}

function claimsOf(headers: Headers): Claims | null {
  const token = /^Bearer (.+)$/.exec(headers.get('authorization') ?? '')?.[1];
  if (!token || token.split('.').length !== 3) return null;
  const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
  return payload.role === 'authenticated' ? payload : null;
}

export function postgrestStandIn(pool: pg.Pool, owner: pg.Pool, recorded: Recorded[] = []): typeof fetch {
  return async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const headers = new Headers(init?.headers);
    const method = init?.method ?? 'GET';
    const body = typeof init?.body === 'string' && init.body ? JSON.parse(init.body) : undefined;
    recorded.push({ method, url, headers, body });
    const transport = new PgTransport(pool, claimsOf(headers), { readOnly: method === 'GET' });
    try {
      const rpcName = /^\/rest\/v1\/rpc\/([a-z_]+)$/.exec(url.pathname)?.[1];
      if (rpcName) {
        const { rows } = await owner.query(
          `select p.proargnames as names, p.proargmodes::text[] as modes,
                  array(select format_type(t, null) from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) t) as types,
                  format_type(p.prorettype, null) as rettype
             from pg_proc p where p.pronamespace = 'public'::regnamespace and p.proname = $1`,
          [rpcName],
        );
        if (rows.length !== 1) return json(404, { code: 'PGRST202', message: `Could not find the function public.${rpcName}`, details: null, hint: null });
        const { names, modes, types, rettype } = rows[0];
        const args = method === 'GET' ? Object.fromEntries(url.searchParams) : (body ?? {});
        const sqlArgs = Object.entries(args).map(([name, value]) => ({ name, type: types[(names as string[]).indexOf(name)] as SqlType, value }));
        const table = (modes ?? []).some((m: string) => m === 't');
        const result = await transport.rpc({ fn: rpcName, args: sqlArgs, returns: rettype === 'void' ? 'void' : table ? 'rows' : 'value' });
        return rettype === 'void' ? new Response(null, { status: 204 }) : json(200, result ?? null);
      }
      const table = /^\/rest\/v1\/([a-z_]+)$/.exec(url.pathname)?.[1];
      const profile = headers.get('accept-profile');
      if (table && method === 'GET' && (profile === 'rbac' || profile === 'public')) {
        const columns = (url.searchParams.get('select') ?? '').split(',');
        const filters: [string, unknown][] = [];
        const order: string[] = [];
        const page = { limit: url.searchParams.get('limit'), offset: url.searchParams.get('offset') };
        for (const [key, value] of url.searchParams) {
          if (key === 'limit' || key === 'offset') continue;
          if (key === 'order') order.push(...value.split(',').map((o) => o.split('.')[0]));
          else if (key.length && key !== 'select') filters.push([key, postgrestFilterValue(value)]);
        }
        const range = page.limit === null ? undefined : { limit: Number(page.limit), offset: Number(page.offset ?? 0) };
        return json(200, await transport.select({ schema: profile, table, columns, filters, order, range }));
      }
      return json(404, { code: 'PGRST000', message: `No route ${method} ${url.pathname}`, details: null, hint: null });
    } catch (err) {
      const e = err as { code?: string; message: string; detail?: string; hint?: string };
      return json(400, { code: e.code ?? null, message: e.message, details: e.detail ?? null, hint: e.hint ?? null });
    }
  };
}

/** eq.x → x, is.null → null, in.(a,b) → [a, b] (values here are ids: no quoting to undo). */
function postgrestFilterValue(value: string): unknown {
  if (value === 'is.null') return null;
  const list = /^in\.\((.*)\)$/.exec(value);
  if (list) return list[1] === '' ? [] : list[1].split(',').map((v) => v.replace(/^"|"$/g, ''));
  return value.replace(/^eq\./, '');
}

function json(status: number, value: unknown): Response {
  return new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });
}
