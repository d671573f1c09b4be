import type { FastifyInstance } from 'fastify';

/** Every GraphQL suite runs against both engines (GRAPHQL_ENGINE). */
export const GRAPHQL_ENGINES = ['mercurius', 'apollo'] as const;

export interface GraphQLResponse {
  statusCode: number;
  data: any;
  errors?: Array<{ message: string; path?: string[]; extensions?: { code?: string; fields?: Record<string, string[]> } }>;
}

/** POST /graphql as a client would, returning status, data and errors. */
export async function graphql(app: FastifyInstance, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GraphQLResponse> {
  const response = await app.inject({ method: 'POST', url: '/graphql', headers, payload: { query, variables } });
  const body = response.json();
  return { statusCode: response.statusCode, data: body.data, errors: body.errors };
}
