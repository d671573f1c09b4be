/**
 * Every external name comes from here: REST paths, API field names and the
 * OpenAPI component names drf-spectacular would give (Product, ProductRequest,
 * PatchedProductRequest, PaginatedProductList).
 */
export const naming = {
  /** `order_items` → `order-items` (tables are already plural snake_case). */
  path: (tableName: string) => tableName.replaceAll('_', '-'),
  /** `unitPrice` → `unit_price`. */
  apiField: (property: string) => property.replace(/[A-Z]/g, (char) => `_${char.toLowerCase()}`),
  component: (entity: string) => entity,
  request: (entity: string) => `${entity}Request`,
  patchedRequest: (entity: string) => `Patched${entity}Request`,
  paginatedList: (entity: string) => `Paginated${entity}List`,
  /** GraphQL (DESIGN §6b): `products`, `product`, `createProduct`, `ProductWhere`, … */
  gqlList: (tableName: string) => tableName.replace(/_([a-z])/g, (_, char: string) => char.toUpperCase()),
  gqlOne: (entity: string) => entity[0].toLowerCase() + entity.slice(1),
  gqlPage: (entity: string) => `${entity}Page`,
  gqlWhere: (entity: string) => `${entity}Where`,
  gqlOrderBy: (entity: string) => `${entity}OrderBy`,
  gqlCreateInput: (entity: string) => `${entity}CreateInput`,
  gqlUpdateInput: (entity: string) => `${entity}UpdateInput`,
  /** DRF's verbose name: `OrderItem` → `order item`. */
  verbose: (entity: string) => entity.replace(/(?<=[a-z])([A-Z])/g, ' $1').toLowerCase(),
};
