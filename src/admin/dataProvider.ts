import type { CreateParams, DataProvider, GetListParams, GetManyParams, GetManyReferenceParams, GetOneParams, RaRecord, UpdateParams } from 'react-admin';
import { api } from './api';

/** DRF's page size ceiling (MAX_PAGE_SIZE on the server). */
const MAX_PAGE_SIZE = 100;

interface Page<R> {
  count: number;
  results: R[];
}

const base = (resource: string) => `/api/${resource}/`;
const one = (resource: string, id: unknown) => `/api/${resource}/${encodeURIComponent(String(id))}/`;

/**
 * react-admin filters → django-filter parameters: `q` is DRF's `search`, a list is `__in`
 * (comma-separated), anything else goes as is (`category`, `name__icontains`, `price__gte`).
 */
function filterParameters(filter: Record<string, unknown>, query: URLSearchParams): void {
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    if (key === 'q') query.set('search', String(value));
    else if (Array.isArray(value)) query.set(key.includes('__') ? key : `${key}__in`, value.join(','));
    else query.set(key, value === null ? 'true' : String(value));
  }
}

function listUrl(resource: string, { pagination, sort, filter }: Partial<GetListParams>): string {
  const query = new URLSearchParams();
  if (pagination) {
    query.set('page', String(pagination.page));
    query.set('page_size', String(Math.min(pagination.perPage, MAX_PAGE_SIZE)));
  }
  if (sort?.field) query.set('ordering', `${sort.order === 'DESC' ? '-' : ''}${sort.field}`);
  filterParameters(filter ?? {}, query);
  return `${base(resource)}?${query}`;
}

/** Only what changed: a PATCH of the fields the form touched (read-only ones never change). */
function changes(data: Record<string, unknown>, previous: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!previous) return data;
  return Object.fromEntries(Object.entries(data).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(previous[key])));
}

/** react-admin over DRF's ModelViewSets (`/api/<resource>/`), with the session cookie. */
export const dataProvider: DataProvider = {
  async getList<R extends RaRecord>(resource: string, params: GetListParams) {
    const page = await api<Page<R>>(listUrl(resource, params));
    return { data: page.results, total: page.count };
  },
  async getOne<R extends RaRecord>(resource: string, { id }: GetOneParams<R>) {
    return { data: await api<R>(one(resource, id)) };
  },
  async getMany<R extends RaRecord>(resource: string, { ids }: GetManyParams<R>) {
    const data: R[] = [];
    for (let start = 0; start < ids.length; start += MAX_PAGE_SIZE) {
      const chunk = ids.slice(start, start + MAX_PAGE_SIZE);
      const page = await api<Page<R>>(listUrl(resource, { pagination: { page: 1, perPage: MAX_PAGE_SIZE }, filter: { id__in: chunk.join(',') } }));
      data.push(...page.results);
    }
    return { data };
  },
  async getManyReference<R extends RaRecord>(resource: string, { target, id, ...params }: GetManyReferenceParams) {
    const page = await api<Page<R>>(listUrl(resource, { ...params, filter: { ...params.filter, [target]: id } }));
    return { data: page.results, total: page.count };
  },
  async create<R extends RaRecord>(resource: string, { data }: CreateParams) {
    return { data: await api<R>(base(resource), { method: 'POST', body: data }) };
  },
  async update<R extends RaRecord>(resource: string, { id, data, previousData }: UpdateParams<R>) {
    return { data: await api<R>(one(resource, id), { method: 'PATCH', body: changes(data, previousData) }) };
  },
  async updateMany(resource, { ids, data }) {
    for (const id of ids) await api(one(resource, id), { method: 'PATCH', body: data });
    return { data: ids };
  },
  async delete(resource, { id, previousData }) {
    await api(one(resource, id), { method: 'DELETE' });
    return { data: (previousData ?? { id }) as never };
  },
  async deleteMany(resource, { ids }) {
    for (const id of ids) await api(one(resource, id), { method: 'DELETE' });
    return { data: ids };
  },
};
