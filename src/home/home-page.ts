import { PLACEHOLDERS, quickStarts } from './quick-starts';

/** What the page says that is not fixed: configured durations, and who is looking. */
export interface HomeView {
  origin: string;
  accessTokenLifetime: number;
  refreshTokenLifetime: number;
  requestDeadlineMs: number;
  /** The admin session's account and the client the snippets are filled in for (null: logged out). */
  visitor: { email: string; client: { name: string; schema: string; apiKey: string } | null } | null;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** Seconds in words: 300 → "5 minutes", 86400 → "1 day", 90 → "90 seconds". */
export function duration(seconds: number): string {
  const units: Array<[number, string]> = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  const [size, unit] = units.find(([size]) => seconds % size === 0 && seconds >= size) ?? [1, 'second'];
  const count = seconds / size;
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

const STYLE = `
  :root { color-scheme: light; --ink: #1b1f24; --muted: #4a5360; --line: #d5dae1; --accent: #0b57d0; --code: #f3f5f8; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
  header { border-bottom: 1px solid var(--line); background: #fafbfc; }
  nav { max-width: 60rem; margin: 0 auto; padding: .75rem 1rem; display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; align-items: center; }
  nav .brand { font-weight: 700; margin-right: auto; color: var(--ink); text-decoration: none; }
  nav a { color: var(--accent); font-weight: 600; }
  nav .visitor { color: var(--muted); }
  main { max-width: 60rem; margin: 0 auto; padding: 1rem 1rem 3rem; }
  h1 { font-size: 1.9rem; margin: 1rem 0 .25rem; }
  h2 { font-size: 1.35rem; margin: 2.25rem 0 .5rem; padding-top: .5rem; border-top: 1px solid var(--line); }
  h3 { font-size: 1.05rem; margin: 1.25rem 0 .25rem; }
  a { color: var(--accent); }
  code { font: .92em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--code); padding: .05em .3em; border-radius: 3px; }
  pre { background: var(--code); border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1rem; overflow-x: auto; }
  pre code { background: none; padding: 0; }
  .lead { color: var(--muted); font-size: 1.1rem; margin-top: 0; }
  .note { border-left: 4px solid var(--accent); background: #eef4fd; padding: .5rem .9rem; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; vertical-align: top; padding: .45rem .6rem; border-bottom: 1px solid var(--line); }
  th[scope="row"] { white-space: nowrap; font-variant-numeric: tabular-nums; }
`;

const RESPONSE_CODES = (deadline: string): Array<[string, string]> => [
  ['200', 'Everything is fine: the object, or the page of objects, you asked for.'],
  ['201', 'Created: the answer is the new object, every field of it.'],
  ['204', 'Deleted: no body.'],
  ['400', 'What you sent is not valid. Unlike every other answer, which carries all the fields, a 400 names only the fields that are wrong, each with its messages (`non_field_errors` for the rest).'],
  ['401', 'No credentials, or a token that is not valid any more (an access token expires): log in again or refresh it. The `WWW-Authenticate` header says how to authenticate.'],
  ['403', 'You may not do that. Every write to `public` is a 403: it is read-only. An unknown `Api-Key` is a 403 too.'],
  ['404', 'No such object (or no such route).'],
  ['415', 'The body is not JSON: send `Content-Type: application/json`.'],
  ['429', 'Too many failed logins in a minute: wait for the seconds in `Retry-After`.'],
  ['500', 'Not your fault: a bug on our side. Please tell us, quoting the `request_id` of the answer, so we can find it in the log.'],
  ['502', `The request took longer than ${deadline} and was stopped (its database statement too). If it keeps happening, tell us which request it was.`],
  ['503', 'Not available right now: the database cannot be reached, the server is overloaded, or your client is still being set up. `Retry-After` says when to try again; if it lasts, tell the operators.'],
];

/** Inline `code` in the fixed texts above, as HTML. */
const withCode = (text: string) => escape(text).replace(/`([^`]+)`/g, '<code>$1</code>');

function navigation(view: HomeView): string {
  const account = view.visitor
    ? `<span class="visitor">Logged in as ${escape(view.visitor.email)}</span>`
    : '<a href="/admin/#/register">Register</a><a href="/admin/#/login">Log in</a>';
  return `<nav aria-label="Main">
    <a class="brand" href="/">sandbox-gateway</a>
    <a href="/admin/">Admin panel</a>
    <a href="/docs">Open OpenAPI</a>
    <a href="/graphiql/">GraphiQL</a>
    ${account}
  </nav>`;
}

function quickStartSection(view: HomeView): string {
  const client = view.visitor?.client;
  const filled = client
    ? `<p class="note" data-testid="filled-in">Filled in for <strong>${escape(view.visitor!.email)}</strong> and the client <strong>${escape(client.name)}</strong> (schema <code>${escape(client.schema)}</code>): copy, put your password in, run.</p>`
    : `<p class="note">Replace <code>${PLACEHOLDERS.email}</code>, <code>${PLACEHOLDERS.password}</code> and <code>${PLACEHOLDERS.apiKey}</code> with yours, or <a href="/admin/#/login">log in to the admin panel</a> and come back: this page then fills in your email and your client's key.</p>`;
  const snippets = quickStarts({ origin: view.origin, email: view.visitor?.email ?? PLACEHOLDERS.email, apiKey: client?.apiKey ?? PLACEHOLDERS.apiKey });
  return `<h2 id="quick-start">Quick start</h2>
    ${filled}
    ${snippets
      .map(
        (snippet) => `<h3 id="quick-start-${snippet.id}">${escape(snippet.title)}</h3>
    <p>${escape(snippet.intro)}</p>
    <pre tabindex="0" aria-label="${escape(snippet.title)}"><code data-snippet="${snippet.id}">${escape(snippet.code)}</code></pre>`,
      )
      .join('\n')}`;
}

