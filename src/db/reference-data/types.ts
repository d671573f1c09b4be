/** SQL type of a generated column; the loader maps it to the array type it binds with `unnest`. */
export type ColumnType = 'integer' | 'smallint' | 'text' | 'numeric' | 'boolean' | 'timestamptz' | 'jsonb';

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
}

/**
 * One table's rows as column-ordered arrays (`rows[i][j]` is the value of `columns[j]`).
 * integer/smallint → number, text → string, numeric → string ("24.99"), boolean → boolean,
 * timestamptz → ISO-8601 string, jsonb → plain object; `null` for SQL NULL.
 */
export interface TableData {
  readonly columns: readonly ColumnSpec[];
  readonly rows: unknown[][];
}

/** Table name → rows. Keys are in FK dependency order (referenced tables first): load them in that order. */
export type ReferenceData = Record<string, TableData>;

export interface ReferenceDataOptions {
  /** Any safe integer; the same seed and scale always give identical data. */
  readonly seed: number;
  /** A positive integer multiplying every row count (scale 1: 2,000 products, 6,000 orders…). */
  readonly scale: number;
}

/** `columns({ id: 'integer', name: 'text' })` → column specs in key order. */
export function columns(spec: Record<string, ColumnType>): ColumnSpec[] {
  return Object.entries(spec).map(([name, type]) => ({ name, type }));
}
