import type { GraphQLFieldResolver, GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ValidationError } from '../errors';
import { naming } from '../resources/naming';
import type { Row } from '../resources/read-rows';
import { relationKey } from '../resources/read-tree';
import type { ResourceSpec } from '../resources/registry';
import type { GraphQLContext } from './context';
import type { ResourceTypes } from './schema-types';
import { planPage, planRows } from './read-plan';
import { selectedFields } from './selection';
import { compileChildren, compileOrderBy, compilePage, compileWhere, whereScopeOf } from './where';

type Method = (...args: never[]) => unknown;
type FieldResolve = (row: Row, args: Record<string, unknown>, ctx: GraphQLContext, info: GraphQLResolveInfo) => unknown;
interface DirectResolver {
  field: string;
  resolve: FieldResolve;
}

const directResolvers = new WeakMap<Function, { type: string; fields: DirectResolver[] }>();

/**
 * Relation fields resolve without type-graphql's per-call wrapper, which copies every parent row into
 * an instance of its class and converts the arguments again for each row of a page. type-graphql still
 * declares them (types, arguments, SDL); this installs the same functions as the fields' resolvers.
 */
export function resolveRelationsDirectly(schema: GraphQLSchema, resolvers: Function[]): void {
  for (const resolver of resolvers) {
    const entry = directResolvers.get(resolver);
    if (!entry) continue;
    const fields = (schema.getType(entry.type) as GraphQLObjectType).getFields();
    for (const { field, resolve } of entry.fields) fields[field].resolve = resolve as GraphQLFieldResolver<unknown, unknown>;
  }
}

/** Applies type-graphql's method decorators to a generated method, as `@Query(...)` would. */
function method(target: object, name: string, body: Method, decorators: Array<(target: object, key: string, descriptor: PropertyDescriptor) => unknown>) {
  Object.defineProperty(target, name, { value: body, writable: true, configurable: true });
  const descriptor = Object.getOwnPropertyDescriptor(target, name)!;
  for (const decorate of decorators) decorate(target, name, descriptor);
}

function param(target: object, name: string, index: number, decorate: (target: object, key: string, index: number) => void) {
  decorate(target, name, index);
}

/** GraphQL input (property names) → the body the resources service takes (API names). */
function toBody(spec: ResourceSpec, input: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of spec.fields) {
    const value = input[field.property];
    // The DateTime scalar gives a Date; the service takes timestamps as REST sends them, ISO text.
    if (value !== undefined) body[field.name] = value instanceof Date ? value.toISOString() : value;
  }
  return body;
}

/** The service's errors name API fields; GraphQL clients know property names. */
function renameFields(spec: ResourceSpec, error: unknown): unknown {
  if (!(error instanceof ValidationError)) return error;
  const renamed: Record<string, string[]> = {};
  for (const [name, messages] of Object.entries(error.fields)) renamed[spec.fields.find((field) => field.name === name)?.property ?? name] = messages;
  return new ValidationError(renamed);
}

/**
 * A relation field's resolver: the value read ahead with its row (read-plan.ts, under the field's
 * response key), or, for a row that came without it, `load` (the batch loaders, level by level).
 */
function readAheadOr(load: FieldResolve): FieldResolve {
  return (row, args, ctx, info) => {
    const ahead = row[relationKey(info.fieldNodes[0].alias?.value ?? info.fieldName)];
    return ahead !== undefined ? ahead : load(row, args, ctx, info);
  };
}

/**
 * The queries and mutations of DESIGN §6b for one resource, generated: a
 * resolver class per resource, no code per entity. Resolvers are adapters:
 * compile the arguments, call the resources service, shape the result.
 */
