import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { OneLinePerRequest, requestIdHeaderPlugin } from '../../src/http/request-log';
import { errorsPlugin } from '../../src/http/errors.plugin';

describe('request logging and errors', () => {
  it('logs one line per request with id, method, route, status and duration; a 500 carries the logged id', async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const app = Fastify({ logger: { level: 'info', stream }, logController: new OneLinePerRequest() });
    await app.register(requestIdHeaderPlugin);
    await app.register(errorsPlugin);
    app.get('/items/:id', async () => ({ ok: true }));
    app.get('/boom', async () => {
      throw new Error('secret internals');
    });

    const ok = await app.inject({ method: 'GET', url: '/items/7' });
    expect(ok.statusCode).toBe(200);
    const boom = await app.inject({ method: 'GET', url: '/boom' });
    expect(boom.statusCode).toBe(500);
    const body = boom.json();
    expect(body.detail).toBe('A server error occurred.');
    expect(JSON.stringify(body)).not.toContain('secret internals');
    await app.close();

    const requests = lines.filter((line) => line.msg === 'request');
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({ method: 'GET', route: '/items/:id', status: 200, reqId: ok.headers['x-request-id'] });
    expect(typeof requests[0].durationMs).toBe('number');
    const failure = lines.find((line) => line.msg === 'request failed');
    expect(failure).toMatchObject({ reqId: body.request_id });
    expect(JSON.stringify(failure)).toContain('secret internals');
  });
});
