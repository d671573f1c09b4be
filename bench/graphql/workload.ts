/**
 * Workload W (issue 6): one page of 20 products ordered by id, each with its category {id, name}, its
 * tags {id, name} and its 3 most recent reviews {id, rating, title}, plus the total count. Each server
 * spells it in its own schema; `normalize` brings every answer to one shape so the benchmark can check
 * that all of them return the same rows before it measures anything.
 */
export interface WorkloadPage {
  totalCount: number;
  products: Array<{ id: string; category: string | null; tags: string[]; reviews: string[] }>;
}

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- answers of four different schemas

export const ourQuery = `{ products(pageSize: 20, orderBy: [{ id: ASC }]) { totalCount items { id name price
  category { id name } tags { id name } reviews(orderBy: [{ createdAt: DESC }], pageSize: 3) { id rating title } } } }`;

export function normalizeOurs(result: Json): WorkloadPage {
  const products = result.data.products;
  return {
    totalCount: products.totalCount,
    products: products.items.map((product: Json) => ({
      id: String(product.id),
      category: product.category ? String(product.category.id) : null,
      tags: product.tags.map((tag: Json) => String(tag.id)).sort(),
      reviews: product.reviews.map((review: Json) => String(review.id)),
    })),
  };
}

/** PostGraphile's spelling: `id` is the column in v4 and `rowId` in v5 (where `id` is the node id). */
export function postGraphileQuery(idField: 'id' | 'rowId'): string {
  return `{ allProducts(first: 20, orderBy: [${idField === 'id' ? 'ID_ASC' : 'ROW_ID_ASC'}]) { totalCount nodes { ${idField} name price
    categoryByCategoryId { ${idField} name } productTagsByProductId { nodes { tagByTagId { ${idField} name } } }
    reviewsByProductId(first: 3, orderBy: [CREATED_AT_DESC, ${idField === 'id' ? 'ID_ASC' : 'ROW_ID_ASC'}]) { nodes { ${idField} rating title } } } } }`;
}

export function normalizePostGraphile(idField: 'id' | 'rowId') {
  return (result: Json): WorkloadPage => {
    const products = result.data.allProducts;
    return {
      totalCount: products.totalCount,
      products: products.nodes.map((product: Json) => ({
        id: String(product[idField]),
        category: product.categoryByCategoryId ? String(product.categoryByCategoryId[idField]) : null,
        tags: product.productTagsByProductId.nodes.map((link: Json) => String(link.tagByTagId[idField])).sort(),
        reviews: product.reviewsByProductId.nodes.map((review: Json) => String(review[idField])),
      })),
    };
  };
}
