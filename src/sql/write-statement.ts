import { byId, type Row } from '../resources/read-query';
import type { FieldSpec, ResourceRegistry, ResourceSpec } from '../resources/registry';
import { fieldValue, quote, tableOf, type Condition } from './sql-text';
import type { WhereCompiler } from './where-sql';

/** A write of one row, keyed by entity properties (relations as ids, many-to-many fields as id lists). */
export type WriteCommand =
  | { kind: 'create'; values: Record<string, unknown> }
  | { kind: 'update'; id: number; values: Record<string, unknown> }
  | { kind: 'delete'; id: number };

/** What the database must confirm before the row is written: unique values no other row holds, referenced ids that exist. */
export interface WriteChecks {
  unique: Array<{ field: FieldSpec; value: unknown }>;
  references: Array<{ field: FieldSpec; ids: number[] }>;
}

/** What the write statement answers: whether the row was there to write, each check's outcome, and the row as written. */
export interface WriteAnswer {
  found: boolean;
  /** The unique fields whose value another row holds. */
  taken: FieldSpec[];
  /** Per reference check, the first id that does not exist. */
  missing: Array<{ field: FieldSpec; id: number }>;
  /** The row as written (REST's rows form: every readable field), when it was; a delete answers its id. */
  row?: Row;
}

export interface WriteSettings {
  /** The quota the usage triggers enforce (migrations/…_usage.ts). */
  rowQuota: number;
  byteQuota: number;
  /** Also leave the written row's id where a `written` Where finds it, for a read in the same transaction. */
  markWritten: boolean;
}

/** The SQL type a value of this field is bound as: literals in `insert … select` have no column to take it from. */
function sqlType(field: FieldSpec): string {
  if (field.kind !== 'scalar') return 'int';
  switch (field.type) {
    case 'integer':
      return 'int';
    case 'decimal':
      return 'numeric';
    case 'boolean':
      return 'boolean';
    case 'datetime':
      return 'timestamptz';
    case 'json':
      return 'jsonb';
    default:
      return 'text';
  }
}

