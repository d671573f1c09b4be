import { hashPassword } from '../auth/passwords';
import type { RequestScope } from '../auth/request-scope';
import { assertCanRead, assertCanWrite, rowFilter } from '../auth/rules';
import { NotFound, ValidationError } from '../errors';
import type { Limits } from '../limits/limits';
import { QUOTA_EXCEEDED_SQLSTATE, QuotaExceeded, type Quota } from '../limits/quota';
import { readQuery } from '../sql/read';
import type { TreeBounds } from '../sql/tree-statement';
import type { RowRule } from '../sql/where-sql';
import { writeQuery, type WriteRun } from '../sql/write';
import type { WriteCommand } from '../sql/write-statement';
import { validationErrorFromDatabase } from './db-errors';
import { byId, rowId, type ReadQuery, type ReadResult, type Row, type Selection } from './read-query';
import type { ResourceRegistry, ResourceSpec } from './registry';
import { validateInput, type WriteMode } from './validate-input';

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
    return readQuery(scope.em, this.registry, spec, query, this.rowRule(scope), this.bounds());
  }

  /** One row by id in REST's shape (every field), or NotFound. */
  async retrieve(scope: RequestScope, spec: ResourceSpec, id: unknown, select: Selection = { fields: 'all', relations: [] }): Promise<Row> {
    const { shapes } = await this.read(scope, spec, { where: byId(spec, id), ordering: [], count: false, shapes: [{ key: 'items', select }], form: 'rows' });
    const [row] = shapes.items;
    if (!row) throw new NotFound();
    return row;
  }

  /**
   * Creates a row from input keyed by entity properties (relations as ids, many-to-many fields as id
   * lists): the row as written, every readable field, or with `shape` that selection of it read in
   * the same round trip (a GraphQL mutation's answer).
   */
  create(scope: RequestScope, spec: ResourceSpec, input: Record<string, unknown>, shape?: Selection): Promise<Row> {
    return this.save(scope, spec, undefined, input, 'create', shape);
  }

  /** Updates the row (`partial`: only the fields given, as PATCH), answering as `create` does. */
  update(scope: RequestScope, spec: ResourceSpec, id: unknown, input: Record<string, unknown>, partial: boolean, shape?: Selection): Promise<Row> {
    return this.save(scope, spec, rowId(id), input, partial ? 'patch' : 'replace', shape);
  }

  async destroy(scope: RequestScope, spec: ResourceSpec, id: unknown): Promise<void> {
    assertCanWrite(scope);
    const { answer } = await this.write(scope, spec, { command: { kind: 'delete', id: rowId(id) }, checks: { unique: [], references: [] } }, 'delete');
    if (!answer.found) throw new NotFound();
  }

  /**
   * A create or update as one statement (src/sql/write-statement.ts): the database confirms the
   * unique values and referenced ids as it writes. A body already refused field by field runs the
   * checks alone, so its 400 still lists every field's errors at once, in the serializer's order.
   */
  private async save(scope: RequestScope, spec: ResourceSpec, id: number | undefined, input: Record<string, unknown>, mode: WriteMode, shape?: Selection): Promise<Row> {
    assertCanWrite(scope);
    const { values, errors, references, unique } = validateInput(spec, input, mode);
    const refused = Object.keys(errors).length > 0;
    if (!refused) await this.hashPasswords(spec, values);
    const command: WriteCommand = id === undefined ? { kind: 'create', values } : { kind: 'update', id, values };
    const readBack: WriteRun['readBack'] = shape && { query: { where: { kind: 'written' }, ordering: [], count: false, shapes: [{ key: 'items', select: shape }], form: 'json' }, bounds: this.bounds() };
    const { answer, read } = await this.write(scope, spec, { command, checks: { unique, references }, checkOnly: refused, readBack });
    if (!answer.found) throw new NotFound();
    for (const field of answer.taken) errors[field.property] = [`${spec.verbose} with this ${field.name.replaceAll('_', ' ')} already exists.`];
    for (const { field, id: missing } of answer.missing) errors[field.property] = [`Invalid pk "${missing}" - object does not exist.`];
    // In the serializer's field order, as DRF lists them.
    if (Object.keys(errors).length) throw new ValidationError(Object.fromEntries(spec.fields.filter((field) => errors[field.property]).map((field) => [field.property, errors[field.property]])));
    return read ? read.shapes.items[0] : answer.row!;
  }

  private async hashPasswords(spec: ResourceSpec, values: Record<string, unknown>): Promise<void> {
    for (const name of spec.options.passwordFields ?? []) {
      const field = spec.fields.find((candidate) => candidate.name === name);
      if (field && typeof values[field.property] === 'string') values[field.property] = await hashPassword(values[field.property] as string);
    }
  }

  /** The write on the request's EntityManager, the database's refusals mapped onto fields (db-errors.ts). */
  private async write(scope: RequestScope, spec: ResourceSpec, run: Omit<WriteRun, 'quota'>, operation: 'write' | 'delete' = 'write'): ReturnType<typeof writeQuery> {
    try {
      return await writeQuery(scope.em, this.registry, spec, this.rowRule(scope), { ...run, quota: this.quota });
    } catch (error) {
      if ((error as { code?: string }).code === QUOTA_EXCEEDED_SQLSTATE) throw new QuotaExceeded((error as Error).message);
      throw validationErrorFromDatabase(spec, error, operation) ?? error;
    }
  }

  private bounds(): TreeBounds {
    return { maxRelated: this.limits.maxRelatedItems, maxBytes: this.limits.maxResponseBytes };
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
}
