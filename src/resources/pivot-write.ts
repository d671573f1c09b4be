import type { EntityManager } from '@mikro-orm/postgresql';
import { quote } from '../sql/sql-text';
import type { FieldSpec } from './registry';

/**
 * A many-to-many field set to exactly `ids` (none: cleared), in one statement: the rows no longer
 * wanted go, the missing ones come. MikroORM's Collection.set() did nothing for an empty list on an
 * unloaded collection, and on a loaded one left some of the old rows.
 */
export async function replacePivotRows(tx: EntityManager, field: FieldSpec, ownerId: number, ids: number[]): Promise<void> {
  const { table, ownerColumn, targetColumn } = field.pivot!;
  const pivot = `${quote(tx.schema ?? 'public')}.${quote(table)}`;
  const [owner, target] = [quote(ownerColumn), quote(targetColumn)];
  await tx.execute(
    `with gone as (delete from ${pivot} where ${owner} = ? and ${target} <> all(array[?]::int[])) ` +
      `insert into ${pivot} (${owner}, ${target}) select ?, wanted from unnest(array[?]::int[]) wanted ` +
      `where not exists (select 1 from ${pivot} p where p.${owner} = ? and p.${target} = wanted)`,
    [ownerId, ids, ownerId, ids, ownerId],
  );
}
