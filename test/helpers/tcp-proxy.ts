import { createServer, connect, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A TCP proxy between the app and PostgreSQL, to break the network on purpose:
 * cut every open connection, refuse new ones, delay every chunk, then heal.
 */
export interface TcpProxy {
  port: number;
  /** `databaseUrl` with its host and port replaced by the proxy's. */
  url(databaseUrl: string): string;
  /** Destroys every open connection (both sides), as a dropped network would. */
  cut(): void;
  /** While on, new connections are closed as soon as they are accepted. */
  refuse(on: boolean): void;
  /** Every chunk, in both directions, is delivered this many milliseconds late (order kept). */
  delay(ms: number): void;
  /** No refusal, no delay (open connections stay as they are). */
  heal(): void;
  /** Connections accepted and passed on so far. */
  accepted(): number;
  /** Chunks held back by the delay, not yet delivered. */
  held(): number;
  close(): Promise<void>;
}

/** Forwards `from` to `to`, each chunk `latency()` ms after it arrived; `held` counts chunks on their way. */
function pipeDelayed(from: Socket, to: Socket, latency: () => number, held: { count: number }): void {
  let queue = Promise.resolve();
  const closed = new AbortController();
  for (const socket of [from, to]) socket.on('close', () => closed.abort());
  from.on('data', (chunk) => {
    const due = Date.now() + latency();
    held.count++;
    queue = queue.then(async () => {
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait, undefined, { signal: closed.signal }).catch(() => {});
      held.count--;
      if (!to.destroyed) to.write(chunk);
    });
  });
  from.on('end', () => void queue.then(() => to.end()));
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let refusing = false;
  let latencyMs = 0;
  let accepted = 0;
  const held = { count: 0 };

  const server: Server = createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    accepted++;
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        open.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    pipeDelayed(client, upstream, () => latencyMs, held);
    pipeDelayed(upstream, client, () => latencyMs, held);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };

  return {
    port,
    url(databaseUrl) {
      const url = new URL(databaseUrl);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    },
    cut() {
      for (const socket of open) socket.destroy();
    },
    refuse(on) {
      refusing = on;
    },
    delay(ms) {
      latencyMs = ms;
    },
    heal() {
      refusing = false;
      latencyMs = 0;
    },
    accepted: () => accepted,
    held: () => held.count,
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
