import DataLoader from 'dataloader';
import type { FieldNode } from 'graphql';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TenancyService } from '../tenancy/tenancy-service';
import type { RequestScope } from '../auth/request-scope';
import type { ChildrenOptions, Condition, Row } from '../resources/read-rows';
import type { ResourceSpec } from '../resources/registry';
import type { ResourceService } from '../resources/resource-service';

/** What every resolver gets: the request's scope, the shared service, and per-request batch loaders. */
export interface GraphQLContext {
  scope: RequestScope;
  ip: string;
  resources: ResourceService;
  /** Accounts, tokens and API clients, for the auth and client operations. */
  services: { tenancy: TenancyService; auth: FastifyInstance['auth'] };
  /** Rows by id, per resource: every relation field of one level is one statement. */
  rowLoader(spec: ResourceSpec): DataLoader<number, Row | null>;
  /** Children by parent id, per relation and arguments: one statement per relation field and level. */
  /** What `make` returns, made once per request and field of the document (all rows of a list share it). */
  perFieldNode<T>(node: FieldNode, make: () => T): T;
  childLoader(spec: ResourceSpec, column: string, key: string, where: Condition, options: ChildrenOptions): DataLoader<number, Row[]>;
}

export function createContext(request: FastifyRequest, resources: ResourceService, services: GraphQLContext['services']): GraphQLContext {
  const scope = request.scope;
  const loaders = new Map<string, DataLoader<number, Row | null>>();
  const childLoaders = new Map<string, DataLoader<number, Row[]>>();
  const byFieldNode = new Map<FieldNode, unknown>();
  return {
    scope,
    ip: request.ip,
    resources,
    services,
    rowLoader(spec) {
      let loader = loaders.get(spec.name);
      if (!loader) {
        loader = new DataLoader(async (ids) => {
          const rows = await resources.rowsByIds(scope, spec, ids);
          const byId = new Map(rows.map((row) => [row.id as number, row]));
          return ids.map((id) => byId.get(id) ?? null);
        });
        loaders.set(spec.name, loader);
      }
      return loader;
    },
    perFieldNode<T>(node: FieldNode, make: () => T): T {
      if (!byFieldNode.has(node)) byFieldNode.set(node, make());
      return byFieldNode.get(node) as T;
    },
    childLoader(spec, column, key, where, options) {
      const id = `${spec.name}.${column}|${key}`;
      let loader = childLoaders.get(id);
      if (!loader) {
        loader = new DataLoader(async (parentIds) => {
          const rows = await resources.childrenOf(scope, spec, column, parentIds, where, options);
          // `__parent` and `__rank` stay on the rows (no field reads them; deleting would slow every later read of the row).
          const byParent = new Map<number, Row[]>();
          for (const row of rows) {
            const siblings = byParent.get(row.__parent as number);
            if (siblings) siblings.push(row);
            else byParent.set(row.__parent as number, [row]);
          }
          return parentIds.map((parent) => byParent.get(parent) ?? []);
        });
        childLoaders.set(id, loader);
      }
      return loader;
    },
  };
}
