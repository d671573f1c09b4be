import { hostileRequests, type HostileRequest } from '../lib/hostile-requests';
import { runTraffic, type PlannedRequest } from '../load/traffic';

const PASSWORD = 'correct horse battery staple';

export interface SoakOptions {
  baseUrl: string;
  /** Requests in all, after the clients are registered. */
  requests: number;
  /** Accounts (each with its client) registered first; reads rotate over them. */
  clients: number;
  /** More registrations mixed into the traffic, one in every `registerEvery` requests (0: none). */
  registerEvery: number;
  /** GraphQL documents differ in this many ways (each a new entry for every document cache). */
  distinctDocuments: number;
  workers: number;
  /** Called at 0%, 25%, 50%, 75% and 100% of the requests, with no request in flight. */
  checkpoint: (done: number) => Promise<void>;
  /** For fresh emails: soaks against one database must not collide. */
  prefix: string;
}

export interface SoakResult {
  statuses: Record<number, number>;
  /** Answers of 500 and above, and transport failures, as `method path → status body`. */
  failures: string[];
  registered: number;
  seconds: number;
}

interface Account {
  headers: Record<string, string>;
}

async function post(baseUrl: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  const response = await fetch(new URL(path, baseUrl), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, json: await response.json().catch(() => undefined) };
}

/** Registers an account and logs it in for its client; undefined when the server refused (a limit). */
async function register(baseUrl: string, email: string): Promise<Account | undefined> {
  const registered = await post(baseUrl, '/api/auth/register/', { email, password: PASSWORD });
  if (registered.status !== 201) return undefined;
  const key = registered.json.client.api_key as string;
  const token = await post(baseUrl, '/api/token/', { email, password: PASSWORD }, { 'api-key': key });
  if (token.status !== 200) return undefined;
  return { headers: { authorization: `Bearer ${token.json.access}`, 'api-key': key } };
}

const READS = [
  '/api/products/?page_size=20&expand=category&ordering=-price',
  '/api/orders/?status__in=paid,shipped&page_size=10',
  '/api/reviews/?rating__gte=4&page=2',
  '/api/customers/?search=an',
  '/api/tags/',
  '/api/me/',
];

/** The n-th of `distinct` GraphQL documents: a different alias and page size each, so each is new to the caches. */
function document(n: number): string {
  return `{ p${n}: products(pageSize: ${1 + (n % 20)}, orderBy: [{ price: DESC }]) { totalCount items { id name category { name } reviews(pageSize: 2) { rating } } } }`;
}

/**
 * Tens of thousands of mixed requests against one server, in waves between checkpoints (where the
 * caller measures the heap): reads rotating over many clients on both doors, writes, registrations,
 * logins, ever new GraphQL documents, and every hostile request of bench/lib/hostile-requests.ts.
 */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const started = performance.now();
  let emails = 0;
  const email = () => `${options.prefix}.${process.pid}.${++emails}@example.com`;
  const accounts: Account[] = [];
  for (let i = 0; i < options.clients; i++) {
    const account = await register(options.baseUrl, email());
    if (!account) throw new Error(`registration ${i + 1} of ${options.clients} was refused: raise CLIENTS_PER_ADDRESS_PER_HOUR for the soak`);
    accounts.push(account);
  }
  const hostile: HostileRequest[] = hostileRequests({ headers: accounts[0].headers, email });
  const statuses: Record<number, number> = {};
  const failures: string[] = [];
  let registered = accounts.length;

  const plan = (seq: number): PlannedRequest => {
    const account = accounts[seq % accounts.length];
    const kind = seq % 20;
    if (options.registerEvery && seq % options.registerEvery === 0) {
      return { method: 'POST', path: '/api/auth/register/', headers: {}, body: { email: email(), password: PASSWORD } };
    }
    if (kind < 7) return { method: 'GET', path: READS[seq % READS.length], headers: account.headers };
    if (kind < 12) return { method: 'POST', path: '/graphql', headers: account.headers, body: { query: document(seq % options.distinctDocuments) } };
    if (kind < 14) return { method: 'POST', path: '/api/tags/', headers: account.headers, body: { name: `soak-${seq}` } };
    if (kind === 14) return { method: 'POST', path: '/api/token/', headers: {}, body: { email: `nobody.${seq}@example.com`, password: 'wrong password' } };
    if (kind === 15) return { method: 'GET', path: '/api/clients/', headers: { authorization: account.headers.authorization } };
    const attack = hostile[seq % hostile.length];
    return { method: attack.method as 'GET' | 'POST', path: attack.path, headers: attack.headers ?? {}, body: attack.body as Record<string, unknown> | undefined };
  };

  let sent = 0;
  await options.checkpoint(0);
  for (let wave = 1; wave <= 4; wave++) {
    const until = Math.round((options.requests * wave) / 4);
    await runTraffic({
      baseUrl: options.baseUrl,
      workers: options.workers,
      keepExchanges: false,
      plan: () => plan(sent++),
      keepGoing: () => sent < until,
      onExchange: (exchange) => {
        statuses[exchange.status] = (statuses[exchange.status] ?? 0) + 1;
        if (exchange.path === '/api/auth/register/' && exchange.status === 201) registered++;
        if ((exchange.status === 0 || exchange.status >= 500) && failures.length < 20) {
          failures.push(`${exchange.method} ${exchange.path.slice(0, 120)} → ${exchange.status} ${JSON.stringify(exchange.response ?? exchange.error).slice(0, 300)}`);
        }
      },
    });
    await options.checkpoint(sent);
  }
  return { statuses, failures, registered, seconds: (performance.now() - started) / 1000 };
}
