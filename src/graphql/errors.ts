import { GraphQLError } from 'graphql';
import { classifyError, GRAPHQL_CODES } from '../errors';

/** A resolver's error with `extensions.code` from the one error table (src/errors.ts, DESIGN §6b); internals never leak. */
export function toGraphQLError(error: GraphQLError, requestId: string): GraphQLError {
  const original = error.originalError as (Error & { statusCode?: number; code?: string }) | undefined;
  if (!original || original instanceof GraphQLError) return error;
  const { message, extensions } = classifyError(original, { id: requestId }).graphql;
  return new GraphQLError(message, { nodes: error.nodes, positions: error.positions, path: error.path, source: error.source, extensions });
}

/** Refusals of the HTTP layer (Apollo's codes for what judged no document), by status; the rest as GRAPHQL_CODES. */
const HTTP_CODES: Record<number, string> = { 400: 'BAD_REQUEST', 405: 'BAD_REQUEST', 406: 'BAD_REQUEST', 413: 'BAD_REQUEST', 415: 'BAD_REQUEST', 500: 'INTERNAL_SERVER_ERROR', 502: 'TIMEOUT' };

/**
 * A refusal answered before GraphQL ran, DRF-shaped (`{detail, code?, request_id?}`: a bad token, an
 * unknown Api-Key, a body too large, the deadline), as the GraphQL response a GraphQL client reads.
 */
export function refusalAsGraphQLResponse(body: { detail?: unknown; request_id?: unknown }, status: number): { errors: Array<{ message: string; extensions: Record<string, unknown> }> } {
  const extensions: Record<string, unknown> = { code: HTTP_CODES[status] ?? GRAPHQL_CODES[status] ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST') };
  if (typeof body.request_id === 'string') extensions.request_id = body.request_id;
  return { errors: [{ message: typeof body.detail === 'string' ? body.detail : 'The request was refused.', extensions }] };
}
