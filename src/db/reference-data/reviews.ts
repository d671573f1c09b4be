import { DAY, END, iso, type Random } from './random';
import type { Purchase } from './orders';
import { columns, type TableData } from './types';
import { REVIEW_SENTENCES, REVIEW_TITLES } from './vocabulary';

export const REVIEWS_PER_SCALE = 8000;

const REVIEW_COLUMNS = columns({
  id: 'integer', rating: 'smallint', title: 'text', body: 'text', product_id: 'integer', customer_id: 'integer',
  created_at: 'timestamptz', updated_at: 'timestamptz',
});

const RATINGS: readonly (readonly [number, number])[] = [[1, 5], [2, 7], [3, 13], [4, 30], [5, 45]];

/**
 * Reviews of delivered purchases, written within 45 days of delivery; a customer reviews
 * a product at most once (best effort: after 20 clashes a duplicate pair is accepted).
 */
export function generateReviews(rnd: Random, scale: number, purchases: readonly Purchase[], customerCount: number): TableData {
  const count = REVIEWS_PER_SCALE * scale;
  const delivered = purchases.filter((purchase) => purchase.delivered);
  const pool = delivered.length > 0 ? delivered : purchases;
  const seen = new Set<number>();
  const drafts = Array.from({ length: count }, () => {
    let purchase = rnd.pick(pool);
    for (let attempt = 0; attempt < 20 && seen.has(purchase.product * customerCount + purchase.customer); attempt++) {
      purchase = rnd.pick(pool);
    }
    seen.add(purchase.product * customerCount + purchase.customer);
    const created = rnd.time(Math.min(END, purchase.at + DAY), Math.min(END, purchase.at + 45 * DAY));
    return { product: purchase.product, customer: purchase.customer, created };
  }).sort((a, b) => a.created - b.created);

  const rows = drafts.map(({ product, customer, created }, index) => {
    const rating = rnd.weighted(RATINGS);
    const sentences = REVIEW_SENTENCES[rating - 1];
    const body = rnd.chance(0.15) ? '' : rnd.shuffle([...sentences]).slice(0, rnd.int(1, 3)).join(' ');
    return [
      index + 1, rating, rnd.pick(REVIEW_TITLES[rating - 1]), body, product + 1, customer + 1,
      iso(created), iso(rnd.updatedAfter(created, 0.9)),
    ];
  });
  return { columns: REVIEW_COLUMNS, rows };
}
