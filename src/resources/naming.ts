/**
 * Every external name comes from here: REST paths, API field names and the
 * OpenAPI component names drf-spectacular would give (Product, ProductRequest,
 * PatchedProductRequest, PaginatedProductList), DRF's labels and view names,
 * and the GraphQL names (types, inputs, enums, fields).
 */
const kebab = (snake: string) => snake.replaceAll('_', '-');
const capitalized = (word: string) => word[0].toUpperCase() + word.slice(1);

export const naming = {
  /** `order_items` → `order-items` (tables are already plural snake_case). */
  path: (tableName: string) => kebab(tableName),
  /** `order_items` → `order-items`, for any snake_case name (a slug's example). */
  kebab,
  /** `unitPrice` → `unit_price`. */
  apiField: (property: string) => property.replace(/[A-Z]/g, (char) => `_${char.toLowerCase()}`),
  component: (entity: string) => entity,
  request: (entity: string) => `${entity}Request`,
  patchedRequest: (entity: string) => `Patched${entity}Request`,
  paginatedList: (entity: string) => `Paginated${entity}List`,
  /** drf-spectacular's operationId: `order-items`, `partial_update` → `order_items_partial_update`. */
  operationId: (path: string, verb: string) => `${path.replaceAll('-', '_')}_${verb}`,
  /** Django's verbose name of a field or table, in messages: `unit_price` → `unit price`. */
  verboseField: (apiName: string) => apiName.replaceAll('_', ' '),
  /** DRF's label: the model field's verbose name, capitalized (`unit_price` → "Unit price"); Django names the pk "ID". */
  label: (apiName: string) => (apiName === 'id' ? 'ID' : capitalized(naming.verboseField(apiName))),
  /** DRF's view names in OPTIONS: `Product List`, `Product Instance`. */
  view: (entity: string, suffix: 'List' | 'Instance') => `${entity} ${suffix}`,
  /** GraphQL (DESIGN §6b): `products`, `product`, `createProduct`, `ProductWhere`, … */
  gqlList: (tableName: string) => tableName.replace(/_([a-z])/g, (_, char: string) => char.toUpperCase()),
  gqlOne: (entity: string) => entity[0].toLowerCase() + entity.slice(1),
  gqlCreate: (entity: string) => `create${entity}`,
  gqlUpdate: (entity: string) => `update${entity}`,
  gqlDelete: (entity: string) => `delete${entity}`,
  gqlPage: (entity: string) => `${entity}Page`,
  gqlWhere: (entity: string) => `${entity}Where`,
  /** A filter through one relation: `ProductCategoryWhere`, `ProductTagsWhere`. */
  gqlRelationWhere: (entity: string, property: string) => `${entity}${capitalized(property)}Where`,
  /** A filter input, one per kind of value: `StringFilter`, `IdFilter`, `OrderStatusFilter`. */
  gqlFilter: (valueType: string) => `${valueType}Filter`,
  gqlOrderBy: (entity: string) => `${entity}OrderBy`,
  gqlCreateInput: (entity: string) => `${entity}CreateInput`,
  gqlUpdateInput: (entity: string) => `${entity}UpdateInput`,
  /** An enum field's type, `OrderStatus`, and its values, `PAID` for `paid`. */
  gqlEnum: (entity: string, property: string) => `${entity}${capitalized(property)}`,
  gqlEnumValue: (value: string) => value.toUpperCase(),
  /** DRF's verbose name: `OrderItem` → `order item`. */
  verbose: (entity: string) => entity.replace(/(?<=[a-z])([A-Z])/g, ' $1').toLowerCase(),
};
