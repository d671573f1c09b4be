import { validateValue } from './field-values';
import type { FieldSpec, ResourceSpec } from './registry';

export { UnreadableValue } from './field-values';

export type WriteMode = 'create' | 'replace' | 'patch';

export interface ValidatedInput {
  /** Entity property → value (relations as ids). */
  values: Record<string, unknown>;
  /** Entity property → DRF's messages. */
  errors: Record<string, string[]>;
  /** Referenced ids per relation field, for the existence check. */
  references: Array<{ field: FieldSpec; ids: number[] }>;
  /** Unique fields whose value passed its own checks, for the one uniqueness statement. */
  unique: Array<{ field: FieldSpec; value: unknown }>;
}

/**
 * A write's input against a resource, keyed by entity properties, as a DRF ModelSerializer validates
 * it: every failing field at once, unknown and read-only fields ignored, required fields enforced on
 * create and PUT. Both doors' writes come through here (REST renames DRF's names to properties first).
 */
export function validateInput(spec: ResourceSpec, input: Record<string, unknown>, mode: WriteMode): ValidatedInput {
  const result: ValidatedInput = { values: {}, errors: {}, references: [], unique: [] };
  for (const field of spec.fields) {
    if (field.readOnly) continue;
    if (!Object.hasOwn(input, field.property) || input[field.property] === undefined) {
      if (mode !== 'patch' && field.required) result.errors[field.property] = ['This field is required.'];
      continue;
    }
    const { value, errors, ids } = validateValue(field, input[field.property]);
    if (errors.length) result.errors[field.property] = errors;
    else {
      result.values[field.property] = value;
      if (ids?.length) result.references.push({ field, ids });
      if (field.unique && value !== null) result.unique.push({ field, value });
    }
  }
  return result;
}
