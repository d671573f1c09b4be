import { DAY, END, LAUNCH, START, iso, money, slugify, type Random } from './random';
import { columns, type TableData } from './types';
import {
  CATEGORY_BLURBS,
  DEPARTMENTS,
  DEPARTMENTS_PER_TREE,
  PRODUCT_ADJECTIVES,
  PRODUCT_BLURBS,
  SUBCATEGORIES_PER_DEPARTMENT,
  TAG_NAMES,
  TAGS_PER_SCALE,
  type Department,
} from './vocabulary';

export const PRODUCTS_PER_SCALE = 2000;
export const TAGS_PER_PRODUCT = 3;

const CATEGORY_COLUMNS = columns({
  id: 'integer', name: 'text', slug: 'text', description: 'text', parent_id: 'integer',
  created_at: 'timestamptz', updated_at: 'timestamptz',
});
const TAG_COLUMNS = columns({ id: 'integer', name: 'text', created_at: 'timestamptz', updated_at: 'timestamptz' });
const PRODUCT_COLUMNS = columns({
  id: 'integer', sku: 'text', name: 'text', description: 'text', price: 'numeric', stock: 'integer', is_active: 'boolean',
  attributes: 'jsonb', category_id: 'integer', created_at: 'timestamptz', updated_at: 'timestamptz',
});
const PRODUCT_TAG_COLUMNS = columns({ product_id: 'integer', tag_id: 'integer' });

interface CategoryNode {
  id: number;
  department: Department;
  /** Product nouns sold here (a department sells those of all its subcategories). */
  nouns: readonly string[];
  /** "KIT-COO": the SKU prefix. */
  code: string;
}

export interface Catalog {
  categories: TableData;
  tags: TableData;
  products: TableData;
  productTags: TableData;
  /** created_at (epoch ms) of product id i + 1, ascending. */
  productCreated: number[];
  /** Price in cents of product id i + 1. */
  productPrice: number[];
}

const code = (name: string): string => name.replace(/[^A-Za-z]/g, '').slice(0, 3).toUpperCase();

/** `scale` category trees of 6 departments × 4 subcategories; replicas after the first get a " 2", " 3"… suffix. */
function generateCategories(rnd: Random, scale: number) {
  const rows: unknown[][] = [];
  const departments: CategoryNode[] = [];
  const leaves: CategoryNode[] = [];
  const add = (baseName: string, suffix: string, parentId: number | null) => {
    const description = rnd.chance(0.1) ? '' : rnd.pick(CATEGORY_BLURBS)(baseName.toLowerCase());
    rows.push([rows.length + 1, baseName + suffix, slugify(baseName + suffix), description, parentId]);
    return rows.length;
  };
  for (let replica = 0; replica < scale; replica++) {
    const suffix = replica === 0 ? '' : ` ${replica + 1}`;
    for (const department of rnd.shuffle([...DEPARTMENTS]).slice(0, DEPARTMENTS_PER_TREE)) {
      const nouns = Object.values(department.subcategories).flat();
      const parentId = add(department.name, suffix, null);
      departments.push({ id: parentId, department, nouns, code: `${code(department.name)}-GEN` });
      const subcategories = rnd.shuffle(Object.keys(department.subcategories)).slice(0, SUBCATEGORIES_PER_DEPARTMENT);
      for (const name of subcategories) {
        const id = add(name, suffix, parentId);
        leaves.push({ id, department, nouns: department.subcategories[name], code: `${code(department.name)}-${code(name)}` });
      }
    }
  }
  // Parents precede children, and ids follow creation time: the whole tree is set up in the first fortnight.
  const created = rnd.sortedTimes(rows.length, START, START + 14 * DAY);
  rows.forEach((row, i) => row.push(iso(created[i]), iso(rnd.updatedAfter(created[i], 0.8))));
  return { table: { columns: CATEGORY_COLUMNS, rows }, departments, leaves };
}

