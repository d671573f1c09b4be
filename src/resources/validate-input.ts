import { validateValue } from './field-values';
import type { FieldSpec, ResourceSpec } from './registry';

export { UnreadableValue } from './field-values';

export type WriteMode = 'create' | 'replace' | 'patch';

export interface ValidatedInput {
  /** Entity property → value (relations as ids). */
  values: Record<string, unknown>;
  errors: Record<string, string[]>;
  /** Referenced ids per relation field, for the existence check. */
  references: Array<{ field: FieldSpec; ids: number[] }>;
  /** Unique fields whose value passed its own checks, for the one uniqueness statement. */
  unique: Array<{ field: FieldSpec; value: unknown }>;
}

/**
 * A write body against a resource, as a DRF ModelSerializer validates it:
 * every failing field at once, unknown and read-only fields ignored, required
 * fields enforced on create and PUT. Both doors' writes come through here.
 */
export function validateInput(spec: ResourceSpec, body: Record<string, unknown>, mode: WriteMode): ValidatedInput {
  const result: ValidatedInput = { values: {}, errors: {}, references: [], unique: [] };
  for (const field of spec.fields) {
    if (field.readOnly) continue;
    if (!Object.hasOwn(body, field.name) || body[field.name] === undefined) {
      if (mode !== 'patch' && field.required) result.errors[field.name] = ['This field is required.'];
      continue;
    }
    const { value, errors, ids } = validateValue(field, body[field.name]);
    if (errors.length) result.errors[field.name] = errors;
    else {
      result.values[field.property] = value;
      if (ids?.length) result.references.push({ field, ids });
      if (field.unique && value !== null) result.unique.push({ field, value });
    }
  }
  return result;
}
