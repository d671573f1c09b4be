import { hasNulCharacter, NULL_CHARACTERS } from '../errors';
import type { FieldSpec } from './registry';

/**
 * One value against its field, as DRF 3.14's serializer field for it reads it (to_internal_value,
 * then its validators), with its exact messages. `value` is what to store.
 */
export interface FieldValue {
  value?: unknown;
  errors: string[];
  ids?: number[];
}

/** A value a door could not read (a form's JSON text that is not JSON), with DRF's message for it. */
export class UnreadableValue {
  constructor(readonly message: string) {}
}

/** DRF's Field.MAX_STRING_LENGTH for numbers sent as text. */
const MAX_STRING_LENGTH = 1000;
const INT_MIN = -2_147_483_648;
const INT_MAX = 2_147_483_647;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/;
/** BooleanField.TRUE_VALUES and FALSE_VALUES. */
const TRUE_VALUES = new Set<unknown>(['t', 'T', 'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON', '1', 1, true]);
const FALSE_VALUES = new Set<unknown>(['f', 'F', 'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF', '0', 0, false]);
/** Django's EmailValidator: its user part (dot-atom or quoted) and domain (or address literal) patterns. */
const EMAIL_USER = /^(?:[-!#$%&'*+/=?^_`{}|~0-9a-z]+(?:\.[-!#$%&'*+/=?^_`{}|~0-9a-z]+)*|"(?:[\x01-\x08\x0b\x0c\x0e-\x1f!#-[\]-\x7f]|\\[\x01-\x09\x0b\x0c\x0e-\x7f])*")$/i;
const EMAIL_DOMAIN = /^(?:(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z0-9-]{2,63})(?<!-)|localhost|\[[a-f0-9:.]+\])$/i;
const SLUG = /^[-a-zA-Z0-9_]+$/;

const INVALID_EMAIL = 'Enter a valid email address.';
const INVALID_SLUG = 'Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.';

/** Python's `type(value).__name__` for JSON values, as DRF's messages name them. */
export function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'list';
  if (value === null) return 'NoneType';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'boolean') return 'bool';
  return 'dict';
}

