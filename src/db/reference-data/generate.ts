import { PRODUCTS_PER_SCALE, TAGS_PER_PRODUCT, generateCatalog } from './catalog';
import { CUSTOMERS_PER_SCALE, generateCustomers } from './customers';
import { ORDERS_PER_SCALE, ORDER_ITEMS_PER_SCALE, generateOrders } from './orders';
import { Random } from './random';
import { REVIEWS_PER_SCALE, generateReviews } from './reviews';
import type { ReferenceDataOptions, TableData } from './types';
import { DEPARTMENTS_PER_TREE, SUBCATEGORIES_PER_DEPARTMENT, TAGS_PER_SCALE } from './vocabulary';

/** Rows per table at scale 1, in FK dependency order. `users` gets none: accounts come from registration. */
export const ROWS_PER_SCALE = {
  categories: DEPARTMENTS_PER_TREE * (1 + SUBCATEGORIES_PER_DEPARTMENT),
  tags: TAGS_PER_SCALE,
  products: PRODUCTS_PER_SCALE,
  product_tags: PRODUCTS_PER_SCALE * TAGS_PER_PRODUCT,
  customers: CUSTOMERS_PER_SCALE,
  orders: ORDERS_PER_SCALE,
  order_items: ORDER_ITEMS_PER_SCALE,
  reviews: REVIEWS_PER_SCALE,
} as const;

export type ReferenceTable = keyof typeof ROWS_PER_SCALE;

/**
 * The storefront's reference data set, deterministic in (seed, scale): pure, no I/O,
 * no clock and no Math.random. Tables come out in FK dependency order, ids 1..n.
 * The result is a `ReferenceData`, ready for `loadReferenceData`.
 */
export function generateReferenceData({ seed, scale }: ReferenceDataOptions): Record<ReferenceTable, TableData> {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  if (!Number.isSafeInteger(scale) || scale < 1) throw new RangeError(`scale must be a positive integer, got ${scale}`);

  const rnd = new Random(seed);
  const catalog = generateCatalog(rnd, scale);
  const customers = generateCustomers(rnd, scale);
  const { orders, orderItems, purchases } = generateOrders(rnd, scale, {
    customerCreated: customers.created,
    productCreated: catalog.productCreated,
    productPrice: catalog.productPrice,
  });
  const reviews = generateReviews(rnd, scale, purchases, customers.created.length);
  return {
    categories: catalog.categories,
    tags: catalog.tags,
    products: catalog.products,
    product_tags: catalog.productTags,
    customers: customers.table,
    orders,
    order_items: orderItems,
    reviews,
  };
}
