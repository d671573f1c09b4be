import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';

/** One request a worker sends. */
export interface PlannedRequest {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  headers: Record<string, string>;
  /** Sent as JSON; a string is sent as it is (a body JSON.stringify could not make). */
  body?: Record<string, unknown> | string;
  /** What the caller needs to find this write again (a unique name, a SKU…). */
  key?: string;
}

/** One exchange as the client saw it; status 0 means no response (connection refused or reset). */
export interface Exchange extends PlannedRequest {
  worker: number;
  seq: number;
  status: number;
  ms: number;
  response: unknown;
  /** Set when status is 0. */
  error?: string;
}

export interface TrafficOptions {
  baseUrl: string;
  workers: number;
  /** The worker's `seq`-th request. */
  plan: (worker: number, seq: number) => PlannedRequest;
  /** Checked before each request: false ends that worker (its request in flight always completes). */
  keepGoing: (worker: number, seq: number) => boolean;
  /** Pause between a worker's requests (default none). */
  pauseMs?: number;
  /** Called after every exchange (e.g. to count a phase). */
  onExchange?: (exchange: Exchange) => void;
  /** false: keep no exchange (a long soak counts them in onExchange instead). Default true. */
  keepExchanges?: boolean;
}

function send(agent: Agent, baseUrl: string, planned: PlannedRequest): Promise<{ status: number; response: unknown }> {
  const payload = planned.body === undefined ? undefined : typeof planned.body === 'string' ? planned.body : JSON.stringify(planned.body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      new URL(planned.path, baseUrl),
      {
        method: planned.method,
        agent,
        headers: { ...planned.headers, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          let response: unknown = text;
          try {
            response = JSON.parse(text);
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, response });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * `workers` concurrent clients over keep-alive HTTP connections (one socket
 * each), every request and response recorded. A worker never abandons a
 * request it sent, so when this resolves every write the server acknowledged
 * is in the returned list.
 */
export async function runTraffic(options: TrafficOptions): Promise<Exchange[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.workers });
  const exchanges: Exchange[] = [];
  const worker = async (id: number) => {
    for (let seq = 0; options.keepGoing(id, seq); seq++) {
      const planned = options.plan(id, seq);
      const started = performance.now();
      let exchange: Exchange;
      try {
        const { status, response } = await send(agent, options.baseUrl, planned);
        exchange = { ...planned, worker: id, seq, status, response, ms: performance.now() - started };
      } catch (error) {
        exchange = { ...planned, worker: id, seq, status: 0, response: undefined, error: String(error), ms: performance.now() - started };
      }
      if (options.keepExchanges !== false) exchanges.push(exchange);
      options.onExchange?.(exchange);
      if (options.pauseMs) await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
    }
  };
  try {
    await Promise.all(Array.from({ length: options.workers }, (_, id) => worker(id)));
  } finally {
    agent.destroy();
  }
  return exchanges;
}

/** Status → how many responses had it. */
export function statusCounts(exchanges: Exchange[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of exchanges) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}
