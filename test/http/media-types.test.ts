import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { bearer, registerUser, type RegisteredUser } from '../helpers/users';

/** Bodies are JSON or forms, as DRF's parsers read them (forms: test/rest/drf-writes.test.ts); anything else is DRF's 415, and GraphQL keeps its own types. */
describe('request media types', () => {
  let t: TestApp;
  let user: RegisteredUser;
  let headers: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    user = await registerUser(t.app, 'media');
    headers = bearer(user.publicTokens.access, user.client.api_key);
  });
  afterAll(async () => t.close());

  const tag = JSON.stringify({ name: `media-${process.pid}` });

  it.each([
    ['text/plain', '/api/tags/'],
    ['text/plain; charset=utf-8', '/api/tags/'],
    ['multipart/mixed; boundary=x', '/api/tags/'],
    ['text/plain', '/api/token/'],
    ['application/xml', '/api/auth/register/'],
  ])('%s to %s is a 415 with DRF\'s message, and changes nothing', async (contentType, url) => {
    const response = await t.app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': contentType }, payload: tag });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toEqual({ detail: `Unsupported media type "${contentType}" in request.` });
    const listed = await t.app.inject({ method: 'GET', url: `/api/tags/?name=media-${process.pid}`, headers });
    expect(listed.json().count).toBe(0);
  });

  it('a PATCH with a text/plain body is refused the same way', async () => {
    const response = await t.app.inject({ method: 'PATCH', url: '/api/tags/1/', headers: { ...headers, 'content-type': 'text/plain' }, payload: tag });
    expect([response.statusCode, response.json().detail]).toEqual([415, 'Unsupported media type "text/plain" in request.']);
  });

  it('JSON is read as before', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/tags/', headers: { ...headers, 'content-type': 'application/json; charset=utf-8' }, payload: tag });
    expect(response.statusCode, response.body).toBe(201);
  });

  it('GraphQL takes application/json and application/graphql; text/plain is a 415 in GraphQL\'s shape', async () => {
    const json = await t.app.inject({ method: 'POST', url: '/graphql', headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify({ query: '{ me { email } }' }) });
    expect(json.json()).toEqual({ data: { me: { email: user.email } } });
    const graphql = await t.app.inject({ method: 'POST', url: '/graphql', headers: { ...headers, 'content-type': 'application/graphql' }, payload: '{ me { email } }' });
    expect(graphql.json()).toEqual({ data: { me: { email: user.email } } });
    const text = await t.app.inject({ method: 'POST', url: '/graphql', headers: { ...headers, 'content-type': 'text/plain' }, payload: JSON.stringify({ query: '{ me { email } }' }) });
    expect(text.statusCode).toBe(415);
    expect(text.json().errors[0].extensions.code).toBe('BAD_REQUEST');
  });
});
