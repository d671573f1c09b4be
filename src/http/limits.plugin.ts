import underPressure from '@fastify/under-pressure';
import fp from 'fastify-plugin';

export interface LimitsPluginOptions {
  /** REQUEST_DEADLINE_MS: past it the client gets a 502 (PostgreSQL cancels the statement itself, via statement_timeout). */
  deadlineMs: number;
  maxEventLoopDelayMs: number;
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
 * The two ways a request is cut short: the deadline (502, as the seed's
 * gateway did at 60 s) and overload (503 with Retry-After, from
 * @fastify/under-pressure watching the event loop).
 */
export const limitsPlugin = fp<LimitsPluginOptions>(
  async (app, { deadlineMs, maxEventLoopDelayMs }) => {
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
    app.addHook('onRequest', async (request, reply) => {
      const timer = setTimeout(() => {
        if (!reply.sent) {
          request.log.warn({ deadlineMs }, 'request deadline exceeded');
          void reply.code(502).send({ detail });
        }
      }, deadlineMs);
      timer.unref();
      reply.raw.on('close', () => clearTimeout(timer));
    });
  },
  { name: 'limits' },
);
