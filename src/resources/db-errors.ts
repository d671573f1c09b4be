import { ValidationError } from '../errors';
import type { FieldSpec, ResourceSpec } from './registry';

interface PgError {
  code?: string;
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

/**
 * Whatever the database refuses, as a DRF 400 on the right field: the service
 * validates first, so these are races (two writers) and the last line of
 * defence. Returns undefined for errors that are not the caller's fault.
 */
export function validationErrorFromDatabase(spec: ResourceSpec, error: unknown, operation: 'write' | 'delete' = 'write'): ValidationError | undefined {
  const pg = error as PgError;
  const keyColumn = /^Key \(([^)]+)\)/.exec(pg.detail ?? '')?.[1]?.replace(/^lower\((.*)\)$/, '$1');
  switch (pg.code) {
    case '23505': {
      const field = fieldByColumn(spec, keyColumn) ?? fieldByConstraint(spec, pg.constraint);
      const name = field?.name ?? 'non_field_errors';
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
      return new ValidationError({ [field?.name ?? 'non_field_errors']: [`Invalid pk "${id ?? '?'}" - object does not exist.`] });
    }
    case '23514': {
      const field = fieldByConstraint(spec, pg.constraint);
      return new ValidationError({ [field?.name ?? 'non_field_errors']: ['Ensure this value satisfies the constraint ' + (pg.constraint ?? '') + '.'] });
    }
    case '23502': {
      const field = fieldByColumn(spec, pg.column);
      return new ValidationError({ [field?.name ?? 'non_field_errors']: ['This field may not be null.'] });
    }
    case '22001':
    case '22003':
    case '22P02':
    case '22007':
    case '22008':
      return new ValidationError({ non_field_errors: ['A value is out of range or of the wrong type.'] });
    default:
      return undefined;
  }
}
