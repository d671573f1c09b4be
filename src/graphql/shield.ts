import type { GraphQLSchema } from 'graphql';
import { allow, deny, rule, shield } from 'graphql-shield';
import { applyMiddleware, type IMiddlewareTypeMap } from 'graphql-middleware';
import { assertCanRead, assertCanWrite } from '../auth/rules';
import { PermissionDenied } from '../errors';
import type { GraphQLContext } from './context';

/** A rule that runs one of the access-rules module's assertions; its DomainError becomes the GraphQL error. */
function fromAssertion(assert: (scope: GraphQLContext['scope']) => void) {
  return rule({ cache: 'contextual' })(async (_parent, _args, ctx: GraphQLContext) => {
    try {
      assert(ctx.scope);
      return true;
    } catch (error) {
      return error as Error;
    }
  });
}

const canRead = fromAssertion(assertCanRead);
const canWrite = fromAssertion(assertCanWrite);

/**
 * graphql-shield as the GraphQL face of src/auth/rules.ts: every root field is
 * denied unless listed (the fallback of the roots is deny, not shield's default
 * allow), reads need a user, writes a user outside `public`; resolver errors
 * pass through unmasked (`allowExternalErrors`).
 *
 * Only the Query and Mutation fields are wrapped. Shield would otherwise wrap
 * every field of every type with its fallback rule (an async middleware per
 * scalar: a page of 20 products is hundreds of promises, and graphql-jit loses
 * its synchronous paths). Nothing is lost: data is reachable only through a root
 * field, and below it the resources service applies the row rule itself.
 */
export function withShield(schema: GraphQLSchema, openOperations: readonly string[] = [], ownerOperations: readonly string[] = []): GraphQLSchema {
  const queryFields = Object.keys(schema.getQueryType()?.getFields() ?? {});
  const mutationFields = Object.keys(schema.getMutationType()?.getFields() ?? {});
  const permissions = shield(
    {
      Query: { '*': deny, ...Object.fromEntries(queryFields.map((name) => [name, canRead])) },
      Mutation: {
        '*': deny,
        ...Object.fromEntries(mutationFields.map((name) => [name, canWrite])),
        // Operations on accounts and clients, not on a schema's data: they authenticate themselves or need a user.
        ...Object.fromEntries(ownerOperations.filter((name) => mutationFields.includes(name)).map((name) => [name, canRead])),
        ...Object.fromEntries(openOperations.map((name) => [name, allow])),
      },
    },
    { fallbackRule: allow, allowExternalErrors: true, fallbackError: () => new PermissionDenied() },
  );
  const generated = permissions.generate(schema) as IMiddlewareTypeMap;
  return applyMiddleware(schema, { Query: generated.Query, Mutation: generated.Mutation } as IMiddlewareTypeMap);
}
