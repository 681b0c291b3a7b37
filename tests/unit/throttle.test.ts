// X1: sign-in and login-making are slowed down for whoever guesses in bulk.
import { describe, expect, test } from 'vitest';
import { beginAttempt, recordFailure, recordSuccess, retryAfter, takeLoginSlot } from '../../src/lib/server/throttle.ts';

describe('X1: throttling guesses', () => {
  test('X1: one address spraying one password over many emails is slowed after 20 failures, though each email failed once', () => {
    const t0 = 1_000_000;
    for (let i = 0; i < 20; i++) recordFailure(`spray${i}@example.test`, '10.9.0.1', t0);
    expect(retryAfter('someone-new@example.test', '10.9.0.1', t0)).toBe(1000);
    expect(retryAfter('someone-new@example.test', '10.9.0.2', t0), 'another address is not slowed').toBe(0);
  });

  test('X1: attempts sent at once count while they are checked, so a burst gets no more tries than the same attempts one by one', () => {
    const t0 = 2_000_000;
    const email = 'burst@example.test';
    for (let i = 0; i < 3; i++) {
      expect(retryAfter(email, '10.9.1.1', t0), `attempt ${i + 1} may start`).toBe(0);
      beginAttempt(email, '10.9.1.1', t0);
    }
    expect(retryAfter(email, '10.9.1.1', t0), 'the fourth waits although none has been decided yet').toBe(1000);
    recordFailure(email, '10.9.1.1', t0, true);
    recordFailure(email, '10.9.1.1', t0, true);
    recordSuccess(email, '10.9.1.1', t0, true);
    expect(retryAfter(email, '10.9.1.1', t0), 'the success clears this email').toBe(0);
  });

  test('X1: an address makes at most 10 logins an hour', () => {
    const t0 = 3_000_000;
    for (let i = 0; i < 10; i++) expect(takeLoginSlot('10.9.2.1', t0 + i)).toBe(0);
    expect(takeLoginSlot('10.9.2.1', t0 + 10)).toBeGreaterThan(59 * 60_000);
    expect(takeLoginSlot('10.9.2.2', t0 + 10), 'another address is not limited').toBe(0);
    expect(takeLoginSlot('10.9.2.1', t0 + 60 * 60_000 + 1), 'an hour later the first slot is free again').toBe(0);
  });
});
