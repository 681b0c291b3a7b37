// `npm run bench`: the performance report of the product's SQL. Starts a
// throwaway embedded Postgres (or uses BENCH_DATABASE_URL, which must be a
// disposable database), applies the migrations, then runs each suite of
// scripts/bench/suites/: generate data, measure, report median and p95
// against the targets, EXPLAIN the slowest query. A missed target is
// reported, not fatal: the exit code is non-zero only when the bench itself
// cannot run. Not part of `npm test`.
//
//   BENCH_SUITES=rbac-core   run only these suites (comma-separated ids)
//   BENCH_SCALE=0.1          shrink (or grow) the generated data
//   BENCH_REPORT=file.md     also write the report as Markdown
//   BENCH_EXPLAIN=<id>       explain this measurement instead of the slowest
import fs from 'node:fs';
import type pg from 'pg';
import { openBenchDatabase, type BenchDatabase } from './bench/database.ts';
import { describeMachine, loadAverage } from './bench/machine.ts';
import { consoleTable, markdownReport, rowsOf, slowest, summaryLine, type SuiteResult } from './bench/report.ts';
import { inRequest, openClient } from './bench/session.ts';
import { formatMs, median, percentile, repeat, timed } from './bench/stats.ts';
import { SUITES } from './bench/suites/index.ts';
import type { BenchContext } from './bench/types.ts';
import { authenticatorUrl } from '../src/lib/client/pg-transport.ts';
import { exitWith, SetupError } from './lib/fail.ts';

const log = (line: string): void => console.log(line);

function selectedSuites(): typeof SUITES {
  const wanted = process.env.BENCH_SUITES?.split(',').map((s) => s.trim()).filter(Boolean);
  if (!wanted?.length) return SUITES;
  const unknown = wanted.filter((id) => !SUITES.some((s) => s.id === id));
  if (unknown.length) {
    throw new SetupError(`Unknown bench suite ${unknown.join(', ')}; the suites are ${SUITES.map((s) => s.id).join(', ')}.`);
  }
  return SUITES.filter((s) => wanted.includes(s.id));
}

function scale(): number {
  const value = Number(process.env.BENCH_SCALE ?? 1);
  if (!Number.isFinite(value) || value <= 0 || value > 100) {
    throw new SetupError(`BENCH_SCALE must be a number above 0 and at most 100, not ${process.env.BENCH_SCALE}.`);
  }
  return value;
}

async function main(): Promise<void> {
  const suites = selectedSuites();
  let db: BenchDatabase | undefined;
  const stopOnSignal = (): void => {
    void (db?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.on('SIGINT', stopOnSignal);
  process.on('SIGTERM', stopOnSignal);

  const started = Date.now();
  const benchScale = scale();
  db = await openBenchDatabase(log);
  let admin: pg.Client | undefined;
  let requests: pg.Client | undefined;
  try {
    admin = await openClient(db.url);
    // Requests log in as the app's server and PostgREST do (AUTHENTICATOR_URL / AUTHENTICATOR_PASSWORD as for the app).
    const requestUrl = authenticatorUrl({ ...process.env, DATABASE_URL: db.url });
    requests = await openClient(requestUrl).catch((err: Error) => {
      throw new SetupError(
        `The bench cannot log in as authenticator (${err.message}); set AUTHENTICATOR_PASSWORD or AUTHENTICATOR_URL as for the app.`,
      );
    });
    const ctx: BenchContext = { url: db.url, requestUrl, admin, scale: benchScale, log };
    const results: SuiteResult[] = [];
    const machine = await describeMachine(admin);
    log(
      `Machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGb} GB, ${machine.postgres} (${db.description}); ` +
        `load average ${machine.loadAtStart}.`,
    );
    // Reference: one empty request's statement, the round trip every single-statement sample includes.
    const probe = requests;
    const roundTrip = await repeat(200, 20, () =>
      inRequest(probe, '00000000-0000-0000-0000-000000000000', () => timed(() => probe.query('select 1'))),
    );
    log(`Round trip of \`select 1\` in a request: median ${formatMs(median(roundTrip))}, p95 ${formatMs(percentile(roundTrip, 95))}.`);

    for (const suite of suites) {
      log(`\n== ${suite.title} ==\nGenerating (scale ${ctx.scale})…`);
      const generation = await suite.generate(ctx);
      const total = generation.steps.reduce((a, s) => a + s.ms, 0);
      log(`Generated in ${(total / 1000).toFixed(1)} s: ${Object.entries(generation.sizes).map(([k, v]) => `${k} ${v}`).join(', ')}.`);
      const { measurements, notes } = await suite.measure(ctx);
      results.push({ id: suite.id, title: suite.title, generation, measurements, notes });
    }

    const rows = rowsOf(results);
    const chosen = process.env.BENCH_EXPLAIN;
    const worst = chosen ? rows.find((r) => r.m.id === chosen && r.m.explain) : slowest(rows);
    if (chosen && !worst) log(`BENCH_EXPLAIN=${chosen} names no measurement with a plan; ids: ${rows.map((r) => r.m.id).join(', ')}.`);
    let explain: { title: string; plan: string } | undefined;
    if (worst?.m.explain) {
      log(`\nExplaining ${chosen ? 'the chosen' : 'the slowest'} query against its target: ${worst.m.explain.title}…`);
      explain = { title: worst.m.explain.title, plan: await worst.m.explain.run() };
    }
    // Only now: the EXPLAIN above runs against the suites' data.
    if (db.shared) for (const suite of suites) await suite.cleanup(ctx);

    log('\n== Results ==\n');
    log(consoleTable(rows));
    for (const r of results) log(`\n${r.notes.map((n) => `• ${n}`).join('\n')}`);
    if (explain) log(`\n== EXPLAIN (ANALYZE, BUFFERS): ${explain.title} ==\n${explain.plan}`);
    if (process.env.BENCH_REPORT) {
      const header = `Round trip (\`select 1\` in a request): median ${formatMs(median(roundTrip))}, p95 ${formatMs(percentile(roundTrip, 95))}.\n\n`;
      fs.writeFileSync(process.env.BENCH_REPORT, header + markdownReport(machine, loadAverage(), results, rows, explain));
      log(`\nMarkdown report written to ${process.env.BENCH_REPORT}.`);
    }
    log(`\nBench took ${((Date.now() - started) / 1000).toFixed(0)} s; load average ${machine.loadAtStart} at the start, ${loadAverage()} at the end.`);
    log(summaryLine(rows));
  } finally {
    await admin?.end().catch(() => undefined);
    await requests?.end().catch(() => undefined);
    await db.stop();
  }
}

main().catch(exitWith);
