import { DomainError } from '../errors';
import { formatBytes, formatCount, type Limits } from './limits';

/**
 * What one request may make PostgreSQL and Node do (DESIGN §9), judged before any of it runs. Each
 * door describes its request in these terms (GraphQL from its document, REST from its parameters)
 * and words the refusal in its own shape; the arithmetic and the messages are here, once.
 */

/** One list in a read: how many rows it reads per row of the level above, and what it reads below. */
export interface ReadShape {
  perParent: number;
  below: ReadShape[];
}

/** The rows a read may fetch: the product of the page sizes along every path, summed over paths. */
export function estimateRows(shapes: readonly ReadShape[], parents = 1): number {
  let total = 0;
  for (const shape of shapes) {
    const rows = parents * shape.perParent;
    total += rows + estimateRows(shape.below, rows);
  }
  return total;
}

export function tooManyRowsMessage(estimate: number, limits: Limits): string | undefined {
  if (estimate <= limits.maxEstimatedRows) return undefined;
  const shown = Number.isFinite(estimate) && estimate < 1e15 ? formatCount(estimate) : 'more than 10¹⁵';
  return `This request could read ${shown} rows (the product of the page sizes along each path); the limit is ${formatCount(limits.maxEstimatedRows)} (MAX_ESTIMATED_ROWS). Ask for smaller pages or fewer nested lists.`;
}

/** What is wrong with one lookup value (REST `?name__icontains=`, GraphQL `{ name: { icontains } }`), if anything. */
export function lookupValueProblem(value: unknown, limits: Limits): string | undefined {
  if (Array.isArray(value)) {
    if (value.length > limits.maxInList) return `Ensure this list has no more than ${formatCount(limits.maxInList)} values (MAX_IN_LIST).`;
    for (const item of value) {
      const problem = lookupValueProblem(item, limits);
      if (problem) return problem;
    }
    return undefined;
  }
  if (typeof value === 'string' && value.length > limits.maxLookupLength) {
    return `Ensure this value has no more than ${formatCount(limits.maxLookupLength)} characters (MAX_LOOKUP_LENGTH).`;
  }
  return undefined;
}

export function searchTermsProblem(terms: readonly string[], limits: Limits): string | undefined {
  if (terms.length > limits.maxSearchTerms) return `Ensure the search has no more than ${formatCount(limits.maxSearchTerms)} terms (MAX_SEARCH_TERMS).`;
  if (terms.some((term) => term.length > limits.maxLookupLength)) {
    return `Ensure each search term has no more than ${formatCount(limits.maxLookupLength)} characters (MAX_LOOKUP_LENGTH).`;
  }
  return undefined;
}

/** A compiled statement past MAX_STATEMENT_BYTES: refused before it is sent (both doors, last line). */
export class StatementTooLarge extends DomainError {
  readonly status = 400;
  readonly code = 'statement_too_large';
  constructor(bytes: number, limit: number) {
    super(
      `This request compiles to ${formatBytes(bytes)} of SQL, more than MAX_STATEMENT_BYTES (${formatBytes(limit)}). Use fewer or shorter filter values, fewer conditions or fewer fields.`,
    );
  }
}

/** A read whose result is past MAX_RESPONSE_BYTES: PostgreSQL measured it; Node never received it. */
export class ResponseTooLarge extends DomainError {
  readonly status = 400;
  readonly code = 'response_too_large';
  constructor(bytes: number, limit: number) {
    super(responseTooLargeMessage(bytes, limit));
  }
}

export function responseTooLargeMessage(bytes: number, limit: number): string {
  return `The response would be ${formatBytes(bytes)}, more than MAX_RESPONSE_BYTES (${formatBytes(limit)}). Ask for fewer rows or fields.`;
}
