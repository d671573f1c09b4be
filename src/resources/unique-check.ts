import type { EntityManager } from '@mikro-orm/postgresql';
import { quote } from '../sql/sql-text';
import type { FieldSpec, ResourceSpec } from './registry';

/**
 * Which of the unique fields' values another row already holds, in one statement, as DRF's
 * UniqueValidator asks per field (`exclude(pk=instance.pk)` on updates).
 */
export async function takenUniqueFields(
  em: EntityManager,
  spec: ResourceSpec,
  candidates: Array<{ field: FieldSpec; value: unknown }>,
  exceptId: number | undefined,
): Promise<FieldSpec[]> {
  if (candidates.length === 0) return [];
  const table = `${quote(em.schema ?? 'public')}.${quote(spec.table)}`;
  const params: unknown[] = [];
  const parts = candidates.map(({ field, value }, index) => {
    params.push(index, value, exceptId ?? null);
    return `select ?::int as "index" where exists (select 1 from ${table} e where e.${quote(field.columns[0])} = ? and e."id" is distinct from ?::int)`;
  });
  const rows = (await em.execute(parts.join(' union all '), params)) as Array<{ index: number }>;
  return rows.map((row) => candidates[row.index].field);
}
