import type { FastifyRequest } from 'fastify';
import { ValidationError } from '../errors';

/** Every value of every name of a form-encoded or multipart body, in order (form-body.plugin). */
export type FormFields = Record<string, string[]>;

const FORM_FIELDS = Symbol('form fields');

/**
 * A form as the body: each name's last value, as Django's QueryDict reads `data[name]`, and every
 * value under a symbol for the doors that know which fields take lists (formFieldsOf).
 */
export function formBody(fields: FormFields): Record<string, string> {
  // fromEntries defines own properties: a field named `__proto__` stays a field.
  const body = Object.fromEntries(Object.entries(fields).map(([name, values]) => [name, values[values.length - 1]]));
  return Object.defineProperty(body, FORM_FIELDS, { value: fields, enumerable: false });
}

/** The form's fields when the body was form-encoded or multipart, else undefined. */
export function formFieldsOf(request: FastifyRequest): FormFields | undefined {
  const body = request.body as { [FORM_FIELDS]?: FormFields } | null | undefined;
  return body && typeof body === 'object' ? body[FORM_FIELDS] : undefined;
}

/** The body as an object (an empty body is an empty one, as in DRF), or DRF's 400 for anything else. */
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
