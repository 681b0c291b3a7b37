// Measurement (2): editing the permissions of a role every member holds
// (R4), as the administrator through public.update_role, then proof that a
// holder sees the change on their very next statement.
import type pg from 'pg';
import { explainAsUser } from '../../explain.ts';
import { beginRequest, inRequest, literal, openClient, withClient } from '../../session.ts';
import { repeat, timed } from '../../stats.ts';
import type { BenchContext, Measurement } from '../../types.ts';
import type { Actors } from './actors.ts';

const BASE_SET = ['m01.view', 'm02.view', 'm03.edit', 'm04.view', 'm05.create'];

function updateStatement(roleId: string, permissions: string[]): string {
  return `select public.update_role(${literal(roleId)}::uuid, p_permissions => ${literal(JSON.stringify(permissions))}::jsonb)`;
}

/** One edit as the administrator: the statement and its commit (the edit is done only when committed). */
async function editStaff(admin: pg.Client, actors: Actors, withProbe: boolean): Promise<number> {
  const sql = updateStatement(actors.staffRoleId, withProbe ? [...BASE_SET, actors.probePermission] : BASE_SET);
  await beginRequest(admin, actors.admin.userId);
  try {
    return await timed(async () => {
      await admin.query(sql);
      await admin.query('commit');
    });
  } catch (err) {
    await admin.query('rollback').catch(() => undefined);
    throw err;
  }
}

async function holderSees(holder: pg.Client, key: string): Promise<boolean> {
  return (await holder.query(`select public.has_permission(${literal(key)}) as allowed`)).rows[0].allowed;
}

export async function measureRoleEdit(
  ctx: BenchContext,
  actors: Actors,
  holders: number,
): Promise<{ measurements: Measurement[]; notes: string[] }> {
  const admin = await openClient(ctx.requestUrl);
  const holder = await openClient(ctx.requestUrl);
  const notes: string[] = [];
  try {
    // Every sample is a real change: the probe permission is added, then removed, in turn.
    let withProbe = true;
    const nextEdit = async (): Promise<number> => {
      const ms = await editStaff(admin, actors, withProbe);
      withProbe = !withProbe;
      return ms;
    };
    const samplesMs = await repeat(30, 3, nextEdit);

    // R4: the holder keeps one request (transaction) open; the administrator's
    // edit commits in between two of its statements.
    const probe = actors.probePermission;
    await beginRequest(holder, actors.holder.userId);
    try {
      for (let i = 0; i < 2; i++) {
        const adding = withProbe;
        const before = await holderSees(holder, probe);
        const editMs = await editStaff(admin, actors, adding);
        withProbe = !withProbe;
        const after = await holderSees(holder, probe);
        if (before !== !adding || after !== adding) {
          throw new Error(`R4 failed: ${actors.holder.name} saw has_permission('${probe}') = ${before} before and ${after} after the edit of Staff.`);
        }
        notes.push(
          `R4 verified: ${actors.holder.name} (holds Staff) saw has_permission('${probe}') = ${before}; the administrator's ` +
            `update_role on Staff committed (${editMs.toFixed(1)} ms); the holder's next statement, in the same open transaction, saw ${after}.`,
        );
      }
      await holder.query('commit');
    } catch (err) {
      await holder.query('rollback').catch(() => undefined);
      throw err;
    }

    // A6: the same edits with a separation-of-duties rule declared, so every
    // edit that adds the probe permission must make sure no holder now breaks
    // it. The rule pairs the probe permission with one nobody is granted, so
    // no edit is refused and none can stop early at a conflict.
    const partner = probe.replace(/\.[^.]+$/, '.delete');
    const ruleId = await inRequest(admin, actors.admin.userId, async () => {
      const { rows } = await admin.query(`select public.create_sod_rule($1, 'Bench probe rule', $2, $3) as id`, [
        actors.tenantId,
        probe,
        partner,
      ]);
      return rows[0].id as string;
    });
    let sodSamplesMs: number[] = [];
    try {
      sodSamplesMs = await repeat(20, 2, nextEdit);
    } finally {
      await inRequest(admin, actors.admin.userId, () => admin.query('select public.delete_sod_rule($1)', [ruleId]));
    }

    // The plan of one edit, rolled back.
    const explainSql = updateStatement(actors.staffRoleId, [...BASE_SET, probe]);
    const declareRule = `select public.create_sod_rule(${literal(actors.tenantId)}, 'Bench probe rule', ${literal(probe)}, ${literal(partner)})`;
    const edit: Measurement = {
      id: 'update_role.staff',
      label: `update_role on a role held by ${holders.toLocaleString('en')} members (statement + commit)`,
      method:
        `As the administrator: \`public.update_role(<Staff>, p_permissions => …)\` replacing Staff's permission set ` +
        `(adds or removes ${probe} in turn, so every sample is a real change), timed with its commit; 30 edits after 3 warm-ups (fewer if they take over 20 s).`,
      samplesMs,
      target: { limitMs: 50 },
      explain: {
        title: 'update_role on Staff (rolled back)',
        run: () => withClient(ctx.url, (c) => explainAsUser(c, actors.admin.userId, explainSql, { nestedMinMs: 0.3 })),
      },
    };
    const editUnderRule: Measurement = {
      id: 'update_role.staff_with_sod_rule',
      label: 'update_role on the same role, one separation-of-duties rule declared',
      method:
        `As above, with the rule ${probe} / ${partner} declared (nobody is granted ${partner}, so every edit that adds ` +
        `${probe} checks the holders and passes); 20 edits after 2 warm-ups (fewer if they take over 20 s).`,
      samplesMs: sodSamplesMs,
      target: { limitMs: 50 },
      explain: {
        title: 'update_role on Staff adding the probe permission, one separation-of-duties rule declared (rolled back)',
        run: () =>
          withClient(ctx.url, (c) => explainAsUser(c, actors.admin.userId, explainSql, { nestedMinMs: 0.3, before: declareRule })),
      },
    };
    return {
      measurements: [edit, editUnderRule],
      notes,
    };
  } finally {
    await admin.end();
    await holder.end();
  }
}

