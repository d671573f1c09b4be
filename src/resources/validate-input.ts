import { NULL_CHARACTERS } from '../errors';
import type { FieldSpec, ResourceSpec } from './registry';

export type WriteMode = 'create' | 'replace' | 'patch';

export interface ValidatedInput {
  /** Entity property → value (relations as ids). */
  values: Record<string, unknown>;
  errors: Record<string, string[]>;
  /** Referenced ids per relation field, for the existence check. */
  references: Array<{ field: FieldSpec; ids: number[] }>;
}

const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/;

function integer(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
  return undefined;
}

function checkRange(field: FieldSpec, value: number, errors: string[]): void {
  if (field.minimum !== undefined && value < field.minimum) errors.push(`Ensure this value is greater than or equal to ${field.minimum}.`);
  if (field.exclusiveMinimum !== undefined && value <= field.exclusiveMinimum) {
    errors.push(`Ensure this value is greater than or equal to ${field.exclusiveMinimum + 1}.`);
  }
  if (field.maximum !== undefined && value > field.maximum) errors.push(`Ensure this value is less than or equal to ${field.maximum}.`);
}

/** One value against its field, DRF's messages. Returns the value to store, or the errors. */
function validateValue(field: FieldSpec, value: unknown): { value?: unknown; errors: string[]; ids?: number[] } {
  const errors: string[] = [];
  if (value === null) {
    if (!field.nullable) errors.push('This field may not be null.');
    return { value: null, errors };
  }
  if (field.kind === 'reference') {
    const id = integer(value);
    if (id === undefined) return { errors: [`Incorrect type. Expected pk value, received ${typeName(value)}.`] };
    return { value: id, errors, ids: [id] };
  }
  if (field.kind === 'collection') {
    if (!Array.isArray(value)) return { errors: [`Expected a list of items but got type "${typeName(value)}".`] };
    const ids: number[] = [];
    for (const item of value) {
      const id = integer(item);
      if (id === undefined) return { errors: [`Incorrect type. Expected pk value, received ${typeName(item)}.`] };
      ids.push(id);
    }
    return { value: [...new Set(ids)], errors, ids };
  }
  switch (field.type) {
    case 'string':
    case 'text': {
      if (typeof value !== 'string' && typeof value !== 'number') return { errors: ['Not a valid string.'] };
      const text = String(value);
      if (text.trim() === '' && !field.allowBlank) errors.push('This field may not be blank.');
      if (field.maxLength !== undefined && text.length > field.maxLength) errors.push(`Ensure this field has no more than ${field.maxLength} characters.`);
      if (text.includes('\u0000')) errors.push(NULL_CHARACTERS);
      return { value: text, errors };
    }
    case 'integer': {
      const number = integer(value);
      if (number === undefined) return { errors: ['A valid integer is required.'] };
      checkRange(field, number, errors);
      if (Math.abs(number) > 2_147_483_647) errors.push('Ensure this value is less than or equal to 2147483647.');
      return { value: number, errors };
    }
    case 'decimal': {
      const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
      if (!/^-?\d+(\.\d+)?$/.test(text)) return { errors: ['A valid number is required.'] };
      const [whole, fraction = ''] = text.replace('-', '').split('.');
      const digits = whole.replace(/^0+(?=\d)/, '').length + fraction.length;
      if (field.maxDigits !== undefined && digits > field.maxDigits) errors.push(`Ensure that there are no more than ${field.maxDigits} digits in total.`);
      else if (field.decimalPlaces !== undefined && fraction.length > field.decimalPlaces) {
        errors.push(`Ensure that there are no more than ${field.decimalPlaces} decimal places.`);
      }
      checkRange(field, Number(text), errors);
      return { value: Number(text).toFixed(field.decimalPlaces ?? 2), errors };
    }
    case 'boolean': {
      if (typeof value === 'boolean') return { value, errors };
      if (['true', 'True', '1', 1].includes(value as never)) return { value: true, errors };
      if (['false', 'False', '0', 0].includes(value as never)) return { value: false, errors };
      return { errors: ['Must be a valid boolean.'] };
    }
    case 'datetime': {
      if (typeof value !== 'string' || !ISO_DATETIME.test(value) || Number.isNaN(Date.parse(value))) {
        return { errors: ['Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].'] };
      }
      return { value: new Date(value), errors };
    }
    case 'enum': {
      if (typeof value !== 'string' || !field.enumValues!.includes(value)) return { errors: [`"${String(value)}" is not a valid choice.`] };
      return { value, errors };
    }
    case 'json': {
      // A JSON object, as the column's `{}` default and the OpenAPI schema say; PostgreSQL's jsonb cannot hold NUL.
      if (typeof value !== 'object' || Array.isArray(value)) return { errors: [`Expected a dictionary of items but got type "${typeName(value)}".`] };
      if (containsNul(value)) return { errors: [NULL_CHARACTERS] };
      return { value, errors };
    }
  }
}

/** A NUL anywhere in a JSON value's strings or keys (iterative: its depth is bounded by MAX_JSON_DEPTH, not by the stack). */
function containsNul(value: unknown): boolean {
  const stack = [value];
  while (stack.length) {
    const current = stack.pop();
    if (typeof current === 'string' && current.includes('\u0000')) return true;
    if (current !== null && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) {
        if (key.includes('\u0000')) return true;
        stack.push(child);
      }
    }
  }
  return false;
}

function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'list';
  if (value === null) return 'null';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'boolean') return 'bool';
  return 'dict';
}

/**
 * A write body against a resource, as a DRF ModelSerializer validates it:
 * every failing field at once, unknown and read-only fields ignored, required
 * fields enforced on create and PUT.
 */
export function validateInput(spec: ResourceSpec, body: Record<string, unknown>, mode: WriteMode): ValidatedInput {
  const result: ValidatedInput = { values: {}, errors: {}, references: [] };
  for (const field of spec.fields) {
    if (field.readOnly) continue;
    if (!(field.name in body) || body[field.name] === undefined) {
      if (mode !== 'patch' && field.required) result.errors[field.name] = ['This field is required.'];
      continue;
    }
    const { value, errors, ids } = validateValue(field, body[field.name]);
    if (errors.length) result.errors[field.name] = errors;
    else {
      result.values[field.property] = value;
      if (ids?.length) result.references.push({ field, ids });
    }
  }
  return result;
}
