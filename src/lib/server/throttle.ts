// Repeated failed sign-ins are slowed down per email and client address:
// after 3 failures each further attempt must wait twice as long as the last
// (1 s, 2 s, 4 s … up to 5 minutes); a success clears the record.
const FREE_FAILURES = 3;
const MAX_WAIT_MS = 5 * 60_000;
const FORGET_AFTER_MS = 30 * 60_000;

interface Failures {
  count: number;
  last: number;
}

const failures = new Map<string, Failures>();

function key(email: string, address: string): string {
  return `${email.trim().toLowerCase()}|${address}`;
}

function waitFor(record: Failures): number {
  if (record.count < FREE_FAILURES) return 0;
  return Math.min(1000 * 2 ** (record.count - FREE_FAILURES), MAX_WAIT_MS);
}

/** Milliseconds to wait before this email may try again from this address (0: now). */
export function retryAfter(email: string, address: string, now = Date.now()): number {
  const record = failures.get(key(email, address));
  if (!record) return 0;
  if (now - record.last > FORGET_AFTER_MS) {
    failures.delete(key(email, address));
    return 0;
  }
  return Math.max(0, record.last + waitFor(record) - now);
}

export function recordFailure(email: string, address: string, now = Date.now()): void {
  const k = key(email, address);
  const record = failures.get(k) ?? { count: 0, last: now };
  failures.set(k, { count: record.count + 1, last: now });
  if (failures.size > 10_000) {
    for (const [old, r] of failures) if (now - r.last > FORGET_AFTER_MS) failures.delete(old);
  }
}

export function recordSuccess(email: string, address: string): void {
  failures.delete(key(email, address));
}
