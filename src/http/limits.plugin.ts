import underPressure from '@fastify/under-pressure';
import fp from 'fastify-plugin';
import type { Pool } from 'pg';
import { DatabaseDeadline, runWithDeadline } from '../db/request-deadline';
import { CallerLimits } from '../limits/caller-limits';
import type { Limits } from '../limits/limits';
import { responseTooLargeMessage } from '../limits/request-cost';

declare module 'fastify' {
  interface FastifyInstance {
    /** What one request, caller or API client may cost (src/limits/limits.ts), for every door. */
    limits: Limits;
    /** Registrations, new clients and logins per address and account. */
    callerLimits: CallerLimits;
  }
}

export interface LimitsPluginOptions {
  /** REQUEST_DEADLINE_MS: past it the client gets a 502 and the request's database work is cancelled. */
  deadlineMs: number;
  maxEventLoopDelayMs: number;
  limits: Limits;
  /** Where GraphQL is served: its refusals are GraphQL responses, REST's are DRF's. */
  graphqlPath: string;
  /** The server's pg pool: the caller limits count in PostgreSQL (gateway.caller_limits), shared by every node. */
  pool: Pool;
  /** DATABASE_PREPARED_STATEMENTS. */
  preparedStatements: boolean;
}

const SAMPLE_INTERVAL_MS = 1000;

/**
 * Whether what under-pressure reports is over our limit. A loop blocked through a whole sample leaves
 * it no measurement, which it reports as an infinite delay (for the next second, whatever the limit);
 * that was a delay of at least one sample, an overload only for a limit of one sample or less.
 */
export function isOverload(type: string, value: number | undefined, maxEventLoopDelayMs: number): boolean {
  return !(type === 'eventLoopDelay' && value === Infinity && maxEventLoopDelayMs > SAMPLE_INTERVAL_MS);
}

/**
 * The ways a request is cut short: the deadline (502, as the seed's gateway did at 60 s, with every
 * statement of the request cancelled: src/db/request-deadline.ts), overload (503 with Retry-After,
 * from @fastify/under-pressure watching the event loop), and a response body past MAX_RESPONSE_BYTES.
 */
export const limitsPlugin = fp<LimitsPluginOptions>(
  async (app, { deadlineMs, maxEventLoopDelayMs, limits, graphqlPath, pool, preparedStatements }) => {
    app.decorate('limits', limits);
    const callerLimits = new CallerLimits(limits, { pool, preparedStatements, log: app.log });
    app.decorate('callerLimits', callerLimits);
    callerLimits.startSweeping();
    app.addHook('onClose', async () => callerLimits.stopSweeping());
    await app.register(underPressure, {
      maxEventLoopDelay: maxEventLoopDelayMs,
      sampleInterval: SAMPLE_INTERVAL_MS,
      retryAfter: 5,
      pressureHandler: (_request, reply, type, value) => {
        if (!isOverload(type, value, maxEventLoopDelayMs)) return; // the request goes on
        void reply.code(503).header('retry-after', '5').send({ detail: 'The server is overloaded. Try again shortly.' });
      },
    });

    const seconds = Math.round(deadlineMs / 100) / 10;
    const detail = `The request took longer than ${seconds} seconds and was stopped.`;
    // Callback style, so that every later hook and the handler run inside the deadline's async context.
    app.addHook('onRequest', (request, reply, done) => {
      const deadline = new DatabaseDeadline(Date.now() + deadlineMs);
      const timer = setTimeout(() => {
        deadline.expire();
        if (!reply.sent) {
          request.log.warn({ deadlineMs }, 'request deadline exceeded');
          void reply.code(502).send({ detail });
        }
      }, deadlineMs);
      timer.unref();
      reply.raw.on('close', () => clearTimeout(timer));
      runWithDeadline(deadline, done);
    });

    app.addHook('onSend', async (request, reply, payload) => {
      const bytes = typeof payload === 'string' ? Buffer.byteLength(payload) : Buffer.isBuffer(payload) ? payload.length : 0;
      if (bytes <= limits.maxResponseBytes) return payload;
      request.log.warn({ bytes }, 'response over MAX_RESPONSE_BYTES refused');
      reply.code(400).header('content-type', 'application/json; charset=utf-8');
      const detail = responseTooLargeMessage(bytes, limits.maxResponseBytes);
      return JSON.stringify(request.routeOptions.url === graphqlPath ? { errors: [{ message: detail, extensions: { code: 'BAD_USER_INPUT' } }] } : { detail });
    });
  },
  { name: 'limits' },
);
