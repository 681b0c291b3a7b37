// The bench's output: a results table (console and Markdown), the notes the
// suites made, the plan of the slowest query, and one summary line.
import type { Machine } from './machine.ts';
import { formatMs, median, percentile } from './stats.ts';
import type { Generation, Measurement } from './types.ts';

export interface SuiteResult {
  id: string;
  title: string;
  generation: Generation;
  measurements: Measurement[];
  notes: string[];
}

export interface Row {
  suite: string;
  m: Measurement;
  median: number;
  p95: number;
  /** null: no target (reported only). */
  pass: boolean | null;
}

export function rowsOf(results: SuiteResult[]): Row[] {
  return results.flatMap((r) =>
    r.measurements.map((m) => {
      const med = median(m.samplesMs);
      const p95 = percentile(m.samplesMs, 95);
      const judged = m.target?.statistic === 'p95' ? p95 : med;
      return { suite: r.id, m, median: med, p95, pass: m.target ? judged <= m.target.limitMs : null };
    }),
  );
}

function verdict(row: Row): string {
  return row.pass === null ? 'report only' : row.pass ? 'PASS' : 'MISSED';
}

function targetText(row: Row): string {
  if (!row.m.target) return '—';
  return `${row.m.target.statistic === 'p95' ? 'p95 ' : ''}≤ ${formatMs(row.m.target.limitMs)}`;
}

export function consoleTable(rows: Row[]): string {
  const lines = rows.map((r) => [
    r.m.label,
    String(r.m.samplesMs.length),
    formatMs(r.median),
    formatMs(r.p95),
    targetText(r),
    verdict(r),
  ]);
  const head = ['measurement', 'n', 'median', 'p95', 'target', 'result'];
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(fmt)].join('\n');
}

export function markdownTable(rows: Row[]): string {
  return [
    '| Measurement | n | median | p95 | target | result |',
    '|---|---:|---:|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.m.label} | ${r.m.samplesMs.length} | ${formatMs(r.median)} | ${formatMs(r.p95)} | ` +
        `${targetText(r)} | ${verdict(r)} |`,
    ),
  ].join('\n');
}

/** The measurement the EXPLAIN goes to: furthest over (or closest to) its target; without targets, the slowest. */
export function slowest(rows: Row[]): Row | undefined {
  const explainable = rows.filter((r) => r.m.explain);
  const withTarget = explainable.filter((r) => r.m.target);
  const score = (r: Row): number => (r.m.target ? r.median / r.m.target.limitMs : r.median);
  const pool = withTarget.length ? withTarget : explainable;
  return pool.sort((a, b) => score(b) - score(a))[0];
}

export function summaryLine(rows: Row[]): string {
  const targeted = rows.filter((r) => r.pass !== null);
  const missed = targeted.filter((r) => r.pass === false);
  const head = `BENCH SUMMARY: ${rows.length} measurements, ${targeted.length} with a target: ${targeted.length - missed.length} met, ${missed.length} missed`;
  if (!missed.length) return `${head}.`;
  const judged = (r: Row): string =>
    r.m.target!.statistic === 'p95' ? `p95 ${formatMs(r.p95)}` : `median ${formatMs(r.median)}`;
  return `${head}: ${missed.map((r) => `${r.m.label} (${judged(r)} > ${formatMs(r.m.target!.limitMs)})`).join('; ')}.`;
}

export function markdownReport(
  machine: Machine,
  loadAtEnd: number,
  results: SuiteResult[],
  rows: Row[],
  explain?: { title: string; plan: string },
): string {
  const out: string[] = [
    `Machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGb} GB; ${machine.postgres}; ` +
      Object.entries(machine.settings).map(([k, v]) => `${k}=${v}`).join(', ') +
      `; 1-minute load average ${machine.loadAtStart} at the start, ${loadAtEnd} at the end.`,
    '',
  ];
  for (const r of results) {
    out.push(`### ${r.title}`, '', 'Generated:', '');
    out.push(...Object.entries(r.generation.sizes).map(([k, v]) => `- ${k}: ${v.toLocaleString('en')}`), '');
    out.push('Generation time:', '', ...r.generation.steps.map((s) => `- ${s.step}: ${(s.ms / 1000).toFixed(2)} s`));
    out.push(`- total: ${(r.generation.steps.reduce((a, s) => a + s.ms, 0) / 1000).toFixed(2)} s`, '');
    out.push(markdownTable(rows.filter((row) => row.suite === r.id)), '', 'Methods:', '');
    out.push(...r.measurements.map((m) => `- **${m.label}**: ${m.method}`), '', 'Notes:', '', ...r.notes.map((n) => `- ${n}`), '');
  }
  if (explain) out.push(`### EXPLAIN (ANALYZE, BUFFERS): ${explain.title}`, '', '```', explain.plan, '```', '');
  out.push(summaryLine(rows), '');
  return out.join('\n');
}
