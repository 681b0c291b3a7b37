// Repeated failed sign-ins are slowed down per email and client address:
// after 3 failures each further attempt must wait twice as long as the last
// (1 s, 2 s, 4 s … up to 5 minutes); a success clears the record. One address
// trying many emails (password spraying) is slowed the same way after 20
// failures across all of them. Attempts still being checked count as
// failures until they are decided, so a burst sent at once gets no more tries
// than the same attempts sent one by one.
//
// Making logins (sign-up, join, accepting an invitation with a password) is
// limited per address: each one costs a bcrypt hash and can send mail.
//
// The records live in this process's memory: enough for one server; several
// servers behind a balancer each keep their own (see docs/decisions.md).
const FREE_FAILURES = 3;
const FREE_FAILURES_PER_ADDRESS = 20;
const MAX_WAIT_MS = 5 * 60_000;
const FORGET_AFTER_MS = 30 * 60_000;

interface Failures {
  count: number;
  /** Attempts being checked right now. */
  pending: number;
  last: number;
}

const failures = new Map<string, Failures>();

function emailKey(email: string, address: string): string {
  return `${email.trim().toLowerCase()}|${address}`;
}

function addressKey(address: string): string {
  return `*|${address}`;
}

function waitFor(record: Failures, free: number): number {
  const count = record.count + record.pending;
  if (count < free) return 0;
  return Math.min(1000 * 2 ** (count - free), MAX_WAIT_MS);
}

function remaining(key: string, free: number, now: number): number {
  const record = failures.get(key);
  if (!record) return 0;
  if (now - record.last > FORGET_AFTER_MS && record.pending === 0) {
    failures.delete(key);
    return 0;
  }
  return Math.max(0, record.last + waitFor(record, free) - now);
}

/** Milliseconds to wait before this email may try again from this address (0: now). */
export function retryAfter(email: string, address: string, now = Date.now()): number {
  return Math.max(remaining(emailKey(email, address), FREE_FAILURES, now), remaining(addressKey(address), FREE_FAILURES_PER_ADDRESS, now));
}

function update(key: string, now: number, change: (r: Failures) => Failures): void {
  failures.set(key, change(failures.get(key) ?? { count: 0, pending: 0, last: now }));
  if (failures.size > 10_000) {
    for (const [old, r] of failures) if (now - r.last > FORGET_AFTER_MS && r.pending === 0) failures.delete(old);
  }
}

/** An attempt starts being checked: it counts until recordFailure or recordSuccess decides it. */
export function beginAttempt(email: string, address: string, now = Date.now()): void {
  for (const key of [emailKey(email, address), addressKey(address)]) update(key, now, (r) => ({ ...r, pending: r.pending + 1, last: now }));
}

function settle(r: Failures, started: boolean): number {
  return started ? Math.max(0, r.pending - 1) : r.pending;
}

export function recordFailure(email: string, address: string, now = Date.now(), started = false): void {
  for (const key of [emailKey(email, address), addressKey(address)])
    update(key, now, (r) => ({ count: r.count + 1, pending: settle(r, started), last: now }));
}

export function recordSuccess(email: string, address: string, now = Date.now(), started = false): void {
  const key = emailKey(email, address);
  const record = failures.get(key);
  if (record && settle(record, started) > 0) failures.set(key, { count: 0, pending: settle(record, started), last: now });
  else failures.delete(key);
  // The address keeps its failures (other emails' tries), minus this attempt.
  if (started) update(addressKey(address), now, (r) => ({ ...r, pending: settle(r, true) }));
}

const made = new Map<string, number[]>();
const LOGINS_PER_WINDOW = 10;
const LOGIN_WINDOW_MS = 60 * 60_000;

/**
 * Milliseconds until this address may make another login (0: now, and the
 * attempt is counted).
 */
export function takeLoginSlot(address: string, now = Date.now()): number {
  const recent = (made.get(address) ?? []).filter((t) => now - t < LOGIN_WINDOW_MS);
  if (recent.length >= LOGINS_PER_WINDOW) {
    made.set(address, recent);
    return recent[0] + LOGIN_WINDOW_MS - now;
  }
  recent.push(now);
  made.set(address, recent);
  if (made.size > 10_000) for (const [key, times] of made) if (times.every((t) => now - t >= LOGIN_WINDOW_MS)) made.delete(key);
  return 0;
}

/** The refusal of a login-making action from an address over its limit, or null. */
export function loginSlotRefusal(address: string): { status: 429; message: string } | null {
  const wait = takeLoginSlot(address);
  return wait > 0 ? { status: 429, message: `Too many new logins from your address. Try again in ${Math.ceil(wait / 60_000)} minute(s).` } : null;
}
