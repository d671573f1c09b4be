import { drfDatetime } from '../resources/datetime-text';
import { naming } from '../resources/naming';
import { relationKey, type Row } from '../resources/read-query';
import type { FieldSpec, ResourceRegistry, ResourceSpec } from '../resources/registry';

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
 * A row as DRF's ModelSerializer renders it: snake_case fields, relations as ids (or as objects
 * where `expand` read them, under their relation key), write-only fields left out.
 */
export function serialize(registry: ResourceRegistry, spec: ResourceSpec, row: Row): Row {
  const out: Row = {};
  for (const field of spec.fields) {
    if (field.writeOnly) continue;
    const expanded = row[relationKey(field.name)];
    const value = expanded !== undefined && expanded !== null ? expanded : row[field.property];
    if (field.kind === 'scalar') out[field.name] = scalar(field, value);
    else if (field.kind === 'reference') out[field.name] = related(registry, field, value);
    else out[field.name] = ((value as unknown[] | undefined) ?? []).map((item) => related(registry, field, item));
  }
  // One-to-many children are fields only where `expand` asked for them (orders' `items`).
  for (const inverse of spec.inverse) {
    const name = naming.apiField(inverse.property);
    const children = row[relationKey(name)] as Row[] | undefined;
    if (children) out[name] = children.map((child) => serialize(registry, registry.get(inverse.target)!, child));
  }
  return out;
}
