import { naming } from '../resources/naming';
import type { FieldSpec, FieldType } from '../resources/registry';

/** One field as DRF's SimpleMetadata describes a serializer field. */
export interface FieldInfo {
  type: string;
  required: boolean;
  read_only: boolean;
  label: string;
  max_length?: number;
  min_value?: number;
  max_value?: number;
  max_digits?: number;
  decimal_places?: number;
  choices?: Array<{ value: string; display_name: string }>;
}

export type Actions = Partial<Record<'POST' | 'PUT', Record<string, FieldInfo>>>;

/** What a plain `OPTIONS` answers, as DRF's SimpleMetadata: the view, its media types, and what PUT and POST take. */
export interface ViewMetadata {
  name: string;
  description: string;
  renders: string[];
  parses: string[];
  actions?: Actions;
}

/** The only media type we render. */
const MEDIA_TYPES = ['application/json'];
/** DRF's default parsers (http/json-body and http/form-body; media-types.plugin answers 415 for the others). */
const PARSES = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'];

export function viewMetadata(name: string, description: string, actions: Actions): ViewMetadata {
  const metadata: ViewMetadata = { name, description, renders: MEDIA_TYPES, parses: PARSES };
  // DRF leaves `actions` out when the caller may neither POST nor PUT.
  if (Object.keys(actions).length) metadata.actions = actions;
  return metadata;
}

/** The serializer field class ModelSerializer picks, by its SimpleMetadata name (relations and JSON: plain `field`). */
const SERIALIZER_TYPES: Record<FieldType, string> = {
  integer: 'integer',
  string: 'string',
  text: 'string',
  decimal: 'decimal',
  boolean: 'boolean',
  datetime: 'datetime',
  json: 'field',
  enum: 'choice',
};

/** The lowest value a field accepts, inclusive (`quantity > 0` is `min_value: 1`), or undefined. */
export function inclusiveMinimum(field: FieldSpec): number | undefined {
  return field.minimum ?? (field.exclusiveMinimum !== undefined && field.type === 'integer' ? field.exclusiveMinimum + 1 : undefined);
}

/** A field of the registry as its ModelSerializer field describes itself. */
export function fieldInfo(field: FieldSpec): FieldInfo {
  const info: FieldInfo = {
    type: field.kind === 'scalar' ? SERIALIZER_TYPES[field.type] : 'field',
    required: field.required,
    read_only: field.readOnly,
    label: naming.label(field.name),
  };
  if (field.maxLength !== undefined) info.max_length = field.maxLength;
  const minimum = inclusiveMinimum(field);
  if (minimum !== undefined) info.min_value = minimum;
  if (field.maximum !== undefined) info.max_value = field.maximum;
  if (field.maxDigits !== undefined) info.max_digits = field.maxDigits;
  if (field.decimalPlaces !== undefined) info.decimal_places = field.decimalPlaces;
  // As DRF: choices for a writable choice field, never for a relation.
  if (field.enumValues && !field.readOnly) info.choices = field.enumValues.map((value) => ({ value, display_name: naming.label(value) }));
  return info;
}

type JsonSchema = { type?: string; format?: string; readOnly?: boolean; maxLength?: number; minimum?: number; maximum?: number; enum?: unknown[] };

/** A property of a hand-written route's body schema, named as the serializer field it stands for. */
function schemaType(property: JsonSchema): string {
  if (property.enum) return 'choice';
  if (property.type === 'string') return property.format === 'email' ? 'email' : property.format === 'date-time' ? 'datetime' : 'string';
  if (property.type === 'integer' || property.type === 'boolean') return property.type;
  return 'field';
}

/** The fields of a body schema (the routes that are not generated from the registry: auth, clients). */
export function schemaFieldInfo(schema: { properties?: Record<string, JsonSchema>; required?: string[] }): Record<string, FieldInfo> {
  const required = new Set(schema.required ?? []);
  return Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([name, property]) => {
      const info: FieldInfo = { type: schemaType(property), required: required.has(name), read_only: Boolean(property.readOnly), label: naming.label(name) };
      if (property.maxLength !== undefined) info.max_length = property.maxLength;
      if (property.minimum !== undefined) info.min_value = property.minimum;
      if (property.maximum !== undefined) info.max_value = property.maximum;
      if (property.enum) info.choices = property.enum.map((value) => ({ value: String(value), display_name: naming.label(String(value)) }));
      return [name, info];
    }),
  );
}
