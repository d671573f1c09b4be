import { ReferenceKind, type EntityMetadata, type EntityProperty, type MetadataStorage } from '@mikro-orm/core';
import { domainEntities } from '../domain';
import { naming } from './naming';
import { resourceOptionsOf, type ResourceOptions, type TextFormat } from '../domain/resource-options';

export type FieldType = 'integer' | 'string' | 'text' | 'decimal' | 'boolean' | 'datetime' | 'json' | 'enum';

export interface FieldSpec {
  /** API name (snake_case): `unit_price`, `category`, `tags`. */
  name: string;
  /** Entity property: `unitPrice`. */
  property: string;
  kind: 'scalar' | 'reference' | 'collection';
  type: FieldType;
  enumValues?: string[];
  nullable: boolean;
  /** Must be sent on create and PUT. */
  required: boolean;
  readOnly: boolean;
  writeOnly: boolean;
  /** Strings that may be '' (the column has a '' default). */
  allowBlank: boolean;
  maxLength?: number;
  /** Checked as Django's EmailField or SlugField would (declared with `@Resource({ formats })`). */
  format?: TextFormat;
  maxDigits?: number;
  decimalPlaces?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  /** A regular expression the column must match (`country ~ '^[A-Z]{2}$'`). */
  pattern?: string;
  unique: boolean;
  /** Set to now() by every update (an `onUpdate` property: `updatedAt`). */
  touchedOnUpdate: boolean;
  /** Relations: the target resource's name. */
  target?: string;
  /** DB column(s), to map constraint errors back to this field. */
  columns: string[];
  /** M:N fields: the pivot table and its two columns. */
  pivot?: { table: string; ownerColumn: string; targetColumn: string };
}

/** A one-to-many relation seen from its "one" side (product.reviews): GraphQL exposes it; REST does not. */
export interface InverseSpec {
  property: string;
  target: string;
  /** The target's column that points back here (reviews.product_id). */
  column: string;
}

export interface ResourceSpec {
  name: string;
  entity: new (...args: never[]) => object;
  table: string;
  path: string;
  /** DRF's verbose name, for messages ("product with this sku already exists."). */
  verbose: string;
  fields: FieldSpec[];
  inverse: InverseSpec[];
  /** Text fields `?search=` looks in. */
  searchFields: string[];
  options: ResourceOptions;
}

export type ResourceRegistry = Map<string, ResourceSpec>;

function fieldType(prop: EntityProperty): FieldType {
  if (prop.enum) return 'enum';
  const type = String(prop.type).toLowerCase();
  if (type.includes('decimal')) return 'decimal';
  if (type.includes('json')) return 'json';
  if (type === 'text') return 'text';
  if (['integer', 'number', 'smallint', 'int'].includes(type)) return 'integer';
  if (type === 'boolean') return 'boolean';
  if (type === 'datetime' || type === 'date') return 'datetime';
  return 'string';
}

/** Reads `column >= 0`, `column > 0`, `a >= 1 and a <= 5`, `column ~ '^…$'` from the entity's check constraints. */
function rangesFromChecks(meta: EntityMetadata): Map<string, Pick<FieldSpec, 'minimum' | 'exclusiveMinimum' | 'maximum' | 'pattern'>> {
  const ranges = new Map<string, Pick<FieldSpec, 'minimum' | 'exclusiveMinimum' | 'maximum' | 'pattern'>>();
  for (const check of meta.checks) {
    if (typeof check.expression !== 'string') continue;
    const regex = /^\s*(\w+)\s*~\s*'([^']*)'\s*$/.exec(check.expression);
    if (regex) {
      ranges.set(regex[1], { ...ranges.get(regex[1]), pattern: regex[2] });
      continue;
    }
    for (const part of check.expression.split(/\s+and\s+/i)) {
      const match = /^\s*(\w+)\s*(>=|>|<=)\s*(-?\d+(?:\.\d+)?)\s*$/.exec(part);
      if (!match) continue;
      const [, column, operator, value] = match;
      const range = ranges.get(column) ?? {};
      if (operator === '>=') range.minimum = Number(value);
      if (operator === '>') range.exclusiveMinimum = Number(value);
      if (operator === '<=') range.maximum = Number(value);
      ranges.set(column, range);
    }
  }
  return ranges;
}

