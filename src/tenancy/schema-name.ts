import { randomInt } from 'node:crypto';

const MAX_IDENTIFIER_BYTES = 63;
const SUFFIX_LENGTH = 7; // "_" + 6 digits

/**
 * The one function that names a client schema (DESIGN §4): the email's local
 * part, lower-cased, everything outside [a-z0-9_] replaced by "_", a letter
 * first, cut so that "_" and 6 random digits fit PostgreSQL's 63 bytes. Only
 * ASCII survives, so characters and bytes are the same count.
 */
export function schemaNameFor(email: string, digits: () => string = randomDigits): string {
  const local = email.slice(0, Math.max(0, email.lastIndexOf('@'))) || email;
  let base = Array.from(local.toLowerCase(), (char) => (/^[a-z0-9_]$/.test(char) ? char : '_')).join('');
  if (!/^[a-z]/.test(base)) base = `u${base}`;
  if (base.startsWith('pg_')) base = `u${base}`; // pg_ names are reserved for the system
  return `${base.slice(0, MAX_IDENTIFIER_BYTES - SUFFIX_LENGTH)}_${digits()}`;
}

function randomDigits(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}