export function resourceResolver(types: ResourceTypes, all: Map<string, ResourceTypes>): Function {
  const { spec } = types;
  const name = `${spec.name}Resolver`;
  const cls = { [name]: class {} }[name];
  const proto = cls.prototype;

  method(proto, 'list', (async (where: never, orderBy: never, page: number | null, pageSize: number | null, ctx: GraphQLContext, info: GraphQLResolveInfo) => {
    const paging = compilePage(page, pageSize);
    const scope = whereScopeOf(ctx);
    const condition = compileWhere(spec, scope, where);
    const ordering = compileOrderBy(spec, orderBy);
    const plan = planPage(scope, spec, info);
    if (plan) {
      const { count, rows } = await ctx.resources.tree(ctx.scope, spec, condition, { ...paging, ordering, count: plan.count }, plan.select);
      return { items: rows, totalCount: count, ...paging };
    }
    const { count, rows } = await ctx.resources.page(ctx.scope, spec, condition, { ...paging, ordering, fields: selectedFields(info, 'items') });
    return { items: rows, totalCount: count, ...paging };
  }) as Method, [Query(() => types.page, { name: naming.gqlList(spec.table) })]);
  param(proto, 'list', 0, Arg('where', () => types.where, { nullable: true }));
  param(proto, 'list', 1, Arg('orderBy', () => [types.orderBy], { nullable: true }));
  param(proto, 'list', 2, Arg('page', () => Int, { nullable: true }));
  param(proto, 'list', 3, Arg('pageSize', () => Int, { nullable: true }));
  param(proto, 'list', 4, Ctx());
  param(proto, 'list', 5, Info());

  method(proto, 'one', (async (id: string, ctx: GraphQLContext, info: GraphQLResolveInfo) => {
    const key = Number(id);
    if (!Number.isSafeInteger(key) || key < 1) return null;
    const select = planRows(whereScopeOf(ctx), spec, info);
    if (!select) return ctx.rowLoader(spec).load(key);
    const { rows } = await ctx.resources.tree(ctx.scope, spec, { sql: 'e."id" = ?', params: [key] }, { ordering: [], page: 1, pageSize: 1, count: false }, select);
    return rows[0] ?? null;
  }) as Method, [Query(() => types.object, { name: naming.gqlOne(spec.name), nullable: true })]);
  param(proto, 'one', 0, Arg('id', () => ID));
  param(proto, 'one', 1, Ctx());
  param(proto, 'one', 2, Info());

  const reload = async (ctx: GraphQLContext, id: number) => (await ctx.resources.rowsByIds(ctx.scope, spec, [id]))[0];

  method(proto, 'create', (async (data: Record<string, unknown>, ctx: GraphQLContext) => {
    const created = await ctx.resources.create(ctx.scope, spec, toBody(spec, data)).catch((error) => Promise.reject(renameFields(spec, error)));
    return reload(ctx, created.id as number);
  }) as Method, [Mutation(() => types.object, { name: `create${spec.name}` })]);
  param(proto, 'create', 0, Arg('data', () => types.createInput));
  param(proto, 'create', 1, Ctx());

  method(proto, 'update', (async (id: string, data: Record<string, unknown>, ctx: GraphQLContext) => {
    const updated = await ctx.resources.update(ctx.scope, spec, id, toBody(spec, data), true).catch((error) => Promise.reject(renameFields(spec, error)));
    return reload(ctx, updated.id as number);
  }) as Method, [Mutation(() => types.object, { name: `update${spec.name}` })]);
  param(proto, 'update', 0, Arg('id', () => ID));
  param(proto, 'update', 1, Arg('data', () => types.updateInput));
  param(proto, 'update', 2, Ctx());

  method(proto, 'remove', (async (id: string, ctx: GraphQLContext) => {
    await ctx.resources.destroy(ctx.scope, spec, id).catch((error) => Promise.reject(renameFields(spec, error)));
    return true;
  }) as Method, [Mutation(() => Boolean, { name: `delete${spec.name}` })]);
  param(proto, 'remove', 0, Arg('id', () => ID));
  param(proto, 'remove', 1, Ctx());

  // Relation fields: read ahead with their rows, else one batched statement per relation and level.
  // type-graphql declares them (types, arguments); at run time they resolve directly (resolveRelationsDirectly).
  const direct: DirectResolver[] = [];
  for (const field of spec.fields.filter((candidate) => candidate.kind !== 'scalar')) {
    const target = all.get(field.target!)!;
    const key = `relation_${field.property}`;
    const resolve = readAheadOr(
      field.kind === 'reference'
        ? (row, _args, ctx) => {
            const id = row[field.property];
            return typeof id === 'number' ? ctx.rowLoader(target.spec).load(id) : null;
          }
        : async (row, _args, ctx) => {
            const ids = ((row[field.property] as number[] | undefined) ?? []).slice(0, ctx.resources.limits.maxRelatedItems);
            return (await ctx.rowLoader(target.spec).loadMany(ids)).filter((item) => item && !(item instanceof Error));
          },
    );
    direct.push({ field: field.property, resolve });
    const returns = field.kind === 'reference' ? () => target.object : () => [target.object];
    method(proto, key, ((row: Row, ctx: GraphQLContext, info: GraphQLResolveInfo) => resolve(row, {}, ctx, info)) as Method, [
      FieldResolver(returns, { name: field.property, nullable: field.kind === 'reference' ? field.nullable : undefined }),
    ]);
    param(proto, key, 0, Root());
    param(proto, key, 1, Ctx());
    param(proto, key, 2, Info());
  }

  // One-to-many relations with the list arguments: product.reviews(where:, orderBy:, pageSize:).
  for (const inverse of spec.inverse) {
    const target = all.get(inverse.target)!;
    const key = `children_${inverse.property}`;
    // Every row of a page resolves the same field node with the same arguments: compile them once per request.
    const loaderFor = (args: Record<string, unknown>, ctx: GraphQLContext, info: GraphQLResolveInfo) => {
      const { where, ordering, limit } = compileChildren(target.spec, whereScopeOf(ctx), args);
      const fields = selectedFields(info);
      const argsKey = JSON.stringify([args.where, args.orderBy, limit, [...fields].sort()]);
      return ctx.childLoader(target.spec, inverse.column, argsKey, where, { ordering, limit, fields });
    };
    const resolve = readAheadOr((row, args, ctx, info) => ctx.perFieldNode(info.fieldNodes[0], () => loaderFor(args, ctx, info)).load(row.id as number));
    direct.push({ field: inverse.property, resolve });
    method(proto, key, ((row: Row, where: unknown, orderBy: unknown, pageSize: unknown, ctx: GraphQLContext, info: GraphQLResolveInfo) =>
      resolve(row, { where, orderBy, pageSize }, ctx, info)) as Method, [FieldResolver(() => [target.object], { name: inverse.property })]);
    param(proto, key, 0, Root());
    param(proto, key, 1, Arg('where', () => target.where, { nullable: true }));
    param(proto, key, 2, Arg('orderBy', () => [target.orderBy], { nullable: true }));
    param(proto, key, 3, Arg('pageSize', () => Int, { nullable: true }));
    param(proto, key, 4, Ctx());
    param(proto, key, 5, Info());
  }
  directResolvers.set(cls, { type: spec.name, fields: direct });

  Resolver(() => types.object)(cls);
  return cls;
}
