// Sign-in and the org switcher send people on only to a path of this site.
import { describe, expect, test } from 'vitest';
import { isLocalPath } from '../../src/lib/forms/auth.ts';

describe('X1: the address to go on to after sign-in', () => {
  test('X1: local paths are accepted', () => {
    for (const path of ['/', '/admin', '/admin/users?q=ann', '/accounts#top']) expect(isLocalPath(path), path).toBe(true);
  });

  test('X1: another site is refused, however it is spelled (no open redirect)', () => {
    for (const path of ['//evil.example', '/\\evil.example', '/\\/evil.example', 'https://evil.example', 'evil.example', '/ /evil', '/%0d%0aLocation:x'.replace('%0d%0a', '\r\n'), ''])
      expect(isLocalPath(path), JSON.stringify(path)).toBe(false);
  });
});
