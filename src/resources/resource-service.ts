import type { EntityManager } from '@mikro-orm/postgresql';
import { hashPassword } from '../auth/passwords';
import type { RequestScope } from '../auth/request-scope';
import { assertCanRead, assertCanWrite, rowFilter } from '../auth/rules';
import { NotFound, ValidationError } from '../errors';
import type { Limits } from '../limits/limits';
import { QUOTA_EXCEEDED_SQLSTATE, QuotaExceeded, writeSettingsSql, type Quota } from '../limits/quota';
import { currentDeadline } from '../db/request-deadline';
import { readQuery } from '../sql/read';
import type { RowRule } from '../sql/where-sql';
import { validationErrorFromDatabase } from './db-errors';
import { byId, rowId, type ReadQuery, type ReadResult, type Row, type Selection } from './read-query';
import type { ResourceRegistry, ResourceSpec } from './registry';
import { replacePivotRows } from './pivot-write';
import { takenUniqueFields } from './unique-check';
import { validateInput, type WriteMode } from './validate-input';

type Entity = Record<string, unknown>;

/**
 * The only road to domain data for every door (REST, GraphQL, admin): reads
 * and writes one resource through the request's EntityManager (forked for its
 * client's schema), applying the access rules and validation. Knows nothing of
 * HTTP or GraphQL; takes a scope, a resource and a transport-free query or input.
 */
export class ResourceService {
  constructor(
    readonly registry: ResourceRegistry,
    readonly limits: Limits,
    /** What a client may hold: every write transaction states it for the usage triggers (migrations/…_usage.ts). */
    private readonly quota: Quota,
  ) {}

  /**
   * A read of one resource, with the row rules applied at every level it reaches: the page's rows
   * in each shape asked for, the count, and the ids of each check that do not exist. The SQL is
   * compiled below (src/sql/read.ts) for the request's schema.
   */
  async read(scope: RequestScope, spec: ResourceSpec, query: ReadQuery): Promise<ReadResult> {
    assertCanRead(scope);
    return readQuery(scope.em, this.registry, spec, query, this.rowRule(scope), { maxRelated: this.limits.maxRelatedItems, maxBytes: this.limits.maxResponseBytes });
  }

  /** One row by id in REST's shape (every field), or NotFound. */
  async retrieve(scope: RequestScope, spec: ResourceSpec, id: unknown, select: Selection = { fields: 'all', relations: [] }): Promise<Row> {
    const { shapes } = await this.read(scope, spec, { where: byId(spec, id), ordering: [], count: false, shapes: [{ key: 'items', select }], form: 'rows' });
    const [row] = shapes.items;
    if (!row) throw new NotFound();
    return row;
  }

  async create(scope: RequestScope, spec: ResourceSpec, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    assertCanWrite(scope);
    const em = scope.em;
    const values = await this.validated(em, spec, body, 'create', undefined);
    const entity = await this.write(spec, () =>
      em.transactional(async (tx) => {
        await this.stateWriteSettings(tx);
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
    const key = (entity as Entity).id as number;
    const values = await this.validated(em, spec, body, partial ? 'patch' : 'replace', key);
    // Many-to-many fields are written as pivot rows (pivot-write.ts), the rest through the entity.
    const collections = spec.fields.filter((field) => field.kind === 'collection' && field.property in values).map((field) => ({ field, ids: values[field.property] as number[] }));
    for (const { field } of collections) delete values[field.property];
    await this.write(spec, () =>
      em.transactional(async (tx) => {
        await this.stateWriteSettings(tx);
        tx.assign(entity, values as never, { updateByPrimaryKey: false });
        await tx.flush();
        for (const { field, ids } of collections) await replacePivotRows(tx, field, key, ids);
      }),
    );
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
          await this.stateWriteSettings(tx);
          tx.remove(entity);
          await tx.flush();
        }),
      'delete',
    );
  }

  /** The resource's row rule for this caller (users in `public`: the caller's own row), as a condition. */
  private rowRule(scope: RequestScope): RowRule {
    return (spec) => {
      const own = this.ownRow(scope, spec);
      return own.length ? byId(spec, own[0]) : undefined;
    };
  }

  /** The resource's row rule as ids the row must have (users in `public`: the caller's own). */
  private ownRow(scope: RequestScope, spec: ResourceSpec): number[] {
    const filter = rowFilter(scope, spec.options);
    return filter ? [filter.id] : [];
  }

  private async find(em: EntityManager, scope: RequestScope, spec: ResourceSpec, id: unknown): Promise<object> {
    const key = rowId(id);
    const own = this.ownRow(scope, spec);
    if (own.length && own[0] !== key) throw new NotFound();
    const entity = await em.findOne(spec.name, { id: key } as never);
    if (!entity) throw new NotFound();
    return entity as object;
  }

  /** Field validation, one statement for every unique value, then one query per relation to check every referenced id exists. */
  private async validated(em: EntityManager, spec: ResourceSpec, body: Record<string, unknown>, mode: WriteMode, id: number | undefined): Promise<Record<string, unknown>> {
    const { values, errors, references, unique } = validateInput(spec, body, mode);
    for (const field of await takenUniqueFields(em, spec, unique, id)) errors[field.name] = [`${spec.verbose} with this ${field.name.replaceAll('_', ' ')} already exists.`];
    for (const { field, ids } of references) {
      if (errors[field.name]) continue;
      const found = await em.find(field.target!, { id: { $in: ids } } as never, { fields: ['id'] as never });
      const existing = new Set(found.map((row) => (row as Entity).id));
      const missing = ids.find((one) => !existing.has(one));
      if (missing !== undefined) errors[field.name] = [`Invalid pk "${missing}" - object does not exist.`];
    }
    // In the serializer's field order, as DRF lists them.
    if (Object.keys(errors).length) throw new ValidationError(Object.fromEntries(spec.fields.filter((field) => errors[field.name]).map((field) => [field.name, errors[field.name]])));
    for (const name of spec.options.passwordFields ?? []) {
      const field = spec.fields.find((candidate) => candidate.name === name);
      if (field && typeof values[field.property] === 'string') values[field.property] = await hashPassword(values[field.property] as string);
    }
    return values;
  }

  /** The quota the usage triggers enforce, and the request's remaining deadline for each statement of the transaction. */
  private async stateWriteSettings(tx: EntityManager): Promise<void> {
    const { sql, params } = writeSettingsSql(this.quota, currentDeadline()?.remainingMs() ?? 0);
    await tx.execute(sql, params);
  }

  private async write<T>(spec: ResourceSpec, work: () => Promise<T>, operation: 'write' | 'delete' = 'write'): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if ((error as { code?: string }).code === QUOTA_EXCEEDED_SQLSTATE) throw new QuotaExceeded((error as Error).message);
      throw validationErrorFromDatabase(spec, error, operation) ?? error;
    }
  }
}
