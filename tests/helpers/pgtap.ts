// Executes one pgTAP file and parses its TAP stream.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

export interface PgtapResult {
  planned: number;
  ran: number;
  failures: string[];
  report: string;
}

export function parseTap(lines: string[]): PgtapResult {
  let planned = -1;
  let ran = 0;
  const failures: string[] = [];
  let current: string[] | undefined;
  for (const line of lines) {
    const plan = /^1\.\.(\d+)/.exec(line);
    if (plan) planned = Number(plan[1]);
    if (/^(not )?ok \d+/.test(line)) {
      ran += 1;
      current = undefined;
      if (line.startsWith('not ok') && !/# TODO/.test(line)) {
        current = [line];
        failures.push(line);
      }
    } else if (current && line.startsWith('#')) {
      failures[failures.length - 1] += `\n    ${line}`;
    } else if (/^# Looks like/.test(line)) {
      failures.push(line);
    }
  }
  return { planned, ran, failures, report: failures.join('\n') || 'all assertions passed' };
}

// psql's `\ir file` (relative include), which our files use for shared helpers.
function inlineIncludes(file: string): string {
  return fs
    .readFileSync(file, 'utf8')
    .replace(/^\\ir\s+(\S+)\s*$/gm, (_, rel: string) => inlineIncludes(path.resolve(path.dirname(file), rel)));
}

export async function runPgtapFile(url: string, file: string): Promise<PgtapResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('set search_path = public, extensions');
    const sql = inlineIncludes(file);
    let results: pg.QueryResult | pg.QueryResult[];
    try {
      results = (await client.query(sql)) as unknown as pg.QueryResult | pg.QueryResult[];
    } catch (err) {
      const e = err as pg.DatabaseError;
      const where = e.position ? ` near: ${sql.slice(Math.max(0, Number(e.position) - 80), Number(e.position) + 40).replace(/\s+/g, ' ')}` : '';
      return { planned: 0, ran: 0, failures: [`error ${e.code}: ${e.message}${where}`], report: `error ${e.code}: ${e.message}${where}` };
    }
    const lines: string[] = [];
    for (const result of Array.isArray(results) ? results : [results]) {
      for (const row of result.rows ?? []) {
        const value = Object.values(row)[0];
        if (typeof value === 'string') lines.push(...value.split('\n'));
      }
    }
    return parseTap(lines);
  } finally {
    await client.end();
  }
}
