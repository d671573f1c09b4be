import 'reflect-metadata';
import { getOperationAST, Kind, parse, type ParseOptions } from 'graphql';
import { Arg, Ctx, Field, Float, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { Account } from '../auth/accounts';
import { checkCredentials } from '../auth/credentials';
import { requireOwner, requireUser } from '../auth/rules';
import type { ClientView } from '../auth/api-client';
import { DateTimeISO } from './schema-types';
import type { GraphQLContext } from './context';

/** The auth and client operations of DESIGN §6b, named as django-graphql-jwt does; thin adapters over the same services as REST. */

@ObjectType('Account')
class AccountType {
  @Field(() => ID) id!: number;
  @Field() email!: string;
  @Field() firstName!: string;
  @Field() lastName!: string;
  @Field() isActive!: boolean;
}

@ObjectType('ClientUsage', { description: 'What an API client holds, against its quota (null: no quota).' })
class ClientUsageType {
  @Field(() => Float, { nullable: true }) rows!: number | null;
  @Field(() => Float, { nullable: true }) bytes!: number | null;
  @Field(() => Float, { nullable: true }) rowQuota!: number | null;
  @Field(() => Float, { nullable: true }) byteQuota!: number | null;
}

@ObjectType('ApiClient')
class ApiClientType {
  @Field(() => ID) id!: number;
  @Field() name!: string;
  @Field() schema!: string;
  @Field() apiKey!: string;
  @Field() status!: string;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => DateTimeISO) lastUsedAt!: Date;
  @Field(() => DateTimeISO, { nullable: true, description: 'When the client expires unused (CLIENT_EXPIRY_DAYS); null: never.' }) expiresAt!: Date | null;
  @Field(() => ClientUsageType) usage!: ClientUsageType;
}

@ObjectType('TokenPair')
class TokenPairType {
  @Field() access!: string;
  @Field() refresh!: string;
}

@ObjectType('Registration')
class RegistrationType {
  @Field(() => AccountType) user!: Account;
  @Field(() => ApiClientType) client!: ReturnType<typeof clientView>;
}

function clientView(client: ClientView) {
  const { usage, quota } = client;
  return {
    id: client.id,
    name: client.name,
    schema: client.schemaName,
    apiKey: client.apiKey,
    status: client.status,
    error: client.error,
    lastUsedAt: client.lastUsedAt,
    expiresAt: client.expiresAt,
    usage: { rows: usage?.rows ?? null, bytes: usage?.bytes ?? null, rowQuota: quota.rows || null, byteQuota: quota.bytes || null },
  };
}

@Resolver()
export class AuthResolver {
  @Mutation(() => RegistrationType)
  async register(
    @Arg('email') email: string,
    @Arg('password') password: string,
    @Arg('firstName', { nullable: true }) firstName: string,
    @Arg('lastName', { nullable: true }) lastName: string,
    @Ctx() ctx: GraphQLContext,
  ) {
    const { user, client } = await ctx.services.tenancy.register({ email, password, first_name: firstName, last_name: lastName }, { address: ctx.ip });
    return { user, client: clientView(client) };
  }

  /** A token pair for the request's client (Api-Key), or for `public`. */
  @Mutation(() => TokenPairType)
  async tokenAuth(@Arg('email') email: string, @Arg('password') password: string, @Ctx() ctx: GraphQLContext) {
    const account = await checkCredentials(ctx.services.auth, { ip: ctx.ip, schema: ctx.scope.schema, email, password, ownerId: ctx.scope.client?.ownerId });
    return ctx.services.auth.tokens.issuePair(account.id, ctx.scope.client?.id ?? 'public', ctx.scope.client?.generation);
  }

  @Mutation(() => TokenPairType)
  refreshToken(@Arg('refresh') refresh: string, @Ctx() ctx: GraphQLContext) {
    return ctx.services.auth.authenticator.refresh(refresh);
  }

  @Mutation(() => Boolean)
  async verifyToken(@Arg('token') token: string, @Ctx() ctx: GraphQLContext) {
    await ctx.services.auth.tokens.verifyAny(token);
    return true;
  }

  @Mutation(() => Boolean)
  async revokeToken(@Arg('refresh') refresh: string, @Ctx() ctx: GraphQLContext) {
    await ctx.services.auth.tokens.revoke(refresh);
    return true;
  }

  @Query(() => AccountType)
  me(@Ctx() ctx: GraphQLContext) {
    return requireUser(ctx.scope);
  }

  @Query(() => [ApiClientType])
  async myClients(@Ctx() ctx: GraphQLContext) {
    return (await ctx.services.tenancy.listClients(requireOwner(ctx.scope).id)).map(clientView);
  }

  @Mutation(() => ApiClientType)
  async createClient(@Arg('name', { nullable: true }) name: string, @Ctx() ctx: GraphQLContext) {
    return clientView(await ctx.services.tenancy.createClient(requireOwner(ctx.scope), name, { address: ctx.ip }));
  }

  @Mutation(() => ApiClientType)
  async resetClient(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return clientView(await ctx.services.tenancy.resetClient(requireOwner(ctx.scope).id, id));
  }

  @Mutation(() => ApiClientType)
  async rotateClientKey(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return clientView(await ctx.services.tenancy.rotateKey(requireOwner(ctx.scope).id, id));
  }

  @Mutation(() => Boolean)
  async deleteClient(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    await ctx.services.tenancy.deleteClient(requireOwner(ctx.scope).id, id);
    return true;
  }
}

/** Root fields anyone may call (they authenticate by their arguments); the rest of this resolver needs a user. */
export const OPEN_OPERATIONS = ['register', 'tokenAuth', 'refreshToken', 'verifyToken', 'revokeToken'];

/**
 * Whether the operation `operationName` of `query` selects only open operations: then, as on
 * simplejwt's views, the Authorization header is none of its business. Anything else (a fragment at
 * the root, a document that does not parse, no such operation) is not.
 */
export function onlyOpenOperations(query: string, operationName: string | null | undefined, parseOptions: ParseOptions): boolean {
  let operation;
  try {
    operation = getOperationAST(parse(query, parseOptions), operationName ?? undefined);
  } catch {
    return false;
  }
  if (!operation || operation.operation !== 'mutation') return false;
  return operation.selectionSet.selections.every(
    (selection) => selection.kind === Kind.FIELD && OPEN_OPERATIONS.includes(selection.name.value),
  );
}

/** Mutations on the caller's API clients: they need a user, not a writable schema. */
export const OWNER_OPERATIONS = ['createClient', 'resetClient', 'rotateClientKey', 'deleteClient'];

/** Mutations on accounts, tokens and clients rather than on a client's data: one per request (src/graphql/limits.ts). */
export const ACCOUNT_OPERATIONS = [...OPEN_OPERATIONS, ...OWNER_OPERATIONS];
