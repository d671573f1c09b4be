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
  /** DRF's verbose name: `OrderItem` → `order item`. */
  verbose: (entity: string) => entity.replace(/(?<=[a-z])([A-Z])/g, ' $1').toLowerCase(),
};
