import type { Pool } from 'pg';

/** A schema's tables, columns, constraints and indexes, comparable across schemas. */
export async function describeSchema(pool: Pool, schema: string): Promise<string[]> {
  const { rows } = await pool.query<{ line: string }>(
    `select format('column %s.%s %s %s %s', c.table_name, c.column_name, c.data_type, c.is_nullable, regexp_replace(coalesce(c.column_default, ''), '"?' || $1 || '"?\\.', '', 'g')) as line
       from information_schema.columns c where c.table_schema = $1
     union all
     select format('constraint %s %s %s', con.conrelid::regclass::text, con.conname, pg_get_constraintdef(con.oid))
       from pg_constraint con join pg_namespace n on n.oid = con.connamespace where n.nspname = $1
     union all
     select format('index %s %s', i.tablename, regexp_replace(i.indexdef, '"?' || $1 || '"?\\.', '', 'g'))
       from pg_indexes i where i.schemaname = $1
     order by 1`,
    [schema],
  );
  return rows.map((row) => row.line.replaceAll(`${schema}.`, '').replaceAll(`"${schema}".`, ''));
}
