import type { FieldSpec, ResourceRegistry, ResourceSpec } from './registry';

type Row = Record<string, unknown>;

function scalar(field: FieldSpec, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  return value;
}

function idOf(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return typeof value === 'object' ? (value as { id: unknown }).id : value;
}

/**
 * An entity as DRF's ModelSerializer renders it: snake_case fields, relations
 * as ids (or as objects when expanded), write-only fields left out.
 */
export function serialize(registry: ResourceRegistry, spec: ResourceSpec, entity: object, expand: ReadonlySet<string> = new Set()): Row {
  const source = entity as Row;
  const out: Row = {};
  for (const field of spec.fields) {
    if (field.writeOnly) continue;
    const value = source[field.property];
    if (field.kind === 'scalar') {
      out[field.name] = scalar(field, value);
    } else if (field.kind === 'reference') {
      out[field.name] =
        expand.has(field.name) && value ? serialize(registry, registry.get(field.target!)!, value as object) : idOf(value);
    } else {
      const items = (value as { getItems(check?: boolean): object[] } | undefined)?.getItems(false) ?? [];
      out[field.name] = expand.has(field.name)
        ? items.map((item) => serialize(registry, registry.get(field.target!)!, item))
        : items.map(idOf);
    }
  }
  return out;
}
