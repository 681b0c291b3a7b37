// EXPLAIN (ANALYZE, BUFFERS) of a statement as a signed-in user, with the
// plans of the statements it runs inside our functions: auto_explain logs
// nested statements at NOTICE level, which the client receives. Loading
// auto_explain needs the superuser, so `client` is a superuser connection
// that then becomes the request's login (authenticator) and role, exactly
// as the measured requests are made.
// Always rolled back, so explaining a write changes nothing.
import type pg from 'pg';
import { literal } from './session.ts';

export interface ExplainOptions {
  /** Nested statements faster than this are left out (default 0.2 ms). */
  nestedMinMs?: number;
  /** At most this many nested plans, slowest first (default 6). */
  maxNested?: number;
  /** Run first, as the user, in the same (rolled back) transaction: the state the statement needs. */
  before?: string;
}

export async function explainAsUser(client: pg.Client, userId: string, sql: string, options: ExplainOptions = {}): Promise<string> {
  const nested: { ms: number; text: string }[] = [];
  const onNotice = (msg: { message?: string }): void => {
    const text = msg.message ?? '';
    const m = /^duration: ([\d.]+) ms/.exec(text);
    if (m) nested.push({ ms: Number(m[1]), text });
  };
  client.on('notice', onNotice);
  try {
    await client.query('begin');
    await client.query(`load 'auto_explain'`);
    await client.query(
      `select set_config('auto_explain.log_min_duration', ${literal(String(options.nestedMinMs ?? 0.2))}, true),
              set_config('auto_explain.log_nested_statements', 'on', true),
              set_config('auto_explain.log_analyze', 'on', true),
              set_config('auto_explain.log_buffers', 'on', true),
              set_config('auto_explain.log_level', 'notice', true),
              set_config('client_min_messages', 'notice', true)`,
    );
    await client.query('set local session authorization authenticator');
    await client.query(`select set_config('request.jwt.claims', $1, true), set_config('role', 'authenticated', true)`, [
      JSON.stringify({ sub: userId, role: 'authenticated', aud: 'authenticated' }),
    ]);
    if (options.before) await client.query(options.before);
    const { rows } = await client.query(`explain (analyze, buffers) ${sql}`);
    const top = rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
    // The top-level statement is logged by auto_explain too; keep only the nested ones.
    const inner = nested
      .filter((n) => !n.text.includes('explain (analyze, buffers)'))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, options.maxNested ?? 6)
      .map((n) => n.text.replace(/^duration: /, 'nested statement, duration: '));
    return [top, ...inner].join('\n\n');
  } finally {
    await client.query('rollback').catch(() => undefined);
    client.off('notice', onNotice);
  }
}
