import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { lookupsFor, type Lookup } from '../resources/read-query';
import { naming } from '../resources/naming';
import { orderableFields, type FieldSpec, type ResourceRegistry, type ResourceSpec } from '../resources/registry';
import { Decimal } from './decimal-scalar';
import { DateTime, JSONScalar } from './scalars';

/** The scalar's former name, for the imports that still use it. */
export const DateTimeISO = DateTime;

/** The type-graphql classes generated for one resource (the schema phase reads the registry, CONVENTIONS §7). */
export interface ResourceTypes {
  spec: ResourceSpec;
  object: Function;
  page: Function;
  where: Function;
  orderBy: Function;
  createInput: Function;
  updateInput: Function;
}

type ClassType = new () => object;

export enum SortDirection {
  ASC = 'asc',
  DESC = 'desc',
}
registerEnumType(SortDirection, { name: 'SortDirection' });

const enumTypes = new Map<string, object>();
function enumType(spec: ResourceSpec, field: FieldSpec): object {
  const name = naming.gqlEnum(spec.name, field.property);
  let values = enumTypes.get(name);
  if (!values) {
    values = Object.fromEntries(field.enumValues!.map((value) => [naming.gqlEnumValue(value), value]));
    registerEnumType(values, { name });
    enumTypes.set(name, values);
  }
  return values;
}

function scalarType(spec: ResourceSpec, field: FieldSpec): object {
  if (field.property === 'id' || field.kind !== 'scalar') return ID;
  switch (field.type) {
    case 'integer':
      return Int;
    case 'boolean':
      return Boolean;
    case 'datetime':
      return DateTime;
    case 'json':
      return JSONScalar;
    case 'enum':
      return enumType(spec, field);
    case 'decimal':
      return Decimal;
    default:
      return String;
  }
}

/** The filter input's name: one per kind of value (`StringFilter`, `DecimalFilter`, `OrderStatusFilter`, …). */
function filterName(spec: ResourceSpec, field: FieldSpec): string {
  if (field.kind !== 'scalar') return naming.gqlFilter('RelationId'); // `category: { id: … }`, `tags: { id: … }`: the lookups REST has for relations
  if (field.property === 'id') return naming.gqlFilter('Id');
  if (field.type === 'enum') return naming.gqlFilter(naming.gqlEnum(spec.name, field.property));
  const names: Record<string, string> = { integer: 'Int', decimal: 'Decimal', string: 'String', text: 'String', boolean: 'Boolean', datetime: 'DateTime' };
  return naming.gqlFilter(names[field.type]);
}

function named(name: string): ClassType {
  return { [name]: class {} }[name] as ClassType;
}

/** One filter input per scalar type and set of lookups: `{ exact, iexact, contains, …, in, range, isnull }`. */
const filterInputs = new Map<string, ClassType>();
function filterInput(spec: ResourceSpec, field: FieldSpec): ClassType {
  const type = scalarType(spec, field);
  // A relation's `isnull` sits beside its `id` filter (`category: { isnull: true }`), not inside it.
  const lookups = field.kind === 'scalar' ? lookupsFor(field) : lookupsFor(field).filter((lookup) => lookup !== 'isnull');
  const name = filterName(spec, field);
  const key = name;
  let cls = filterInputs.get(key);
  if (cls) return cls;
  cls = named(name);
  const add = (lookup: Lookup | 'eq', fieldType: () => unknown) => Field(fieldType as never, { nullable: true })(cls!.prototype, lookup);
  for (const lookup of lookups) {
    if (lookup === 'in') add('in', () => [type]);
    else if (lookup === 'range') add('range', () => [type]);
    else if (lookup === 'isnull') add('isnull', () => Boolean);
    else add(lookup, () => type);
  }
  add('eq', () => type);
  InputType(name)(cls);
  filterInputs.set(key, cls);
  return cls;
}

/**
 * Names of the input types that filter through a relation (`ProductCategoryWhere`, `ProductTagsWhere`,
 * `ProductReviewsWhere`): each is one level of MAX_FILTER_DEPTH (limits.ts counts them in documents).
 */
export const RELATION_WHERE_TYPES = new Set<string>();

/** Per registry's classes (`all`): a second registry (a test's throwaway entity) builds its own, pointing at its own `*Where`s. */
const relationWheresOf = new WeakMap<Map<string, ResourceTypes>, Map<string, ClassType>>();

/** A new input class for a relation, registered before its fields are declared: relations lead back to it (`Category.parent`). */
function relationWhere(all: Map<string, ResourceTypes>, spec: ResourceSpec, property: string, declare: (cls: Function) => void, description: string): ClassType {
  const name = naming.gqlRelationWhere(spec.name, property);
  let relationWheres = relationWheresOf.get(all);
  if (!relationWheres) relationWheresOf.set(all, (relationWheres = new Map()));
  let cls = relationWheres.get(name);
  if (cls) return cls;
  cls = named(name);
  relationWheres.set(name, cls);
  RELATION_WHERE_TYPES.add(name);
  declare(cls);
  InputType(name, { description })(cls);
  return cls;
}

