import { hasNulCharacter, NotAuthenticated, NULL_CHARACTERS, ValidationError } from '../errors';
import type { CallerLimits } from '../limits/caller-limits';
import type { Account, Accounts } from './accounts';
import { verifyPassword } from './passwords';

const BAD_CREDENTIALS = 'No active account found with the given credentials';

/**
 * Email and password against the users of `schema` (for the row of the client's
 * owner, `ownerId`, the password of the owner's public account), for every door: the same
 * cost whether or not the email exists. A failure is reserved for the address and the email
 * before the password is checked, and kept unless it is right: past LOGIN_FAILURES_PER_ADDRESS
 * or LOGIN_FAILURES_PER_ACCOUNT in a minute, 429 before any argon2 work.
 */
export async function checkCredentials(
  deps: { accounts: Accounts; callerLimits: CallerLimits },
  input: { ip: string; schema: string; email: string; password: string; ownerId?: number },
): Promise<Account> {
  const refused = (['email', 'password'] as const).filter((name) => hasNulCharacter(input[name]));
  if (refused.length) throw new ValidationError(Object.fromEntries(refused.map((name) => [name, [NULL_CHARACTERS]])));
  const attempt = await deps.callerLimits.beginLogin(input.ip, input.email);
  let account: Awaited<ReturnType<Accounts['byEmailWithPassword']>>;
  let ok: boolean;
  try {
    account = await deps.accounts.byEmailWithPassword(input.schema, input.email);
    // Any account of a client can change the owner's row there, and the owner's token there manages
    // the owner's clients (requireOwner): the owner proves who they are with their row in public.
    const proof = input.ownerId !== undefined && account?.id === input.ownerId ? await deps.accounts.byEmailWithPassword('public', input.email) : account;
    ok = (await verifyPassword(proof?.password, input.password)) && proof?.id === account?.id;
  } catch (error) {
    await attempt.giveBack(); // no password was judged (a busy server, a lost database): not a failed login
    throw error;
  }
  if (!ok || !account || !account.isActive) throw new NotAuthenticated(BAD_CREDENTIALS, 'no_active_account');
  await attempt.giveBack();
  return account;
}
