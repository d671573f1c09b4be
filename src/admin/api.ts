import { HttpError } from 'react-admin';

let csrfToken: string | null = null;

/** The session's CSRF token, sent as `X-CSRFToken` on every write. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** DRF's 400 body `{field: ["message"]}` → react-admin's `{errors: {field: "message"}}` (shown on the form fields). */
function formErrors(body: Record<string, unknown>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    const text = Array.isArray(value) ? value.map(String).join(' ') : String(value);
    if (key === 'non_field_errors' || key === 'detail') errors.root = text;
    else errors[key] = text;
  }
  return errors;
}

function errorMessage(status: number, body: unknown): string {
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    if (typeof record.detail === 'string') return record.detail;
    if (status === 400) {
      const first = Object.entries(record)[0];
      if (first) return `${first[0]}: ${Array.isArray(first[1]) ? first[1].join(' ') : String(first[1])}`;
    }
  }
  return `Request failed (HTTP ${status}).`;
}

/** JSON, or (a proxy's page, a plain-text 503) the text as `detail`. */
function parseBody(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text };
  }
}

/** A same-origin JSON request with the session cookie; any non-2xx answer is an HttpError carrying the body. */
export async function api<T = unknown>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrftoken'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  const body = parseBody(text);
  if (!response.ok) {
    const httpBody = response.status === 400 && body && typeof body === 'object' ? { ...body, errors: formErrors(body as Record<string, unknown>) } : body;
    throw new HttpError(errorMessage(response.status, body), response.status, httpBody);
  }
  return body as T;
}
