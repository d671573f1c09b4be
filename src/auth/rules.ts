import { NotAuthenticated, PermissionDenied, READ_ONLY_PUBLIC } from '../errors';
import type { Account } from './accounts';
import type { RequestScope } from './request-scope';

/**
 * The access rules, in one place (DESIGN §5). REST pre-handlers, graphql-shield
 * rules and the resources service all call these; none re-states them.
 */

/** Resource switches declared on the entity, not special-cased here. */
export interface ResourceRules {
  /** In `public`, a caller sees only their own row (users). */
  ownRowOnlyInPublic?: boolean;
}

export function requireUser(scope: RequestScope): Account & { schema: string } {
  if (!scope.user) throw new NotAuthenticated();
  return scope.user;
}

export function assertCanRead(scope: RequestScope): void {
  requireUser(scope);
}

export function assertCanWrite(scope: RequestScope): void {
  requireUser(scope);
  if (scope.client === null) throw new PermissionDenied(READ_ONLY_PUBLIC);
}

/** Extra row filter a read must apply, e.g. `{ id: <me> }` for users in `public`. */
export function rowFilter(scope: RequestScope, rules: ResourceRules): { id: number } | undefined {
  if (scope.client === null && rules.ownRowOnlyInPublic) return { id: requireUser(scope).id };
  return undefined;
}

/**
 * The `public` account acting as an owner of API clients: a session or a token
 * issued for `public`, or a client token held by the client's owner (whose row
 * was copied into the client with the same id).
 */
export function requireOwner(scope: RequestScope): Account {
  const user = requireUser(scope);
  if (user.schema === 'public') return user;
  if (scope.client && scope.client.ownerId === user.id) return { ...user };
  throw new PermissionDenied('Only the owner of an API client can manage clients.');
}
