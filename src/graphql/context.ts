import DataLoader from 'dataloader';
import type { RequestScope } from '../auth/request-scope';
import type { Row } from '../resources/read-rows';
import type { ResourceSpec } from '../resources/registry';
import type { ResourceService } from '../resources/resource-service';

/** What every resolver gets: the request's scope, the shared service, and per-request batch loaders. */
export interface GraphQLContext {
  scope: RequestScope;
  resources: ResourceService;
  /** Rows by id, per resource: every relation field of one level is one statement. */
  rowLoader(spec: ResourceSpec): DataLoader<number, Row | null>;
}

export function createContext(scope: RequestScope, resources: ResourceService): GraphQLContext {
  const loaders = new Map<string, DataLoader<number, Row | null>>();
  return {
    scope,
    resources,
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
  };
}