/** A value as its bound parameter: timestamps as ISO text, JSON as its text. */
function parameter(field: FieldSpec, value: unknown): unknown {
  if (value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (field.kind === 'scalar' && field.type === 'json') return JSON.stringify(value);
  return value;
}

/** Ids as one `int[]` parameter, its array literal (`{1,2}`): the same text whether bound or inlined. */
const idArray = (ids: readonly number[]): Condition => ({ sql: '?::int[]', params: [`{${ids.join(',')}}`] });

/** SQL pieces with their parameters, joined in text order (the order `?` placeholders are filled in). */
const fragment = (sql: string, ...params: unknown[]): Condition => ({ sql, params });
function joined(parts: readonly Condition[], separator: string): Condition {
  return { sql: parts.map((part) => part.sql).join(separator), params: parts.flatMap((part) => part.params) };
}

/**
 * One write as one SQL statement: the transaction's quota settings, the unique and reference checks,
 * the INSERT, UPDATE or DELETE with its RETURNING, and the many-to-many links, as data-modifying
 * CTEs. The row is written only if every check passes; the answer says which failed. Sent alone it
 * is its own transaction (one round trip, where MikroORM's unit of work took four: BEGIN, the write,
 * COMMIT and a read back). With `checkOnly` it is the checks alone (a body already refused).
 */
export function writeStatement(
  schema: string,
  registry: ResourceRegistry,
  where: WhereCompiler,
  spec: ResourceSpec,
  command: WriteCommand,
  checks: WriteChecks,
  settings: WriteSettings,
  checkOnly = false,
): { sql: string; params: unknown[]; answer(row: Row): WriteAnswer } {
  const table = tableOf(schema, spec);
  const id = command.kind === 'create' ? undefined : command.id;
  const target = id === undefined ? undefined : where.visible(spec, byId(spec, id));

  const checkColumns: Condition[] = [
    // update and delete: the row must be there, and visible to the caller (404 before any 400).
    target ? fragment(`exists (select 1 from ${table} e where ${target.sql}) as "__found"`, ...target.params) : fragment('true as "__found"'),
    ...checks.unique.map(({ field, value }, index) =>
      fragment(`exists (select 1 from ${table} e where e.${quote(field.columns[0])} = ?::${sqlType(field)} and e."id" is distinct from ?::int) as "__taken${index}"`, parameter(field, value), id ?? null),
    ),
    ...checks.references.map(({ field, ids }, index) => {
      const referenced = tableOf(schema, registry.get(field.target!)!);
      const given = idArray(ids);
      return fragment(
        `(select x.id from unnest(${given.sql}) with ordinality x(id, n) where not exists (select 1 from ${referenced} r where r."id" = x.id) order by x.n limit 1) as "__missing${index}"`,
        ...given.params,
      );
    }),
  ];
  const columns = joined(checkColumns, ', ');
  const settingsCte = fragment(
    `"settings" as (select set_config('sandbox.row_quota', ?::text, true) as "rows", set_config('sandbox.byte_quota', ?::text, true) as "bytes")`,
    String(settings.rowQuota),
    String(settings.byteQuota),
  );
  const checksCte = fragment(`"checks" as (select ${columns.sql} from "settings")`, ...columns.params);
  const passed = ['c."__found"', ...checks.unique.map((_u, index) => `not c."__taken${index}"`), ...checks.references.map((_r, index) => `c."__missing${index}" is null`)].join(' and ');

  const answer = (row: Row): WriteAnswer => ({
    found: row.__found as boolean,
    taken: checks.unique.filter((_u, index) => row[`__taken${index}`]).map(({ field }) => field),
    missing: checks.references.flatMap(({ field }, index) => (row[`__missing${index}`] == null ? [] : [{ field, id: row[`__missing${index}`] as number }])),
    row: row.__written ? Object.fromEntries(Object.entries(row).filter(([key]) => !key.startsWith('__'))) : undefined,
  });
  if (checkOnly) {
    const statement = joined([fragment('with '), joined([settingsCte, checksCte], ', '), fragment(' select * from "checks"')], '');
    return { ...statement, answer };
  }

  const links = command.kind === 'delete' ? [] : linkCtes(schema, spec, command);
  const ctes = joined([settingsCte, checksCte, writtenCte(spec, table, command, target, passed), ...links.map((link) => link.cte)], ', ');
  const returned: Condition[] =
    command.kind === 'delete'
      ? [fragment('w."id" as "id"')]
      : spec.fields
          .filter((field) => !field.writeOnly)
          .map((field) => {
            const linked = links.find((link) => link.field === field);
            return linked ? { sql: `${linked.value.sql} as ${quote(field.property)}`, params: linked.value.params } : fragment(`${fieldValue(schema, field, 'w')} as ${quote(field.property)}`);
          });
  if (settings.markWritten) returned.push(fragment(`set_config('sandbox.written_id', w."id"::text, true) as "__mark"`));
  const statement = joined(
    [fragment('with '), ctes, fragment(' select c.*, r.* from "checks" c left join (select true as "__written", '), joined(returned, ', '), fragment(' from "written" w) r on true')],
    '',
  );
  return { ...statement, answer };
}

/** The INSERT, UPDATE or DELETE of the row, only when every check passed. */
function writtenCte(spec: ResourceSpec, table: string, command: WriteCommand, target: Condition | undefined, passed: string): Condition {
  if (command.kind === 'delete') return fragment(`"written" as (delete from ${table} e using "checks" c where ${target!.sql} and ${passed} returning e."id")`, ...target!.params);
  const columns = spec.fields.filter((field) => field.kind !== 'collection' && Object.hasOwn(command.values, field.property));
  const value = (field: FieldSpec) => parameter(field, command.values[field.property]);
  if (command.kind === 'create') {
    const names = columns.map((field) => quote(field.columns[0]));
    const values = joined(columns.map((field) => fragment(`?::${sqlType(field)}`, value(field))), ', ');
    // No column given: every column takes its default (`insert … select` of no columns).
    return fragment(`"written" as (insert into ${table} ${names.length ? `(${names.join(', ')}) ` : ''}select ${values.sql} from "checks" c where ${passed} returning *)`, ...values.params);
  }
  // Every update touches the `onUpdate` timestamp (Django's auto_now: each save() sets it).
  const assignments = [
    ...columns.map((field) => fragment(`${quote(field.columns[0])} = ?::${sqlType(field)}`, value(field))),
    ...spec.fields.filter((field) => field.touchedOnUpdate).map((field) => fragment(`${quote(field.columns[0])} = now()`)),
  ];
  const set = assignments.length ? joined(assignments, ', ') : fragment('"id" = e."id"');
  return fragment(`"written" as (update ${table} e set ${set.sql} from "checks" c where ${target!.sql} and ${passed} returning e.*)`, ...set.params, ...target!.params);
}

interface Link {
  field: FieldSpec;
  cte: Condition;
  /** What the field reads as in the answer: the ids written (a statement does not see the links it writes). */
  value: Condition;
}

/** The many-to-many fields given, set to exactly their ids: links no longer wanted deleted, missing ones inserted. */
function linkCtes(schema: string, spec: ResourceSpec, command: Extract<WriteCommand, { values: unknown }>): Link[] {
  return spec.fields
    .filter((field) => field.kind === 'collection' && Object.hasOwn(command.values, field.property))
    .map((field, index) => {
      const ids = [...(command.values[field.property] as number[])].sort((a, b) => a - b);
      const { table, ownerColumn, targetColumn } = field.pivot!;
      const pivot = `${quote(schema)}.${quote(table)}`;
      const [owner, linked] = [quote(ownerColumn), quote(targetColumn)];
      const wanted = idArray(ids);
      const link = fragment(
        `"linked${index}" as (insert into ${pivot} (${owner}, ${linked}) select w."id", x from "written" w cross join unnest(${wanted.sql}) x ` +
          `where not exists (select 1 from ${pivot} p where p.${owner} = w."id" and p.${linked} = x))`,
        ...wanted.params,
      );
      const unlink = fragment(`"unlinked${index}" as (delete from ${pivot} p using "written" w where p.${owner} = w."id" and p.${linked} <> all(${wanted.sql}))`, ...wanted.params);
      return { field, cte: command.kind === 'update' ? joined([unlink, link], ', ') : link, value: wanted };
    });
}
