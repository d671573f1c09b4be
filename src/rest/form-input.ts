import type { FormFields } from '../http/body';
import { nestsDeeperThan } from '../http/json-body.plugin';
import type { FieldSpec, ResourceSpec } from '../resources/registry';
import { UnreadableValue } from '../resources/validate-input';

/** A form field's JSON text as the value a JSON body would carry (DRF's JSONField reads form input as JSON). */
function jsonOf(text: string, maxDepth: number): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return new UnreadableValue('Value must be valid JSON.');
  }
  if (nestsDeeperThan(value, maxDepth)) return new UnreadableValue(`Value nests objects and arrays deeper than ${maxDepth} levels (MAX_JSON_DEPTH).`);
  return value;
}

/** One field's value from a form, or undefined for "not sent": DRF's Field.get_value for HTML input. */
function formValue(field: FieldSpec, fields: FormFields, partial: boolean, maxDepth: number): unknown {
  const values = Object.hasOwn(fields, field.name) ? fields[field.name] : undefined;
  if (values === undefined) {
    if (partial) return undefined;
    // An unticked checkbox and a multi-select with nothing chosen send nothing at all.
    if (field.kind === 'collection') return [];
    if (field.kind === 'scalar' && field.type === 'boolean') return false;
    return undefined;
  }
  if (field.kind === 'collection') return values;
  const value = values[values.length - 1];
  if (value === '' && field.nullable) return field.allowBlank ? '' : null;
  if (value === '' && !field.required) return field.allowBlank ? '' : undefined;
  if (field.kind === 'scalar' && field.type === 'json') return jsonOf(value, maxDepth);
  return value;
}

/**
 * A form-encoded or multipart body as the JSON body it stands for, read per field as DRF's fields read
 * HTML input: repeated names are a many-to-many list, the other fields take the last value, and the
 * strings are then coerced and validated as JSON's are (validate-input.ts).
 */
export function formToInput(spec: ResourceSpec, fields: FormFields, partial: boolean, maxDepth: number): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of spec.fields) {
    if (field.readOnly) continue;
    const value = formValue(field, fields, partial, maxDepth);
    if (value !== undefined) body[field.name] = value;
  }
  return body;
}
