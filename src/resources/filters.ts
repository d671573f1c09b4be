import type { FilterQuery } from '@mikro-orm/core';
import type { Filter, ListQuery } from './list-query';
import type { ResourceSpec } from './registry';

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function condition({ lookup, value }: Filter): unknown {
  switch (lookup) {
    case 'exact':
      return value;
    case 'iexact':
      return { $ilike: escapeLike(String(value)) };
    case 'contains':
      return { $like: `%${escapeLike(String(value))}%` };
    case 'icontains':
      return { $ilike: `%${escapeLike(String(value))}%` };
    case 'startswith':
      return { $like: `${escapeLike(String(value))}%` };
    case 'istartswith':
      return { $ilike: `${escapeLike(String(value))}%` };
    case 'gt':
      return { $gt: value };
    case 'gte':
      return { $gte: value };
    case 'lt':
      return { $lt: value };
    case 'lte':
      return { $lte: value };
    case 'in':
      return { $in: value };
    case 'range': {
      const [from, to] = value as [unknown, unknown];
      return { $gte: from, $lte: to };
    }
    case 'isnull':
      return value ? null : { $ne: null };
  }
}

/** A ListQuery's filters and search terms as one MikroORM condition (AND of everything). */
export function whereOf(spec: ResourceSpec, query: Pick<ListQuery, 'filters' | 'search'>, extra?: object): FilterQuery<object> {
  const and: object[] = query.filters.map((filter) => ({ [filter.field.property]: condition(filter) }));
  const searchable = spec.fields.filter((field) => spec.searchFields.includes(field.name));
  for (const term of query.search) {
    and.push({ $or: searchable.map((field) => ({ [field.property]: { $ilike: `%${escapeLike(term)}%` } })) });
  }
  if (extra) and.push(extra);
  return and.length ? { $and: and } : {};
}
