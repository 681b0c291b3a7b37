// What the numbers were measured on: CPU, memory, Postgres version and the
// settings that move them.
import fs from 'node:fs';
import os from 'node:os';
import type pg from 'pg';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  postgres: string;
  settings: Record<string, string>;
  /** 1-minute load average when the bench started (other processes share the CPUs). */
  loadAtStart: number;
}

/** The 1-minute load average: on a shared machine it explains much of the spread. */
export function loadAverage(): number {
  return Math.round(os.loadavg()[0] * 100) / 100;
}

function cpuModel(): string {
  try {
    const line = fs.readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line) return line.split(':')[1].trim();
  } catch {
    // Not Linux: fall back to what Node reports.
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

export async function describeMachine(client: pg.Client): Promise<Machine> {
  const version = (await client.query('select version() as v')).rows[0].v as string;
  const { rows } = await client.query(
    `select name, setting || coalesce(unit, '') as value from pg_settings
      where name in ('shared_buffers', 'work_mem', 'fsync', 'synchronous_commit', 'jit', 'max_parallel_workers_per_gather')
      order by name`,
  );
  return {
    cpus: os.availableParallelism(),
    cpuModel: cpuModel(),
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    postgres: version.split(',')[0],
    settings: Object.fromEntries(rows.map((r: { name: string; value: string }) => [r.name, r.value])),
    loadAtStart: loadAverage(),
  };
}
