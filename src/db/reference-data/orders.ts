import { DAY, END, countUpTo, iso, money, type Random } from './random';
import { columns, type TableData } from './types';
import { ORDER_NOTES } from './vocabulary';

export const ORDERS_PER_SCALE = 6000;
export const ORDER_ITEMS_PER_SCALE = 18_000;
const MAX_ITEMS_PER_ORDER = 10;

export const ORDER_STATUSES = ['pending', 'paid', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const ORDER_COLUMNS = columns({
  id: 'integer', status: 'text', placed_at: 'timestamptz', notes: 'text', customer_id: 'integer',
  created_at: 'timestamptz', updated_at: 'timestamptz',
});
const ORDER_ITEM_COLUMNS = columns({
  id: 'integer', quantity: 'integer', unit_price: 'numeric', order_id: 'integer', product_id: 'integer',
  created_at: 'timestamptz', updated_at: 'timestamptz',
});

/** A bought product, for reviews: 0-based product and customer indexes. */
export interface Purchase {
  product: number;
  customer: number;
  /** When the order reached its final status (epoch ms). */
  at: number;
  delivered: boolean;
}

export interface OrdersInput {
  customerCreated: readonly number[];
  productCreated: readonly number[];
  productPrice: readonly number[];
}

/** Recent orders are still in flight; older ones are delivered (or were cancelled). */
function statusForAge(rnd: Random, ageDays: number): OrderStatus {
  if (ageDays < 2) return rnd.weighted([['pending', 60], ['paid', 35], ['cancelled', 5]]);
  if (ageDays < 7) return rnd.weighted([['pending', 10], ['paid', 40], ['shipped', 45], ['cancelled', 5]]);
  if (ageDays < 21) return rnd.weighted([['paid', 5], ['shipped', 40], ['delivered', 50], ['cancelled', 5]]);
  return rnd.weighted([['delivered', 95], ['cancelled', 5]]);
}

/** How long after placement the order reached its status (updated_at), in ms. */
const TIME_TO_STATUS: Record<OrderStatus, readonly [number, number]> = {
  pending: [0, 0],
  paid: [60_000, 3_600_000],
  shipped: [DAY, 3 * DAY],
  delivered: [2 * DAY, 10 * DAY],
  cancelled: [600_000, 2 * DAY],
};

const QUANTITIES: readonly (readonly [number, number])[] = [[1, 70], [2, 18], [3, 7], [4, 3], [5, 2]];

export function generateOrders(rnd: Random, scale: number, input: OrdersInput) {
  const { customerCreated, productCreated, productPrice } = input;
  const count = ORDERS_PER_SCALE * scale;
  const itemCount = ORDER_ITEMS_PER_SCALE * scale;

  // An order is placed after its customer signed up; ids follow placement time.
  const drafts = Array.from({ length: count }, () => {
    const customer = rnd.int(0, customerCreated.length - 1);
    return { customer, placed: rnd.time(customerCreated[customer], END) };
  }).sort((a, b) => a.placed - b.placed);

  // One item per order, the rest spread at random (capped per order).
  const itemsPerOrder = new Array<number>(count).fill(1);
  for (let extra = itemCount - count; extra > 0; extra--) {
    let order = rnd.int(0, count - 1);
    while (itemsPerOrder[order] >= MAX_ITEMS_PER_ORDER) order = (order + 1) % count;
    itemsPerOrder[order]++;
  }

  const orders: unknown[][] = [];
  const items: unknown[][] = [];
  const purchases: Purchase[] = [];
  drafts.forEach(({ customer, placed }, index) => {
    const orderId = index + 1;
    const status = statusForAge(rnd, (END - placed) / DAY);
    const [soonest, latest] = TIME_TO_STATUS[status];
    const updated = Math.min(END, placed + rnd.time(soonest, latest));
    const notes = rnd.chance(0.9) ? '' : rnd.pick(ORDER_NOTES);
    orders.push([orderId, status, iso(placed), notes, customer + 1, iso(placed), iso(updated)]);

    // Only products already in the catalogue when the order was placed, each at most once.
    const available = Math.max(countUpTo(productCreated, placed), Math.min(productCreated.length, MAX_ITEMS_PER_ORDER));
    const chosen = new Set<number>();
    while (chosen.size < itemsPerOrder[index]) chosen.add(rnd.int(0, available - 1));
    for (const product of chosen) {
      const quantity = rnd.weighted(QUANTITIES);
      const list = productPrice[product];
      const price = rnd.chance(0.15) ? Math.round((list * (100 - rnd.int(5, 30))) / 100) : list;
      items.push([items.length + 1, quantity, money(price), orderId, product + 1, iso(placed), iso(placed)]);
      purchases.push({ product, customer, at: updated, delivered: status === 'delivered' });
    }
  });
  return {
    orders: { columns: ORDER_COLUMNS, rows: orders } satisfies TableData,
    orderItems: { columns: ORDER_ITEM_COLUMNS, rows: items } satisfies TableData,
    purchases,
  };
}
