import { NotAuthenticated, NULL_CHARACTERS, ValidationError } from '../errors';
import type { Account, Accounts } from './accounts';
import type { LoginThrottle } from './login-throttle';
import { verifyPassword } from './passwords';

const BAD_CREDENTIALS = 'No active account found with the given credentials';

/**
 * Email and password against the users of `schema` (for the row of the client's
 * owner, `ownerId`, the password of the owner's public account), for every door: the same
 * cost whether or not the email exists, and repeated failures from one address
 * for one email throttled (429).
 */
export async function checkCredentials(
  deps: { accounts: Accounts; throttle: LoginThrottle },
  input: { ip: string; schema: string; email: string; password: string; ownerId?: number },
): Promise<Account> {
  const refused = (['email', 'password'] as const).filter((name) => input[name].includes('\u0000'));
  if (refused.length) throw new ValidationError(Object.fromEntries(refused.map((name) => [name, [NULL_CHARACTERS]])));
  const throttleKey = `${input.ip}|${input.email.toLowerCase()}`;
  deps.throttle.assertAllowed(throttleKey);
  const account = await deps.accounts.byEmailWithPassword(input.schema, input.email);
  // Any account of a client can change the owner's row there, and the owner's token there manages
  // the owner's clients (requireOwner): the owner proves who they are with their row in public.
  const proof = input.ownerId !== undefined && account?.id === input.ownerId ? await deps.accounts.byEmailWithPassword('public', input.email) : account;
  const ok = (await verifyPassword(proof?.password, input.password)) && proof?.id === account?.id;
  if (!ok || !account || !account.isActive) {
    deps.throttle.recordFailure(throttleKey);
    throw new NotAuthenticated(BAD_CREDENTIALS, 'no_active_account');
  }
  deps.throttle.reset(throttleKey);
  return account;
}
