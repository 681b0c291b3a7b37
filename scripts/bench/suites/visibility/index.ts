// Issue 5: record visibility at 1M accounts (V1, V3, V4). Generates one
// agency tenant, then times four query shapes of the accounts pages for five
// kinds of member three ways — through RLS, with the equivalent hand-written
// filter, unfiltered — and reports the RLS overhead as the ratio (a)/(b).
import { withClient } from '../../session.ts';
import type { Suite } from '../../types.ts';
import { chooseVisibilityActors } from './actors.ts';
import { cleanupVisibility, generateVisibility } from './generate.ts';
import { comparisonLine, measureVisibility, RATIO_LIMIT } from './measure.ts';

export const visibilitySuite: Suite = {
  id: 'visibility',
  title: 'Record visibility (issue 5): accounts and policies through RLS vs hand-written filters',

  generate: generateVisibility,

  async measure(ctx) {
    const { tenantId, actors } = await chooseVisibilityActors(ctx.admin);
    const notes = actors.map((a) => `Member "${a.kind}": ${a.profile}.`);
    const { measurements, comparisons } = await measureVisibility(ctx, tenantId, actors);
    notes.push(...comparisons.map(comparisonLine));
    const missed = comparisons.filter((c) => c.ratio > RATIO_LIMIT);
    notes.push(
      missed.length
        ? `Ratio target (a)/(b) ≤ ${RATIO_LIMIT} missed by ${missed.length} of ${comparisons.length}: ` +
            missed.map((c) => `${c.shape.id} as ${c.actor.kind} (${c.ratio.toFixed(2)})`).join('; ') + '.'
        : `Ratio target (a)/(b) ≤ ${RATIO_LIMIT} met by all ${comparisons.length} comparisons.`,
    );
    // The plan of the worst ratio, hand-written side, to read next to the RLS plan the harness prints.
    const worst = [...comparisons].sort((a, b) => b.ratio - a.ratio)[0];
    if (worst) {
      const sql = worst.shape.sql(tenantId, worst.actor, 'filtered');
      const plan = await withClient(ctx.url, async (c) =>
        (await c.query(`explain (analyze, buffers) ${sql}`)).rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'));
      ctx.log(`\nWorst ratio: ${worst.shape.id} as ${worst.actor.kind}; (b) plan:\n${plan}`);
    }
    return { measurements, notes };
  },

  cleanup: cleanupVisibility,
};
