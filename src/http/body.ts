import type { FastifyRequest } from 'fastify';
import { ValidationError } from '../errors';

/** The JSON body as an object, or DRF's 400 for anything else. */
export function bodyOf(request: FastifyRequest): Record<string, unknown> {
  const body = request.body ?? {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    const got = Array.isArray(body) ? 'list' : typeof body === 'string' ? 'str' : typeof body;
    throw new ValidationError({ non_field_errors: [`Invalid data. Expected a dictionary, but got ${got}.`] });
  }
  return body as Record<string, unknown>;
}

/** Required string fields, DRF's messages for each one missing or blank, all at once. */
export function requireStrings<K extends string>(body: Record<string, unknown>, names: readonly K[]): Record<K, string> {
  const fields: Record<string, string[]> = {};
  const values = {} as Record<K, string>;
  for (const name of names) {
    const value = body[name];
    if (value === undefined || value === null) fields[name] = ['This field is required.'];
    else if (typeof value !== 'string') fields[name] = ['Not a valid string.'];
    else if (value === '') fields[name] = ['This field may not be blank.'];
    else values[name] = value;
  }
  if (Object.keys(fields).length) throw new ValidationError(fields);
  return values;
}
