import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { SESSION_COOKIE } from '../../../src/auth/sessions';
import { bearer, registerUser, type RegisteredUser } from '../../helpers/users';

/** An account with a token issued for its client (not for `public`). */
export async function clientToken(app: FastifyInstance, user: RegisteredUser, apiKey = user.client.api_key): Promise<{ access: string; refresh: string }> {
  const response = await app.inject({ method: 'POST', url: '/api/token/', headers: { 'api-key': apiKey }, payload: { email: user.email, password: user.password } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

/** An admin session (cookie and CSRF token) for `user`, on `client` (an id) or `public`. */
export async function adminSession(app: FastifyInstance, user: RegisteredUser, client: number | 'public'): Promise<Record<string, string>> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/session/', payload: { email: user.email, password: user.password, client } });
  expect(response.statusCode, response.body).toBe(201);
  const cookie = response.cookies.find((one) => one.name === SESSION_COOKIE);
  expect(cookie, 'session cookie').toBeDefined();
  return { cookie: `${SESSION_COOKIE}=${cookie!.value}`, 'x-csrftoken': response.json().csrf_token };
}

/** The credentials the fuzzers try on every operation. */
export async function fuzzCredentials(app: FastifyInstance, owner: RegisteredUser, other: RegisteredUser): Promise<Record<string, Record<string, string>>> {
  const ownClientToken = await clientToken(app, owner);
  return {
    none: {},
    'owner token + own key': bearer(owner.publicTokens.access, owner.client.api_key),
    'client token + own key': bearer(ownClientToken.access, owner.client.api_key),
    'public token': bearer(owner.publicTokens.access),
    "other's token + own key": bearer(other.publicTokens.access, owner.client.api_key),
    'own token + unknown key': bearer(owner.publicTokens.access, 'not-a-key'),
    'malformed token': { authorization: 'Bearer not.a.jwt' },
    'basic auth': { authorization: 'Basic dXNlcjpwYXNz' },
    'session cookie': await adminSession(app, owner, owner.client.id),
  };
}
