import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TenancyService } from '../tenancy/tenancy-service';
import type { RequestScope } from '../auth/request-scope';
import type { ResourceService } from '../resources/resource-service';
import type { PlanErrors } from './field-query';

/** What every resolver gets: the request's scope, the shared service, and the errors of relations the read plans left out. */
export interface GraphQLContext {
  scope: RequestScope;
  ip: string;
  resources: ResourceService;
  /** Accounts, tokens and API clients, for the auth and client operations. */
  services: { tenancy: TenancyService; auth: FastifyInstance['auth'] };
  /** A relation field whose arguments were refused while planning: its resolver throws the error at its own path. */
  planErrors: PlanErrors;
}

export function createContext(request: FastifyRequest, resources: ResourceService, services: GraphQLContext['services']): GraphQLContext {
  return { scope: request.scope, ip: request.ip, resources, services, planErrors: new WeakMap() };
}
