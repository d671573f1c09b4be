/**
 * The product's datetime text on both doors, DRF's DateTimeField output: Python's isoformat() in
 * UTC with `+00:00` as `Z`, so microseconds appear only when there are some (`…:37Z`,
 * `…:37.123456Z`). Reads select the UTC text with six digits (src/sql/sql-text.ts datetimeText).
 */
export function drfDatetime(value: string | Date): string {
  const text = typeof value === 'string' ? value : value.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
  return text.replace(/\.0{6}Z$/, 'Z');
}
