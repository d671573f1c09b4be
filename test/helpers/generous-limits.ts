/**
 * Suites (and the soak) register dozens of accounts from one address, many at once; the limits
 * themselves are tested at their own values (test/hardening/caller-limits.test.ts and friends).
 * No vitest import here: bench/ uses it too.
 */
export const generousCallerLimits = {
  CLIENTS_PER_ADDRESS_PER_HOUR: '100000',
  CLIENTS_PER_HOUR: '100000',
  MAX_CLIENTS_PER_ACCOUNT: '1000',
  PROVISIONING_QUEUE: '1000',
  PASSWORD_HASH_QUEUE: '1000',
};