/** PrimaryKeyRelatedField: an int, or text Django's int() reads; a bool is a type error. */
function primaryKey(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

/** IntegerField: `int(re.sub(r'\.0*\s*$', '', str(data)))`, so `12`, `12.0`, `"12.0"` and `" 12 "`. */
function integer(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.replace(/\.0*\s*$/, '').trim();
  return /^[+-]?\d+(_\d+)*$/.test(text) ? Number(text.replaceAll('_', '')) : undefined;
}

function rangeErrors(field: FieldSpec, value: number, step: number): string[] {
  const errors: string[] = [];
  const minimum = field.exclusiveMinimum !== undefined ? field.exclusiveMinimum + step : field.minimum;
  if (field.maximum !== undefined && value > field.maximum) errors.push(`Ensure this value is less than or equal to ${field.maximum}.`);
  if (minimum !== undefined && value < minimum) errors.push(`Ensure this value is greater than or equal to ${minimum}.`);
  return errors;
}

/** Python's Decimal(text) as sign, digits and exponent (`"12.50"` → 1250e-2, `"1e2"` → 1e2), or undefined. */
function parseDecimal(text: string): { negative: boolean; digits: string; exponent: number } | undefined {
  const match = /^([+-]?)(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!match) return undefined;
  const [, sign, whole = '', fractionA, fractionB, exponent = '0'] = match;
  const fraction = fractionA ?? fractionB ?? '';
  return { negative: sign === '-', digits: (whole + fraction).replace(/^0+(?=\d)/, ''), exponent: Number(exponent) - fraction.length };
}

/** DecimalField.validate_precision: the first of its three limits the value breaks. */
function precisionError(field: FieldSpec, digits: string, exponent: number): string | undefined {
  let total: number;
  let places: number;
  if (exponent >= 0) [total, places] = [digits.length + exponent, 0];
  else if (digits.length > -exponent) [total, places] = [digits.length, -exponent];
  else [total, places] = [-exponent, -exponent];
  const whole = total - places;
  if (field.maxDigits !== undefined && total > field.maxDigits) return `Ensure that there are no more than ${field.maxDigits} digits in total.`;
  if (field.decimalPlaces !== undefined && places > field.decimalPlaces) return `Ensure that there are no more than ${field.decimalPlaces} decimal places.`;
  const maxWhole = field.maxDigits !== undefined && field.decimalPlaces !== undefined ? field.maxDigits - field.decimalPlaces : undefined;
  if (maxWhole !== undefined && whole > maxWhole) return `Ensure that there are no more than ${maxWhole} digits before the decimal point.`;
  return undefined;
}

/** digits × 10^exponent written with `places` decimals (no rounding: the precision check kept it within them). */
function fixed(negative: boolean, digits: string, exponent: number, places: number): string {
  const shifted = exponent >= 0 ? digits + '0'.repeat(exponent) : digits;
  const scale = exponent >= 0 ? 0 : -exponent;
  const padded = shifted.padStart(scale + 1, '0');
  const whole = padded.slice(0, padded.length - scale).replace(/^0+(?=\d)/, '');
  const fraction = padded.slice(padded.length - scale).padEnd(places, '0');
  const text = places > 0 ? `${whole}.${fraction}` : whole;
  return negative && /[1-9]/.test(text) ? `-${text}` : text;
}

function decimal(field: FieldSpec, value: unknown): FieldValue {
  if (typeof value !== 'string' && typeof value !== 'number') return { errors: ['A valid number is required.'] };
  const text = String(value).trim();
  if (text.length > MAX_STRING_LENGTH) return { errors: ['String value too large.'] };
  const parsed = parseDecimal(text);
  if (!parsed) return { errors: ['A valid number is required.'] };
  const precision = precisionError(field, parsed.digits, parsed.exponent);
  if (precision) return { errors: [precision] };
  const stored = fixed(parsed.negative, parsed.digits, parsed.exponent, field.decimalPlaces ?? Math.max(0, -parsed.exponent));
  return { value: stored, errors: rangeErrors(field, Number(stored), 0) };
}

/** CharField with trim_whitespace, then its validators (all of them: DRF reports each that fails). */
function text(field: FieldSpec, value: unknown): FieldValue {
  if (typeof value !== 'string' && typeof value !== 'number') return { errors: ['Not a valid string.'] };
  const trimmed = String(value).trim();
  if (trimmed === '') return field.allowBlank ? { value: '', errors: [] } : { errors: ['This field may not be blank.'] };
  const errors: string[] = [];
  if (field.maxLength !== undefined && trimmed.length > field.maxLength) errors.push(`Ensure this field has no more than ${field.maxLength} characters.`);
  if (hasNulCharacter(trimmed)) errors.push(NULL_CHARACTERS);
  if (field.format === 'email' && !isEmail(trimmed)) errors.push(INVALID_EMAIL);
  if (field.format === 'slug' && !SLUG.test(trimmed)) errors.push(INVALID_SLUG);
  return { value: trimmed, errors };
}

function isEmail(value: string): boolean {
  if (value.length > 320) return false;
  const at = value.lastIndexOf('@');
  return at > 0 && EMAIL_USER.test(value.slice(0, at)) && EMAIL_DOMAIN.test(value.slice(at + 1));
}

export function validateValue(field: FieldSpec, value: unknown): FieldValue {
  if (value instanceof UnreadableValue) return { errors: [value.message] };
  // RelatedField: "We force empty strings to None values for relational fields."
  if (value === '' && field.kind === 'reference') value = null;
  if (value === null) return field.nullable ? { value: null, errors: [] } : { errors: ['This field may not be null.'] };
  if (field.kind === 'reference') {
    const id = primaryKey(value);
    if (id === undefined) return { errors: [`Incorrect type. Expected pk value, received ${typeName(value)}.`] };
    return { value: id, errors: [], ids: [id] };
  }
  if (field.kind === 'collection') {
    if (!Array.isArray(value)) return { errors: [`Expected a list of items but got type "${typeName(value)}".`] };
    const ids: number[] = [];
    for (const item of value) {
      if (item === '' || item === null) return { errors: ['This field may not be null.'] };
      const id = primaryKey(item);
      if (id === undefined) return { errors: [`Incorrect type. Expected pk value, received ${typeName(item)}.`] };
      ids.push(id);
    }
    return { value: [...new Set(ids)], errors: [], ids };
  }
  switch (field.type) {
    case 'string':
    case 'text':
      return text(field, value);
    case 'integer': {
      if (typeof value === 'string' && value.length > MAX_STRING_LENGTH) return { errors: ['String value too large.'] };
      const number = integer(value);
      if (number === undefined) return { errors: ['A valid integer is required.'] };
      const errors = rangeErrors(field, number, 1);
      if (number > INT_MAX) errors.push(`Ensure this value is less than or equal to ${INT_MAX}.`);
      if (number < INT_MIN) errors.push(`Ensure this value is greater than or equal to ${INT_MIN}.`);
      return { value: number, errors };
    }
    case 'decimal':
      return decimal(field, value);
    case 'boolean':
      if (TRUE_VALUES.has(value)) return { value: true, errors: [] };
      if (FALSE_VALUES.has(value)) return { value: false, errors: [] };
      return { errors: ['Must be a valid boolean.'] };
    case 'datetime':
      // GraphQL's DateTime scalar has already read the text.
      if (value instanceof Date && !Number.isNaN(value.getTime())) return { value, errors: [] };
      if (typeof value !== 'string' || !ISO_DATETIME.test(value) || Number.isNaN(Date.parse(value))) {
        return { errors: ['Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].'] };
      }
      return { value: new Date(value), errors: [] };
    case 'enum': {
      const choice = typeof value === 'number' || typeof value === 'string' ? String(value) : undefined;
      if (choice === undefined || !field.enumValues!.includes(choice)) return { errors: [`"${typeof value === 'string' ? value : JSON.stringify(value)}" is not a valid choice.`] };
      return { value: choice, errors: [] };
    }
    case 'json':
      // A JSON object, as GraphQL's JSONObject, the column's `{}` default and the OpenAPI schema say
      // (DRF's JSONField takes any JSON value); PostgreSQL's jsonb cannot hold NUL.
      if (typeof value !== 'object' || Array.isArray(value)) return { errors: [`Expected a dictionary of items but got type "${typeName(value)}".`] };
      if (hasNulCharacter(value)) return { errors: [NULL_CHARACTERS] };
      return { value, errors: [] };
  }
}
