import { NotAuthenticated } from '../errors';
import type { Account, Accounts } from './accounts';
import type { LoginThrottle } from './login-throttle';
import { verifyPassword } from './passwords';

const BAD_CREDENTIALS = 'No active account found with the given credentials';

/**
 * Email and password against the users of `schema`, for every door: the same
 * cost whether or not the email exists, and repeated failures from one address
 * for one email throttled (429).
 */
export async function checkCredentials(
  deps: { accounts: Accounts; throttle: LoginThrottle },
  input: { ip: string; schema: string; email: string; password: string },
): Promise<Account> {
  const throttleKey = `${input.ip}|${input.email.toLowerCase()}`;
  deps.throttle.assertAllowed(throttleKey);
  const account = await deps.accounts.byEmailWithPassword(input.schema, input.email);
  const ok = await verifyPassword(account?.password, input.password);
  if (!ok || !account || !account.isActive) {
    deps.throttle.recordFailure(throttleKey);
    throw new NotAuthenticated(BAD_CREDENTIALS, 'no_active_account');
  }
  deps.throttle.reset(throttleKey);
  return account;
}
