import type { FieldSpec, ResourceRegistry, ResourceSpec } from './registry';
import { childrenKey, type Row } from './read-rows';
import { naming } from './naming';

/**
 * DRF's DateTimeField output: Python's isoformat() in UTC with `+00:00` as `Z`, so microseconds
 * appear only when there are some (`…:37Z`, `…:37.123456Z`). The reader sends the UTC text with
 * six digits (datetimeText).
 */
export function drfDatetime(value: string | Date): string {
  const text = typeof value === 'string' ? value : value.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
  return text.replace(/\.0{6}Z$/, 'Z');
}

function scalar(field: FieldSpec, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (field.type === 'datetime') return drfDatetime(value as string | Date);
  if (field.type === 'json' && typeof value === 'string') return JSON.parse(value);
  return value;
}

function related(registry: ResourceRegistry, field: FieldSpec, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return typeof value === 'object' ? serialize(registry, registry.get(field.target!)!, value as Row) : value;
}

/**
 * A row as DRF's ModelSerializer renders it: snake_case fields, relations as
 * ids (or as objects where the reader expanded them), write-only fields left out.
 */
export function serialize(registry: ResourceRegistry, spec: ResourceSpec, row: Row): Row {
  const out: Row = {};
  for (const field of spec.fields) {
    if (field.writeOnly) continue;
    const value = row[field.property];
    if (field.kind === 'scalar') out[field.name] = scalar(field, value);
    else if (field.kind === 'reference') out[field.name] = related(registry, field, value);
    else out[field.name] = ((value as unknown[] | undefined) ?? []).map((item) => related(registry, field, item));
  }
  // One-to-many children are fields only where `expand` asked for them (orders' `items`).
  for (const inverse of spec.inverse) {
    const children = row[childrenKey(naming.apiField(inverse.property))] as Row[] | undefined;
    if (children) out[naming.apiField(inverse.property)] = children.map((child) => serialize(registry, registry.get(inverse.target)!, child));
  }
  return out;
}