/**
 * A resource's filter fields on `cls`: its scalars' lookups; to-one relations by id or by the related
 * row's fields (`category: { id: { eq: 3 } }`, `category: { parent: { slug: { eq: "garden" } } }`);
 * to-many relations with `some`, `every`, `none` (`tags: { some: { name: { eq: "eco" } } }`); `AND`, `OR`,
 * `NOT` and `search`. `withId: false` leaves `id` to the caller (a to-one relation's `id` is the
 * foreign key's RelationIdFilter, as before).
 */
function declareWhereFields(cls: Function, types: ResourceTypes, all: Map<string, ResourceTypes>, withId = true): void {
  const { spec } = types;
  for (const field of spec.fields.filter((candidate) => !candidate.writeOnly && candidate.type !== 'json')) {
    if (field.kind === 'scalar') {
      if (field.property === 'id' && !withId) continue;
      const filter = filterInput(spec, field);
      Field(() => filter, { nullable: true })(cls.prototype, field.property);
      continue;
    }
    const target = all.get(field.target!)!;
    const idFilter = filterInput(spec, field);
    const toOne = field.kind === 'reference';
    const relation = relationWhere(
      all,
      spec,
      field.property,
      (relationCls) => {
        Field(() => idFilter, { nullable: true })(relationCls.prototype, 'id');
        Field(() => Boolean, { nullable: true })(relationCls.prototype, 'isnull');
        if (toOne) declareWhereFields(relationCls, target, all, false);
        else declareToMany(relationCls, target);
      },
      toOne
        ? `${spec.name}s whose ${field.property} matches: by id, by isnull, or by the ${target.spec.name}'s own fields.`
        : `${spec.name}s by their ${field.property}: by id, by isnull, or some, every or none matching.`,
    );
    Field(() => relation, { nullable: true })(cls.prototype, field.property);
  }
  for (const inverse of spec.inverse) {
    const target = all.get(inverse.target)!;
    const relation = relationWhere(all, spec, inverse.property, (relationCls) => declareToMany(relationCls, target), `${spec.name}s by their ${inverse.property}: some, every or none matching.`);
    Field(() => relation, { nullable: true })(cls.prototype, inverse.property);
  }
  Field(() => [types.where], { nullable: true })(cls.prototype, 'AND');
  Field(() => [types.where], { nullable: true })(cls.prototype, 'OR');
  Field(() => types.where, { nullable: true })(cls.prototype, 'NOT');
  Field(() => String, { nullable: true, description: 'Terms (split on spaces and commas) that must each match a text field.' })(cls.prototype, 'search');
}

function declareToMany(cls: Function, target: ResourceTypes): void {
  Field(() => target.where, { nullable: true, description: `At least one related ${target.spec.name} matches.` })(cls.prototype, 'some');
  Field(() => target.where, { nullable: true, description: `Every related ${target.spec.name} matches (true when there is none).` })(cls.prototype, 'every');
  Field(() => target.where, { nullable: true, description: `No related ${target.spec.name} matches.` })(cls.prototype, 'none');
}

const cache = new WeakMap<ResourceRegistry, Map<string, ResourceTypes>>();

/** Classes for every resource, generated once per registry (type-graphql's metadata is global). */
export function resourceTypes(registry: ResourceRegistry): Map<string, ResourceTypes> {
  const cached = cache.get(registry);
  if (cached) return cached;
  const all = new Map<string, ResourceTypes>();
  for (const spec of registry.values()) {
    all.set(spec.name, {
      spec,
      object: named(spec.name),
      page: named(naming.gqlPage(spec.name)),
      where: named(naming.gqlWhere(spec.name)),
      orderBy: named(naming.gqlOrderBy(spec.name)),
      createInput: named(naming.gqlCreateInput(spec.name)),
      updateInput: named(naming.gqlUpdateInput(spec.name)),
    });
  }
  for (const types of all.values()) decorate(types, all);
  cache.set(registry, all);
  return all;
}

function decorate(types: ResourceTypes, all: Map<string, ResourceTypes>): void {
  const { spec } = types;
  const visible = spec.fields.filter((field) => !field.writeOnly);
  for (const field of visible) {
    const options = { nullable: field.nullable };
    if (field.kind === 'scalar') Field(() => scalarType(spec, field), options)(types.object.prototype, field.property);
    // Relation fields are resolved by the resolvers (batched); declared there.
  }
  ObjectType(spec.name)(types.object);

  Field(() => [types.object])(types.page.prototype, 'items');
  Field(() => Int)(types.page.prototype, 'totalCount');
  Field(() => Int)(types.page.prototype, 'page');
  Field(() => Int)(types.page.prototype, 'pageSize');
  ObjectType(naming.gqlPage(spec.name))(types.page);

  declareWhereFields(types.where, types, all);
  InputType(naming.gqlWhere(spec.name))(types.where);

  for (const field of orderableFields(spec)) {
    Field(() => SortDirection, { nullable: true })(types.orderBy.prototype, field.property);
  }
  InputType(naming.gqlOrderBy(spec.name))(types.orderBy);

  for (const field of spec.fields.filter((candidate) => !candidate.readOnly)) {
    const type = field.kind === 'collection' ? [ID] : scalarType(spec, field);
    Field(() => type, { nullable: !field.required })(types.createInput.prototype, field.property);
    Field(() => type, { nullable: true })(types.updateInput.prototype, field.property);
  }
  InputType(naming.gqlCreateInput(spec.name))(types.createInput);
  InputType(naming.gqlUpdateInput(spec.name))(types.updateInput);
}
