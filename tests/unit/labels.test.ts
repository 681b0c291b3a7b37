// V1/R2: the words pickers show for AMS assignees and roles.
import { describe, expect, test } from 'vitest';
import { assigneeLabel, withRoleLabels } from '../../src/lib/labels.ts';

describe('V1: AMS assignees in pickers', () => {
  test('V1: two assignees of one name are told apart by their AMS key', () => {
    const first = assigneeLabel({ name: 'Dana Reyes', external_key: 'PR-01' });
    const second = assigneeLabel({ name: 'Dana Reyes', external_key: 'CSR-07' });
    expect(first).not.toBe(second);
    expect(first).toBe('Dana Reyes (PR-01)');
  });

  test('V1: an assignee without an AMS key shows its name alone', () => {
    expect(assigneeLabel({ name: 'House account', external_key: null })).toBe('House account');
  });
});

describe('R2: roles of one name in a picker', () => {
  const orgs = [{ id: 'o1', name: 'Frostline' }, { id: 'o2', name: 'Frostline North' }];
  test('R2: roles sharing a name at two orgs are labelled with their org; a unique name stays bare', () => {
    const labelled = withRoleLabels(
      [{ name: 'orgadministrator', org_id: 'o1' }, { name: 'OrgAdministrator', org_id: 'o2' }, { name: 'Manager', org_id: 'o1' }],
      orgs,
    );
    expect(labelled.map((r) => r.label)).toEqual(['orgadministrator (Frostline)', 'OrgAdministrator (Frostline North)', 'Manager']);
  });
});
