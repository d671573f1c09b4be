import { ValidationError } from '../errors';
import type { ResourceSpec } from '../resources/registry';

/**
 * The REST door speaks DRF's field names (`unit_price`); the resources service speaks entity
 * properties (`unitPrice`). These two functions are the only place the two meet.
 */

/** A DRF body (JSON, or a form read per field) as the service's input: known fields only, by property. */
export function inputOf(spec: ResourceSpec, body: Record<string, unknown>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const field of spec.fields) if (Object.hasOwn(body, field.name)) input[field.property] = body[field.name];
  return input;
}

/** The service's field errors under DRF's names (`non_field_errors` and any other key as they are). */
export function withFieldNames(spec: ResourceSpec, error: unknown): unknown {
  if (!(error instanceof ValidationError)) return error;
  const byProperty = new Map(spec.fields.map((field) => [field.property, field.name]));
  return new ValidationError(Object.fromEntries(Object.entries(error.fields).map(([key, messages]) => [byProperty.get(key) ?? key, messages])));
}
