import { ValidationError } from '../errors';
import type { FieldSpec, ResourceSpec } from './registry';

interface PgError {
  code?: string;
  message?: string;
  detail?: string;
  constraint?: string;
  column?: string;
  table?: string;
}

function fieldByColumn(spec: ResourceSpec, column: string | undefined): FieldSpec | undefined {
  return column ? spec.fields.find((field) => field.columns.includes(column)) : undefined;
}

function fieldByConstraint(spec: ResourceSpec, constraint: string | undefined): FieldSpec | undefined {
  if (!constraint) return undefined;
  return [...spec.fields].sort((a, b) => b.columns.join().length - a.columns.join().length).find((field) => field.columns.some((column) => constraint.includes(`_${column}_`)));
}

/** The one field a type's bound can belong to (`character varying(32)` → the only 32-character field), if only one. */
function onlyField(spec: ResourceSpec, matches: (field: FieldSpec) => boolean): FieldSpec | undefined {
  const candidates = spec.fields.filter((field) => field.kind === 'scalar' && !field.readOnly && matches(field));
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** A check constraint's refusal in DRF's words when the field has one bound (`price >= 0`), else the constraint's name. */
function checkMessage(field: FieldSpec | undefined, constraint: string | undefined): string {
  const bounds = [field?.minimum, field?.exclusiveMinimum, field?.maximum].filter((bound) => bound !== undefined);
  if (field && bounds.length === 1) {
    if (field.maximum !== undefined) return `Ensure this value is less than or equal to ${field.maximum}.`;
    const step = field.type === 'integer' ? 1 : 0;
    return `Ensure this value is greater than or equal to ${field.minimum ?? field.exclusiveMinimum! + step}.`;
  }
  return `Ensure this value satisfies the constraint ${constraint ?? ''}.`;
}

/** A value too long or out of range, on its field with DRF's message when the type names only one field. */
function outOfRange(spec: ResourceSpec, pg: PgError): ValidationError {
  const message = pg.message ?? '';
  const length = /character varying\((\d+)\)/.exec(message)?.[1];
  if (pg.code === '22001' && length) {
    const field = onlyField(spec, (candidate) => candidate.maxLength === Number(length));
    if (field) return new ValidationError({ [field.property]: [`Ensure this field has no more than ${length} characters.`] });
  }
  if (pg.code === '22003' && /numeric field overflow/.test(message)) {
    const field = onlyField(spec, (candidate) => candidate.type === 'decimal');
    if (field?.maxDigits !== undefined && field.decimalPlaces !== undefined) {
      return new ValidationError({ [field.property]: [`Ensure that there are no more than ${field.maxDigits - field.decimalPlaces} digits before the decimal point.`] });
    }
  }
  if (pg.code === '22003' && /out of range for type integer/.test(message)) {
    const field = onlyField(spec, (candidate) => candidate.type === 'integer');
    if (field) return new ValidationError({ [field.property]: [/"-/.test(message) ? 'Ensure this value is greater than or equal to -2147483648.' : 'Ensure this value is less than or equal to 2147483647.'] });
  }
  return new ValidationError({ non_field_errors: ['A value is out of range or of the wrong type.'] });
}

/**
 * Whatever the database refuses, as a DRF 400 on the right field (keyed by property): the service
 * validates first, so these are races (two writers) and the last line of
 * defence. Returns undefined for errors that are not the caller's fault.
 */
export function validationErrorFromDatabase(spec: ResourceSpec, error: unknown, operation: 'write' | 'delete' = 'write'): ValidationError | undefined {
  const pg = error as PgError;
  const keyColumn = /^Key \(([^)]+)\)/.exec(pg.detail ?? '')?.[1]?.replace(/^lower\((.*)\)$/, '$1');
  switch (pg.code) {
    case '23505': {
      const field = fieldByColumn(spec, keyColumn) ?? fieldByConstraint(spec, pg.constraint);
      const name = field?.property ?? 'non_field_errors';
      return new ValidationError({ [name]: [`${spec.verbose} with this ${field ? field.name.replaceAll('_', ' ') : 'value'} already exists.`] });
    }
    case '23503': {
      if (operation === 'delete') {
        // Deleting a row others still reference (Django's PROTECT).
        const referencing = /violates foreign key constraint "[^"]+" on table "([^"]+)"/.exec((error as Error).message)?.[1] ?? 'other rows';
        return new ValidationError({ non_field_errors: [`Cannot delete this ${spec.verbose}: it is referenced by ${referencing.replaceAll('_', ' ')}.`] });
      }
      const field = fieldByColumn(spec, keyColumn) ?? fieldByConstraint(spec, pg.constraint);
      const id = /=\(([^)]*)\)/.exec(pg.detail ?? '')?.[1];
      return new ValidationError({ [field?.property ?? 'non_field_errors']: [`Invalid pk "${id ?? '?'}" - object does not exist.`] });
    }
    case '23514': {
      const field = fieldByConstraint(spec, pg.constraint);
      return new ValidationError({ [field?.property ?? 'non_field_errors']: [checkMessage(field, pg.constraint)] });
    }
    case '23502': {
      const field = fieldByColumn(spec, pg.column);
      return new ValidationError({ [field?.property ?? 'non_field_errors']: ['This field may not be null.'] });
    }
    case '22001':
    case '22003':
      return outOfRange(spec, pg);
    case '22P02':
    case '22007':
    case '22008':
      return new ValidationError({ non_field_errors: ['A value is out of range or of the wrong type.'] });
    default:
      return undefined;
  }
}
