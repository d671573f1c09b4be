import { GraphQLError } from 'graphql';
import { DomainError, ValidationError } from '../errors';

const CODES: Record<number, string> = { 400: 'BAD_USER_INPUT', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 429: 'BAD_USER_INPUT', 503: 'UNAVAILABLE' };

/** A resolver's error with `extensions.code` from DESIGN §6b; internals never leak. */
export function toGraphQLError(error: GraphQLError, requestId: string): GraphQLError {
  const original = error.originalError as (Error & { code?: string }) | undefined;
  if (!original || original instanceof GraphQLError) return error;
  const base = { nodes: error.nodes, positions: error.positions, path: error.path, source: error.source };
  if (original instanceof DomainError) {
    const extensions: Record<string, unknown> = { code: CODES[original.status] ?? 'BAD_USER_INPUT' };
    if (original instanceof ValidationError) extensions.fields = original.fields;
    return new GraphQLError(original.message, { ...base, extensions });
  }
  if (original.code === '57014') return new GraphQLError('The request took too long and its database statement was cancelled.', { ...base, extensions: { code: 'TIMEOUT' } });
  if (original.code === 'ECONNREFUSED' || original.code?.startsWith('08') || original.code === '57P01') {
    return new GraphQLError('The database is unavailable. Try again shortly.', { ...base, extensions: { code: 'UNAVAILABLE' } });
  }
  return new GraphQLError('A server error occurred.', { ...base, extensions: { code: 'INTERNAL_SERVER_ERROR', request_id: requestId } });
}
