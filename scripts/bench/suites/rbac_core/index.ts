// Issue 3: the RBAC core under a realistic tenant. Generates the data, then
// measures (1) has_permission per check and cold, (2) update_role on a role
// 10,000 members hold plus the R4 next-statement check, (3) filtered roles
// lists, and RLS reads as an administrator and as a power user.
import type { Measurement, Suite } from '../../types.ts';
import { chooseActors } from './actors.ts';
import { cleanupRbacCore, generateRbacCore } from './generate.ts';
import { measureFirstCheck, measureNewConnectionCheck, measurePerCheck } from './permission_checks.ts';
import { measureRlsReads } from './rls_reads.ts';
import { measureRoleEdit } from './role_edit.ts';
import { measureRoleList } from './role_list.ts';

let staffHolders = 0;

export const rbacCoreSuite: Suite = {
  id: 'rbac-core',
  title: 'RBAC core (issue 3): permission checks, role edits, roles list, RLS reads',

  async generate(ctx) {
    const generation = await generateRbacCore(ctx);
    staffHolders = generation.sizes.staff_role_holders;
    return generation;
  },

  async measure(ctx) {
    const actors = await chooseActors(ctx.admin);
    const notes = [
      `Administrator: ${actors.admin.name} (${actors.admin.profile}).`,
      `Checking member: ${actors.checker.name} (${actors.checker.profile}); held keys ${actors.checkerHeld.join(', ')}; ` +
        `missing keys ${actors.checkerLacks.join(', ')}.`,
      `Power user: ${actors.powerUser.name} (${actors.powerUser.profile}).`,
      `R4 holder: ${actors.holder.name} (${actors.holder.profile}).`,
    ];
    const measurements: Measurement[] = [];
    const step = (what: string): void => ctx.log(`  measuring ${what}…`);

    step('has_permission');
    measurements.push(await measurePerCheck(ctx, 'member', actors.checker, actors.checkerHeld, actors.checkerLacks));
    // The administrator's Administrator role grants everything, so the missing keys are keys that do not exist.
    measurements.push(await measurePerCheck(ctx, 'administrator', actors.admin, actors.checkerHeld, ['m99.view', 'm98.edit', 'x.y', 'billing.run']));
    measurements.push(await measureFirstCheck(ctx, 'member', actors.checker, actors.checkerHeld[0]));
    measurements.push(await measureFirstCheck(ctx, 'administrator', actors.admin, actors.checkerHeld[0]));
    measurements.push(await measureNewConnectionCheck(ctx, 'member', actors.checker, actors.checkerHeld[0]));

    step('update_role');
    const edit = await measureRoleEdit(ctx, actors, staffHolders);
    measurements.push(...edit.measurements);
    notes.push(...edit.notes);

    step('list_roles');
    const list = await measureRoleList(ctx, actors);
    measurements.push(...list.measurements);
    notes.push(...list.notes);

    step('RLS reads');
    for (const [who, actor] of [['administrator', actors.admin], ['power user', actors.powerUser]] as const) {
      const reads = await measureRlsReads(ctx, who, actor);
      measurements.push(...reads.measurements);
      notes.push(...reads.notes);
    }
    return { measurements, notes };
  },

  cleanup: cleanupRbacCore,
};
