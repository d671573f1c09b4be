/**
 * The `Api-Key` entry of the headers editor's JSON. HTTP header names are case-insensitive, so
 * `api-key` typed by hand counts too.
 */
const isApiKey = (name: string) => name.toLowerCase() === 'api-key';

function parseHeaders(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  const parsed: unknown = JSON.parse(text);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new SyntaxError('the headers are not a JSON object');
  return parsed as Record<string, unknown>;
}

/** The Api-Key the next request will carry, or undefined (none, or headers that do not parse). */
export function apiKeyIn(text: string): string | undefined {
  try {
    const entry = Object.entries(parseHeaders(text)).find(([name]) => isApiKey(name));
    return typeof entry?.[1] === 'string' ? entry[1] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The headers with `Api-Key` set to `key` (or removed when `key` is null), every other header kept.
 * Throws a SyntaxError when the editor holds something that is not a JSON object: the user's text
 * is never overwritten.
 */
export function withApiKey(text: string, key: string | null): string {
  const others = Object.entries(parseHeaders(text)).filter(([name]) => !isApiKey(name));
  const next = Object.fromEntries(key === null ? others : [...others, ['Api-Key', key]]);
  return Object.keys(next).length === 0 ? '' : JSON.stringify(next, null, 2);
}
