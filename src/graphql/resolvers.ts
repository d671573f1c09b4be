import type { GraphQLFieldResolver, GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { naming } from '../resources/naming';
import { byId, relationKey, type ReadQuery, type Row } from '../resources/read-query';
import type { ResourceSpec } from '../resources/registry';
import type { GraphQLContext } from './context';
import type { ResourceTypes } from './schema-types';
import { parseOrderBy, parsePage, parseWhere, planPage, planRows, type ArgumentScope } from './field-query';

type Method = (...args: never[]) => unknown;
type FieldResolve = (parent: Row, args: Record<string, unknown>, ctx: GraphQLContext, info: GraphQLResolveInfo) => unknown;
interface DirectResolver {
  type: string;
  field: string;
  resolve: FieldResolve;
}

const directResolvers = new WeakMap<Function, DirectResolver[]>();

/**
 * Relation fields (and a page's `items`) resolve without type-graphql's per-call wrapper, which copies
 * every parent row into an instance of its class and converts the arguments again for each row of a
 * page. type-graphql still declares them (types, arguments, SDL); this installs the same functions as
 * the fields' resolvers.
 */
export function resolveRelationsDirectly(schema: GraphQLSchema, resolvers: Function[]): void {
  for (const resolver of resolvers) {
    for (const { type, field, resolve } of directResolvers.get(resolver) ?? []) {
      (schema.getType(type) as GraphQLObjectType).getFields()[field].resolve = resolve as GraphQLFieldResolver<unknown, unknown>;
    }
  }
}

/**
 * A field read ahead with its parent (field-query.ts: under relationKey of its response key), or the
 * error that kept it out of the read, thrown at its own path.
 */
const readAhead: FieldResolve = (parent, _args, ctx, info) => {
  const value = parent[relationKey(info.fieldNodes[0].alias?.value ?? info.fieldName)];
  if (value !== undefined) return value;
  throw ctx.planErrors.get(info.fieldNodes[0]) ?? new Error(`${info.parentType.name}.${info.fieldName} was not read ahead`);
};

const scopeOf = (ctx: GraphQLContext): ArgumentScope => ({ registry: ctx.resources.registry, limits: ctx.resources.limits });

/** Applies type-graphql's method decorators to a generated method, as `@Query(...)` would. */
function method(target: object, name: string, body: Method, decorators: Array<(target: object, key: string, descriptor: PropertyDescriptor) => unknown>) {
  Object.defineProperty(target, name, { value: body, writable: true, configurable: true });
  const descriptor = Object.getOwnPropertyDescriptor(target, name)!;
  for (const decorate of decorators) decorate(target, name, descriptor);
}

function param(target: object, name: string, index: number, decorate: (target: object, key: string, index: number) => void) {
  decorate(target, name, index);
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
    const paging = parsePage(page, pageSize);
    const scope = scopeOf(ctx);
    const query: ReadQuery = {
      where: parseWhere(spec, scope, where),
      ordering: parseOrderBy(spec, orderBy),
      page: { number: paging.page, size: paging.pageSize },
      ...planPage(scope, spec, info, ctx.planErrors),
      form: 'json',
    };
    const { count, shapes } = await ctx.resources.read(ctx.scope, spec, query);
    // Each alias of `items` under its relation key, where the page's `items` resolver finds it.
    return { ...Object.fromEntries(Object.entries(shapes).map(([key, rows]) => [relationKey(key), rows])), totalCount: count, ...paging };
  }) as Method, [Query(() => types.page, { name: naming.gqlList(spec.table) })]);
  param(proto, 'list', 0, Arg('where', () => types.where, { nullable: true }));
  param(proto, 'list', 1, Arg('orderBy', () => [types.orderBy], { nullable: true }));
  param(proto, 'list', 2, Arg('page', () => Int, { nullable: true }));
  param(proto, 'list', 3, Arg('pageSize', () => Int, { nullable: true }));
  param(proto, 'list', 4, Ctx());
  param(proto, 'list', 5, Info());

  /** One row by id with its selection, in one statement; null when there is none. */
  const readOne = async (ctx: GraphQLContext, info: GraphQLResolveInfo, id: unknown): Promise<Row | null> => {
    const select = planRows(scopeOf(ctx), spec, info, ctx.planErrors);
    const { shapes } = await ctx.resources.read(ctx.scope, spec, { where: byId(spec, id), ordering: [], count: false, shapes: [{ key: 'items', select }], form: 'json' });
    return shapes.items[0] ?? null;
  };

  method(proto, 'one', (async (id: string, ctx: GraphQLContext, info: GraphQLResolveInfo) => {
    const key = Number(id);
    if (!Number.isSafeInteger(key) || key < 1) return null;
    return readOne(ctx, info, key);
  }) as Method, [Query(() => types.object, { name: naming.gqlOne(spec.name), nullable: true })]);
  param(proto, 'one', 0, Arg('id', () => ID));
  param(proto, 'one', 1, Ctx());
  param(proto, 'one', 2, Info());

  method(proto, 'create', (async (data: Record<string, unknown>, ctx: GraphQLContext, info: GraphQLResolveInfo) => {
    // Written and read back in one round trip: the selection is read in the write's message.
    return ctx.resources.create(ctx.scope, spec, data, planRows(scopeOf(ctx), spec, info, ctx.planErrors));
  }) as Method, [Mutation(() => types.object, { name: `create${spec.name}` })]);
  param(proto, 'create', 0, Arg('data', () => types.createInput));
  param(proto, 'create', 1, Ctx());
  param(proto, 'create', 2, Info());

  method(proto, 'update', (async (id: string, data: Record<string, unknown>, ctx: GraphQLContext, info: GraphQLResolveInfo) => {
    return ctx.resources.update(ctx.scope, spec, id, data, true, planRows(scopeOf(ctx), spec, info, ctx.planErrors));
  }) as Method, [Mutation(() => types.object, { name: `update${spec.name}` })]);
  param(proto, 'update', 0, Arg('id', () => ID));
  param(proto, 'update', 1, Arg('data', () => types.updateInput));
  param(proto, 'update', 2, Ctx());
  param(proto, 'update', 3, Info());

  method(proto, 'remove', (async (id: string, ctx: GraphQLContext) => {
    await ctx.resources.destroy(ctx.scope, spec, id);
    return true;
  }) as Method, [Mutation(() => Boolean, { name: `delete${spec.name}` })]);
  param(proto, 'remove', 0, Arg('id', () => ID));
  param(proto, 'remove', 1, Ctx());

  // Relation fields: read ahead with their rows (field-query.ts). type-graphql declares them (types,
  // arguments); at run time they resolve directly (resolveRelationsDirectly).
  const direct: DirectResolver[] = [{ type: naming.gqlPage(spec.name), field: 'items', resolve: readAhead }];
  for (const field of spec.fields.filter((candidate) => candidate.kind !== 'scalar')) {
    const target = all.get(field.target!)!;
    const key = `relation_${field.property}`;
    direct.push({ type: spec.name, field: field.property, resolve: readAhead });
    const returns = field.kind === 'reference' ? () => target.object : () => [target.object];
    method(proto, key, ((row: Row, ctx: GraphQLContext, info: GraphQLResolveInfo) => readAhead(row, {}, ctx, info)) as Method, [
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
    direct.push({ type: spec.name, field: inverse.property, resolve: readAhead });
    method(proto, key, ((row: Row, _where: unknown, _orderBy: unknown, _pageSize: unknown, ctx: GraphQLContext, info: GraphQLResolveInfo) => readAhead(row, {}, ctx, info)) as Method, [
      FieldResolver(() => [target.object], { name: inverse.property }),
    ]);
    param(proto, key, 0, Root());
    param(proto, key, 1, Arg('where', () => target.where, { nullable: true }));
    param(proto, key, 2, Arg('orderBy', () => [target.orderBy], { nullable: true }));
    param(proto, key, 3, Arg('pageSize', () => Int, { nullable: true }));
    param(proto, key, 4, Ctx());
    param(proto, key, 5, Info());
  }
  directResolvers.set(cls, direct);

  Resolver(() => types.object)(cls);
  return cls;
}
