// V1: the words pickers show for AMS assignees.
import { describe, expect, test } from 'vitest';
import { assigneeLabel } from '../../src/lib/labels.ts';

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