function fieldOf(prop: EntityProperty, ranges: ReturnType<typeof rangesFromChecks>, options: ResourceOptions): FieldSpec | undefined {
  if (prop.kind === ReferenceKind.ONE_TO_MANY || prop.kind === ReferenceKind.ONE_TO_ONE) return undefined;
  // The inverse side of an M:N (MikroORM adds `Product_tags__inverse` to Tag by itself) is not a field:
  // the owning side (product.tags) is, as in DRF.
  if (prop.kind === ReferenceKind.MANY_TO_MANY && !prop.owner) return undefined;
  const columns = prop.fieldNames ?? [];
  const readOnly = prop.primary || prop.name === 'createdAt' || prop.name === 'updatedAt';
  const hasDefault = prop.default !== undefined || prop.defaultRaw !== undefined;
  const base = {
    name: naming.apiField(prop.name),
    property: prop.name,
    nullable: Boolean(prop.nullable),
    readOnly,
    writeOnly: Boolean(prop.hidden),
    unique: Boolean(prop.unique),
    touchedOnUpdate: prop.onUpdate !== undefined,
    columns,
  };
  if (prop.kind === ReferenceKind.MANY_TO_ONE) {
    return { ...base, kind: 'reference', type: 'integer', target: prop.type, required: !prop.nullable, allowBlank: false };
  }
  if (prop.kind === ReferenceKind.MANY_TO_MANY) {
    const pivot = {
      table: prop.pivotTable,
      ownerColumn: (prop.owner ? prop.joinColumns : prop.inverseJoinColumns)[0],
      targetColumn: (prop.owner ? prop.inverseJoinColumns : prop.joinColumns)[0],
    };
    return { ...base, kind: 'collection', type: 'integer', target: prop.type, required: false, nullable: false, allowBlank: false, pivot };
  }
  const type = fieldType(prop);
  return {
    ...base,
    kind: 'scalar',
    type,
    enumValues: prop.enum ? (prop.items as string[]) : undefined,
    required: !readOnly && !prop.nullable && !hasDefault,
    allowBlank: (type === 'string' || type === 'text') && prop.default === '',
    maxLength: prop.length,
    format: options.formats?.[prop.name],
    maxDigits: type === 'decimal' ? prop.precision : undefined,
    decimalPlaces: type === 'decimal' ? prop.scale : undefined,
    ...ranges.get(columns[0] ?? ''),
  };
}

/** The gather phase: one spec per domain entity, from MikroORM's metadata, built once. */
export function buildRegistry(metadata: MetadataStorage, entities: Array<new (...args: never[]) => object> = domainEntities): ResourceRegistry {
  const registry: ResourceRegistry = new Map();
  for (const entity of entities) {
    const meta = metadata.get(entity.name);
    const ranges = rangesFromChecks(meta);
    const options = resourceOptionsOf(entity);
    const fields = Object.values(meta.properties)
      .map((prop) => fieldOf(prop, ranges, options))
      .filter((field): field is FieldSpec => field !== undefined);
    registry.set(meta.className, {
      name: meta.className,
      entity,
      table: meta.tableName,
      path: naming.path(meta.tableName),
      verbose: naming.verbose(meta.className),
      fields,
      inverse: Object.values(meta.properties)
        .filter((prop) => prop.kind === ReferenceKind.ONE_TO_MANY && entities.some((entity) => entity.name === prop.type))
        .map((prop) => ({
          property: prop.name,
          target: prop.type,
          column: metadata.get(prop.type).properties[prop.mappedBy].fieldNames[0],
        })),
      searchFields: fields.filter((f) => (f.type === 'string' || f.type === 'text') && !f.writeOnly).map((f) => f.name),
      options,
    });
  }
  return registry;
}

/** The fields a resource can be ordered by, for every door (REST's `?ordering=`, GraphQL's `orderBy`, the docs): no M:N, no JSON, nothing write-only. */
export function orderableFields(spec: ResourceSpec): FieldSpec[] {
  return spec.fields.filter((field) => !field.writeOnly && field.kind !== 'collection' && field.type !== 'json');
}

const registries = new Map<string, ResourceRegistry>();

/**
 * One registry per set of entity classes for the whole process: the GraphQL
 * types generated from it are registered in type-graphql's global metadata,
 * so a second registry for the same entities would define every type twice.
 */
export function registryFor(metadata: MetadataStorage, entities: Array<new (...args: never[]) => object> = domainEntities): ResourceRegistry {
  const key = entities.map((entity) => entity.name).join(',');
  let registry = registries.get(key);
  if (!registry) {
    registry = buildRegistry(metadata, entities);
    registries.set(key, registry);
  }
  return registry;
}
