import { hash, verify } from '@node-rs/argon2';
import { DEFAULT_LIMITS } from '../limits/limits';
import { WorkQueue } from '../limits/work-queue';

/**
 * Every argon2 hash and verification of the process goes through one line: each costs ~20 ms of a
 * core and 19 MiB, so sixty concurrent failed logins made a correct one take 528 ms instead of 21.
 * Past PASSWORD_HASH_CONCURRENCY running and PASSWORD_HASH_QUEUE waiting, 503 with Retry-After.
 */
let hashing = hashingQueue(DEFAULT_LIMITS.passwordHashConcurrency, DEFAULT_LIMITS.passwordHashQueue);

function hashingQueue(concurrency: number, waiting: number): WorkQueue {
  return new WorkQueue(concurrency, waiting, 'Too many passwords are being checked right now (PASSWORD_HASH_QUEUE). Try again in a moment.');
}

/** Sizes the line (once, at start: the process has one CPU budget). */
export function limitPasswordHashing(concurrency: number, waiting: number): void {
  hashing = hashingQueue(concurrency, waiting);
}

// argon2id with the library's defaults (m=19 MiB, t=2, p=1: OWASP's minimum).
export function hashPassword(password: string): Promise<string> {
  return hashing.run(() => hash(password));
}

/** Verified against when the email is unknown, so a failed login costs the same either way. */
const dummyHash = hash('timing-equaliser-not-a-real-password');

export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  const target = passwordHash ?? (await dummyHash);
  const ok = await hashing.run(() => verify(target, password).catch(() => false));
  return ok && passwordHash !== undefined;
}

const COMMON = new Set(['password', 'password1', '12345678', '123456789', '1234567890', 'qwerty123', 'qwertyuiop', 'iloveyou', 'admin123', 'letmein1', 'welcome1', 'abc12345', 'passw0rd', 'changeme']);

/** Django's default validators: length, not all digits, not common, not the email. Returns the failures. */
export function passwordProblems(password: string, email: string): string[] {
  const problems: string[] = [];
  if (password.length < 8) problems.push('This password is too short. It must contain at least 8 characters.');
  if (/^\d+$/.test(password)) problems.push('This password is entirely numeric.');
  if (COMMON.has(password.toLowerCase())) problems.push('This password is too common.');
  const local = email.split('@')[0]?.toLowerCase() ?? '';
  if (local.length >= 3 && password.toLowerCase().includes(local)) problems.push('The password is too similar to the email.');
  return problems;
}
