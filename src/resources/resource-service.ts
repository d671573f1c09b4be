import type { EntityManager } from '@mikro-orm/postgresql';
import { hashPassword } from '../auth/passwords';
import type { RequestScope } from '../auth/request-scope';
import { assertCanRead, assertCanWrite, rowFilter } from '../auth/rules';
import { NotFound, ValidationError } from '../errors';
import type { Limits } from '../limits/limits';
import { QUOTA_EXCEEDED_SQLSTATE, QuotaExceeded, writeSettingsSql, type Quota } from '../limits/quota';
import { currentDeadline } from '../db/request-deadline';
import { validationErrorFromDatabase } from './db-errors';
import type { Expansion, ListQuery, Ordering, ReferenceCheck } from './list-query';
import type { FieldSpec, ResourceRegistry, ResourceSpec } from './registry';
import { joinConditions, RowReader, whereOf, type ChildrenOptions, type Condition, type ReadOptions, type Row } from './read-rows';
import { readTree, type TreeSelection, type Visible } from './read-tree';
import { serialize } from './serialize';
import { replacePivotRows } from './pivot-write';
import { takenUniqueFields } from './unique-check';
import { validateInput, type WriteMode } from './validate-input';

export interface Page {
  count: number;
  items: Record<string, unknown>[];
  /** Per reference check, the ids that do not exist. */
  missing: number[][];
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

  constructor(
    readonly registry: ResourceRegistry,
    readonly limits: Limits,
    /** What a client may hold: every write transaction states it for the usage triggers (migrations/…_usage.ts). */
    private readonly quota: Quota,
  ) {
    this.reader = new RowReader(registry);
  }

  /** A page of serialized rows, the total, and for each check the ids it names that do not exist. */
  async list(scope: RequestScope, spec: ResourceSpec, query: ListQuery, checks: readonly ReferenceCheck[] = []): Promise<Page> {
    const { count, rows, missing } = await this.page(scope, spec, whereOf(spec, scope.schema, query), query, checks);
    return { count, items: rows.map((row) => serialize(this.registry, spec, row)), missing };
  }

  /** For each check, the ids it names that do not exist (none checked: no statement). */
  async missingReferences(scope: RequestScope, checks: readonly ReferenceCheck[]): Promise<number[][]> {
    assertCanRead(scope);
    return this.reader.missing(scope.em, checks);
  }

  /** A page of rows keyed by property (GraphQL's shape) and the total, for any condition. */
  async page(
    scope: RequestScope,
    spec: ResourceSpec,
    where: Condition,
    query: Pick<ListQuery, 'ordering' | 'page' | 'pageSize'> & Pick<ReadOptions, 'expand' | 'fields'>,
    checks: readonly ReferenceCheck[] = [],
  ): Promise<{ count: number; rows: Row[]; missing: number[][] }> {
    assertCanRead(scope);
    const condition = this.visible(scope, spec, where);
    const [{ count, missing }, rows] = await Promise.all([
      this.reader.countAndMissing(scope.em, spec, condition, checks),
      this.reader.read(scope.em, spec, condition, {
        ordering: query.ordering,
        limit: query.pageSize,
        offset: (query.page - 1) * query.pageSize,
        expand: query.expand,
        fields: query.fields,
      }),
    ]);
    return { count, rows, missing };
  }

  /**
   * A page (or one row: pageSize 1) with the relations `select` asks for, to any depth, in one
   * statement: GraphQL's reads. The row rules apply at every level.
   */
  async tree(
    scope: RequestScope,
    spec: ResourceSpec,
    where: Condition,
    query: Pick<ListQuery, 'ordering' | 'page' | 'pageSize'> & { count: boolean },
    select: TreeSelection,
  ): Promise<{ count?: number; rows: Row[] }> {
    assertCanRead(scope);
    const page = { ordering: query.ordering, limit: query.pageSize, offset: (query.page - 1) * query.pageSize, count: query.count };
    const bounds = { maxRelated: this.limits.maxRelatedItems, maxBytes: this.limits.maxResponseBytes };
    return readTree(scope.em, spec, this.visible(scope, spec, where), page, select, (target, condition) => this.visible(scope, target, condition), bounds);
  }

  /** Children of many parents through a one-to-many relation, `limit` each, in one statement. */
  async childrenOf(
    scope: RequestScope,
    spec: ResourceSpec,
    parentColumn: string,
    parentIds: readonly number[],
    where: Condition,
    options: ChildrenOptions,
  ): Promise<Row[]> {
    assertCanRead(scope);
    if (parentIds.length === 0) return [];
    return this.reader.readPerParent(scope.em, spec, parentColumn, parentIds, this.visible(scope, spec, where), options);
  }

  /** Rows by id, in one statement (GraphQL's batched relation loads). */
  async rowsByIds(scope: RequestScope, spec: ResourceSpec, ids: readonly number[]): Promise<Row[]> {
    assertCanRead(scope);
    if (ids.length === 0) return [];
    return this.reader.read(scope.em, spec, this.visible(scope, spec, { sql: 'e."id" in (?)', params: [[...ids]] }));
  }

  async retrieve(scope: RequestScope, spec: ResourceSpec, id: unknown, expand: Expansion[] = []): Promise<Record<string, unknown>> {
    assertCanRead(scope);
    const [row] = await this.reader.read(scope.em, spec, this.visible(scope, spec, { sql: 'e."id" = ?', params: [this.key(id)] }), { expand });
    if (!row) throw new NotFound();
    return serialize(this.registry, spec, row);
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

  /** An id that is not a positive integer matches nothing: 404, as DRF's lookup does. */
  private key(id: unknown): number {
    const key = typeof id === 'number' ? id : /^\d{1,9}$/.test(String(id)) ? Number(id) : undefined;
    if (key === undefined || key < 1) throw new NotFound();
    return key;
  }

  /** The row rules of the caller, for conditions that reach other resources (a relation filter's related rows). */
  rowRule(scope: RequestScope): Visible {
    return (spec, where) => this.visible(scope, spec, where);
  }

  /** `where`, narrowed by the resource's row rule (users in `public`: the caller's own row). */
  private visible(scope: RequestScope, spec: ResourceSpec, where: Condition): Condition {
    const own = this.ownRow(scope, spec);
    return own.length ? joinConditions([where, { sql: 'e."id" = ?', params: own }], 'and') : where;
  }

  /** The resource's row rule as ids the row must have (users in `public`: the caller's own). */
  private ownRow(scope: RequestScope, spec: ResourceSpec): number[] {
    const filter = rowFilter(scope, spec.options);
    return filter ? [filter.id] : [];
  }

  private async find(em: EntityManager, scope: RequestScope, spec: ResourceSpec, id: unknown): Promise<object> {
    const key = this.key(id);
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
