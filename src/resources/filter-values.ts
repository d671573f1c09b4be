/**
 * Filter values read as django-filter 23.1's form fields read them (Django 3.2): the REST door's
 * query-string values, and GraphQL's decimals. Each returns undefined for a value the field rejects; the caller words the message.
 */

export const INT4_MAX = 2_147_483_647;

/** Python's int(): surrounding space, a sign, digits with single underscores between them. */
export function pythonInt(raw: string): number | undefined {
  const match = /^\s*([+-]?)(\d(?:_?\d)*)\s*$/.exec(raw);
  return match ? Number(match[1] + match[2].replaceAll('_', '')) : undefined;
}

/**
 * django-filter's BooleanWidget (what its rest_framework FilterSet gives every BooleanFilter and
 * `__isnull`): `true`/`false` in any case, `1`/`0`. Anything else is "unknown": the filter is not applied.
 */
export function filterBoolean(raw: string): boolean | undefined {
  return ({ true: true, '1': true, false: false, '0': false } as Record<string, boolean>)[raw.toLowerCase()];
}

const DECIMAL = /^([+-]?)(?:(\d(?:_?\d)*)(?:\.(\d(?:_?\d)*)?)?|\.(\d(?:_?\d)*))(?:[eE]([+-]?\d(?:_?\d)*))?$/;
/** An exponent past this changes no comparison with a numeric(p, s) column; PostgreSQL refuses far bigger ones. */
const MAX_EXPONENT = 1000;

/**
 * NumberFilter's DecimalField: what Python's Decimal() reads, finite (else "Enter a number.").
 * Returned as text PostgreSQL's numeric reads the same way.
 */
export function filterDecimal(raw: string): string | undefined {
  const match = DECIMAL.exec(raw.trim());
  if (!match) return undefined;
  const [, sign, whole = '', fraction = '', onlyFraction, exponent] = match;
  const digits = `${whole.replaceAll('_', '') || '0'}.${(onlyFraction ?? fraction).replaceAll('_', '') || '0'}`;
  if (exponent === undefined) return `${sign}${digits}`;
  const power = Math.max(-MAX_EXPONENT, Math.min(MAX_EXPONENT, Number(exponent.replaceAll('_', ''))));
  return `${sign}${digits}e${power}`;
}

/**
 * A NumberFilter on an integer column: Django casts the Decimal with int(), which truncates. Kept
 * within ±10¹⁸, where comparisons with a 4-byte column do not change and PostgreSQL reads an int8.
 */
export function filterInteger(raw: string): number | undefined {
  const decimal = filterDecimal(raw);
  if (decimal === undefined) return undefined;
  const value = Math.trunc(Number(decimal));
  if (Number.isNaN(value)) return undefined;
  return Math.max(-1e18, Math.min(1e18, value)) || 0;
}

const DATETIME = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,6})\d{0,6})?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

const pad = (value: string | number, length = 2) => String(value).padStart(length, '0');

/**
 * IsoDateTimeFilter's field: Django's parse_datetime (or a bare date, one of DATETIME_INPUT_FORMATS),
 * checked the way Python's datetime() checks it; naive values are in UTC (TIME_ZONE). Returned as
 * ISO text with its microseconds, which a JS Date would drop.
 */
export function filterDatetime(raw: string): string | undefined {
  const match = DATETIME.exec(raw.trim());
  if (!match) return undefined;
  const [, year, month, day, hour = '0', minute = '0', second = '0', micro = '', zone = 'Z'] = match;
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number);
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth || h > 23 || mi > 59 || s > 59) return undefined;
  const offset = zone === 'Z' ? '+00:00' : /^([+-]\d{2}):?(\d{2})?$/.exec(zone)!.slice(1, 3).map((part) => part ?? '00').join(':');
  if (Number(offset.slice(1, 3)) > 23 || Number(offset.slice(4)) > 59) return undefined;
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}.${micro.padEnd(6, '0')}${offset}`;
}