function generateTags(rnd: Random, scale: number): TableData {
  const names = rnd.shuffle([...TAG_NAMES]).slice(0, TAGS_PER_SCALE);
  const count = TAGS_PER_SCALE * scale;
  const created = rnd.sortedTimes(count, START, LAUNCH);
  const rows = created.map((at, i) => {
    const replica = Math.floor(i / TAGS_PER_SCALE);
    const name = names[i % TAGS_PER_SCALE] + (replica === 0 ? '' : `-${replica + 1}`);
    return [i + 1, name, iso(at), iso(rnd.updatedAfter(at, 0.9))];
  });
  return { columns: TAG_COLUMNS, rows };
}

/** A price in cents within the department's range, skewed cheap, mostly ending in .99 or .00. */
function priceCents(rnd: Random, [low, high]: readonly [number, number]): number {
  const u = rnd.next();
  const cents = Math.round((low + (high - low) * u * u) * 100);
  const ending = rnd.next();
  if (ending < 0.6) return Math.floor(cents / 100) * 100 + 99;
  if (ending < 0.8) return Math.floor(cents / 100) * 100;
  return cents;
}

export function generateCatalog(rnd: Random, scale: number): Catalog {
  const { faker } = rnd;
  const categories = generateCategories(rnd, scale);
  const tags = generateTags(rnd, scale);
  const tagCount = tags.rows.length;

  const count = PRODUCTS_PER_SCALE * scale;
  // A quarter of the catalogue exists at launch; the rest is added over time (all before the last two months).
  const atLaunch = Math.floor(count / 4);
  const productCreated = [
    ...rnd.sortedTimes(atLaunch, START, LAUNCH),
    ...rnd.sortedTimes(count - atLaunch, LAUNCH, END - 60 * DAY),
  ];
  const productPrice: number[] = [];
  const rows: unknown[][] = [];
  const productTags: unknown[][] = [];
  for (let i = 0; i < count; i++) {
    const id = i + 1;
    const roll = rnd.next();
    const category = roll < 0.98 ? rnd.pick(categories.leaves) : roll < 0.99 ? rnd.pick(categories.departments) : null;
    const kind = category ?? rnd.pick(categories.leaves);
    const noun = rnd.pick(kind.nouns);
    const adjective = rnd.pick(PRODUCT_ADJECTIVES);
    const material = rnd.pick(kind.department.materials);
    const color = faker.color.human();
    const name = rnd.chance(0.35) ? `${adjective} ${material} ${noun}` : `${adjective} ${noun}`;
    const cents = priceCents(rnd, kind.department.price);
    productPrice.push(cents);
    const stock = rnd.chance(0.06) ? 0 : 1 + Math.floor(400 * rnd.next() ** 2);
    const weightKg = Math.round((0.05 + 20 * rnd.next() ** 3) * 100) / 100;
    const first = rnd.int(0, PRODUCT_BLURBS.length - 1);
    const second = (first + rnd.int(1, PRODUCT_BLURBS.length - 1)) % PRODUCT_BLURBS.length;
    const description = rnd.chance(0.05) ? '' : `${name}. ${PRODUCT_BLURBS[first]} ${PRODUCT_BLURBS[second]}`;
    const created = productCreated[i];
    rows.push([
      id, `${kind.code}-${String(id).padStart(6, '0')}`, name, description, money(cents), stock, rnd.chance(0.9),
      { color, material, weight_kg: weightKg }, category?.id ?? null, iso(created), iso(rnd.updatedAfter(created, 0.5)),
    ]);

    const chosen = new Set<number>();
    while (chosen.size < Math.min(TAGS_PER_PRODUCT, tagCount)) chosen.add(rnd.int(1, tagCount));
    for (const tagId of [...chosen].sort((a, b) => a - b)) productTags.push([id, tagId]);
  }
  return {
    categories: categories.table,
    tags,
    products: { columns: PRODUCT_COLUMNS, rows },
    productTags: { columns: PRODUCT_TAG_COLUMNS, rows: productTags },
    productCreated,
    productPrice,
  };
}
