import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { hashPassword } from '../auth/passwords';
import type { RequestScope } from '../auth/request-scope';
import { assertCanRead, assertCanWrite, rowFilter } from '../auth/rules';
import { NotFound, ValidationError } from '../errors';
import { validationErrorFromDatabase } from './db-errors';
import { whereOf } from './filters';
import type { ListQuery } from './list-query';
import type { FieldSpec, ResourceRegistry, ResourceSpec } from './registry';
import { RowReader } from './read-rows';
import { serialize } from './serialize';
import { validateInput, type WriteMode } from './validate-input';

export interface Page {
  count: number;
  items: Record<string, unknown>[];
}

type Entity = Record<string, unknown>;

/**
 * The only road to domain data for every door (REST, GraphQL, admin): reads
 * and writes one resource through the request's EntityManager (forked for its
 * client's schema), applying the access rules and validation. Knows nothing of
 * HTTP or GraphQL; takes a scope, a resource and plain input.
 */
export class ResourceService {
  private readonly reader: RowReader;

  constructor(readonly registry: ResourceRegistry) {
    this.reader = new RowReader(registry);
  }

  async list(scope: RequestScope, spec: ResourceSpec, query: ListQuery): Promise<Page> {
    assertCanRead(scope);
    const where = whereOf(spec, query, rowFilter(scope, spec.options));
    const orderBy = [
      ...query.ordering.map(({ field, descending }) => ({ [field.property]: descending ? ('desc' as const) : ('asc' as const) })),
      { id: 'asc' as const },
    ];
    const [count, rows] = await Promise.all([
      this.reader.count(scope.em, spec, where),
      this.reader.read(scope.em, spec, where, { orderBy, limit: query.pageSize, offset: (query.page - 1) * query.pageSize, expand: query.expand }),
    ]);
    return { count, items: rows.map((row) => serialize(this.registry, spec, row)) };
  }

  async retrieve(scope: RequestScope, spec: ResourceSpec, id: unknown, expand: FieldSpec[] = []): Promise<Record<string, unknown>> {
    assertCanRead(scope);
    const [row] = await this.reader.read(scope.em, spec, this.byId(scope, spec, id), { expand });
    if (!row) throw new NotFound();
    return serialize(this.registry, spec, row);
  }

  async create(scope: RequestScope, spec: ResourceSpec, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    assertCanWrite(scope);
    const em = scope.em;
    const values = await this.validated(em, spec, body, 'create');
    const entity = await this.write(spec, () =>
      em.transactional(async (tx) => {
        const created = tx.create(spec.name, values as never) as object;
        await tx.flush();
        return created;
      }),
    );
    return this.retrieve(scope, spec, (entity as Entity).id);
  }

  async update(scope: RequestScope, spec: ResourceSpec, id: unknown, body: Record<string, unknown>, partial: boolean): Promise<Record<string, unknown>> {
    assertCanWrite(scope);
    const em = scope.em;
    const entity = await this.find(em, scope, spec, id);
    const values = await this.validated(em, spec, body, partial ? 'patch' : 'replace');
    await this.write(spec, () =>
      em.transactional(async (tx) => {
        tx.assign(entity, values as never, { updateByPrimaryKey: false });
        await tx.flush();
      }),
    );
    em.clear();
    return this.retrieve(scope, spec, id);
  }

  async destroy(scope: RequestScope, spec: ResourceSpec, id: unknown): Promise<void> {
    assertCanWrite(scope);
    const em = scope.em;
    const entity = await this.find(em, scope, spec, id);
    await this.write(
      spec,
      () =>
        em.transactional(async (tx) => {
          tx.remove(entity);
          await tx.flush();
        }),
      'delete',
    );
  }

  /** `{ id }` plus the resource's row rule; an id that is not a positive integer matches nothing (404). */
  private byId(scope: RequestScope, spec: ResourceSpec, id: unknown): FilterQuery<object> {
    const key = typeof id === 'number' ? id : /^\d{1,9}$/.test(String(id)) ? Number(id) : undefined;
    if (key === undefined || key < 1) throw new NotFound();
    return { $and: [{ id: key }, rowFilter(scope, spec.options) ?? {}] };
  }

  private async find(em: EntityManager, scope: RequestScope, spec: ResourceSpec, id: unknown): Promise<object> {
    const entity = await em.findOne(spec.name, this.byId(scope, spec, id) as never);
    if (!entity) throw new NotFound();
    return entity as object;
  }

  /** Field validation, then one query per relation to check every referenced id exists. */
  private async validated(em: EntityManager, spec: ResourceSpec, body: Record<string, unknown>, mode: WriteMode): Promise<Record<string, unknown>> {
    const { values, errors, references } = validateInput(spec, body, mode);
    for (const { field, ids } of references) {
      if (errors[field.name]) continue;
      const found = await em.find(field.target!, { id: { $in: ids } } as never, { fields: ['id'] as never });
      const existing = new Set(found.map((row) => (row as Entity).id));
      const missing = ids.find((one) => !existing.has(one));
      if (missing !== undefined) errors[field.name] = [`Invalid pk "${missing}" - object does not exist.`];
    }
    if (Object.keys(errors).length) throw new ValidationError(errors);
    for (const name of spec.options.passwordFields ?? []) {
      const field = spec.fields.find((candidate) => candidate.name === name);
      if (field && typeof values[field.property] === 'string') values[field.property] = await hashPassword(values[field.property] as string);
    }
    return values;
  }

  private async write<T>(spec: ResourceSpec, work: () => Promise<T>, operation: 'write' | 'delete' = 'write'): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw validationErrorFromDatabase(spec, error, operation) ?? error;
    }
  }
}