/** The user instructions, in our words: the home page at `/`. */
export function renderHomePage(view: HomeView): string {
  const access = duration(view.accessTokenLifetime);
  const refresh = duration(view.refreshTokenLifetime);
  const deadline = duration(Math.round(view.requestDeadlineMs / 1000));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>sandbox-gateway: how to use the API</title>
<style>${STYLE}</style>
</head>
<body>
<header>${navigation(view)}</header>
<main>
  <h1>sandbox-gateway</h1>
  <p class="lead">A storefront database of your own, to point the app you are writing at: REST in Django REST Framework's dialect, GraphQL, and an admin panel, all over the same data.</p>

  <h2 id="api-client">What an API client is</h2>
  <p>An <strong>API client</strong> (a tenant) is a database schema of your own: a complete copy of the reference data kept in the <code>public</code> schema (categories, products, tags, customers, orders, order items, reviews). Of the <code>users</code> table only one row comes along: yours. Read, change and delete anything in it: no other client is affected, and <code>public</code> never changes.</p>
  <p>Registering creates your account and a first client, named after your email (the part before the <code>@</code>, then six random digits). It is ready in well under a second, so there is nothing to wait for. You can create more clients, reset one to a fresh copy of <code>public</code> (its key stays the same), give it a new key, or delete it.</p>

  <h2 id="register">Register</h2>
  <p>Follow <a href="/admin/#/register">Register</a> in the navigation bar and give an email and a password (at least eight characters, not too common). Or from a terminal:</p>
  <pre tabindex="0" aria-label="Register with curl"><code>${escape(`curl -s ${view.origin}/api/auth/register/ -H 'Content-Type: application/json' \\\n  -d '{"email": "${PLACEHOLDERS.email}", "password": "${PLACEHOLDERS.password}"}'`)}</code></pre>
  <p>The answer holds your account and your first client, with its <code>api_key</code>.</p>

  <h2 id="admin-panel">Log in to the admin panel and pick a client</h2>
  <p>Follow <a href="/admin/">Admin panel</a> (or <a href="/admin/#/login">Log in</a>) in the navigation bar. Enter the email and password you registered with; the next page lists your clients: pick one, or <strong>Public</strong> to browse the reference data read-only. A client that is still being set up shows its progress and opens when it is ready.</p>
  <p>In the panel you can list, search, filter, create, edit and delete the rows of every table of your client: you have full access to it. The menu at the top right shows your account, the client you are in and its <strong>API key</strong> (copy it, or rotate it), and resets the client.</p>

  <h2 id="openapi">The API documentation (OpenAPI)</h2>
  <p><a href="/docs">Open OpenAPI</a> shows every REST endpoint in Swagger UI, with the document itself at <a href="/docs/json">/docs/json</a>. Log in to the admin panel first, then open the docs (or reload them if they were open): <em>Try it out</em> then runs as you, in the client you picked, with no token to paste. <a href="/graphiql/">GraphiQL</a> works the same way for GraphQL.</p>

  <h2 id="api-key">Point your requests at your client: the Api-Key header</h2>
  <p>Every request says which client it is for with the header <code>Api-Key: &lt;your API key&gt;</code>. The key is in the admin panel's menu at the top right (and in the answer to your registration). Without the header a request reads <code>public</code>, which is read-only for everybody.</p>

  <h2 id="auth">Authentication: JSON Web Tokens</h2>
  <p>Every read and write needs to know who you are. Ask <code>POST /api/token/</code> with your email and password for a pair of tokens, and send the access token as <code>Authorization: Bearer &lt;access token&gt;</code>.</p>
  <ul>
    <li>An <strong>access token</strong> lives <strong data-testid="access-lifetime">${access}</strong>.</li>
    <li>A <strong>refresh token</strong> lives <strong data-testid="refresh-lifetime">${refresh}</strong>: trade it at <code>POST /api/token/refresh/</code> for a new pair (the old refresh token then stops working).</li>
  </ul>
  <p>Browser apps on any origin may call the API this way (CORS allows it, with the <code>Authorization</code>, <code>Api-Key</code> and <code>Content-Type</code> headers). The admin panel's session cookie works only on this site.</p>

  ${quickStartSection(view)}

  <h2 id="response-codes">Response codes</h2>
  <table>
    <caption class="lead">What each status means, and what to do about it</caption>
    <thead><tr><th scope="col">Code</th><th scope="col">Meaning</th></tr></thead>
    <tbody>
      ${RESPONSE_CODES(deadline)
        .map(([code, meaning]) => `<tr><th scope="row">${code}</th><td>${withCode(meaning)}</td></tr>`)
        .join('\n      ')}
    </tbody>
  </table>
  <p>Every error body is JSON: <code>{"detail": "…"}</code>, or a 400's fields.</p>
</main>
</body>
</html>
`;
}
