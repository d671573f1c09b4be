import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';

let counter = 0;

export interface RegisteredUser {
  email: string;
  password: string;
  userId: number;
  client: { id: number; schema: string; api_key: string; status: string };
  /** Tokens issued for `public` (no Api-Key). */
  publicTokens: { access: string; refresh: string };
}

export const PASSWORD = 'correct horse battery staple';

/** Registers a fresh account (its first client ready) and logs in for `public`. */
export async function registerUser(app: FastifyInstance, prefix = 'user'): Promise<RegisteredUser> {
  const email = `${prefix}.${process.pid}.${++counter}@example.com`;
  const registered = await app.inject({ method: 'POST', url: '/api/auth/register/', payload: { email, password: PASSWORD, first_name: 'Test', last_name: 'User' } });
  expect(registered.statusCode, registered.body).toBe(201);
  const { user, client } = registered.json();
  expect(client.status).toBe('ready');
  const token = await app.inject({ method: 'POST', url: '/api/token/', payload: { email, password: PASSWORD } });
  expect(token.statusCode, token.body).toBe(200);
  return { email, password: PASSWORD, userId: user.id, client, publicTokens: token.json() };
}

export function bearer(access: string, apiKey?: string): Record<string, string> {
  return { authorization: `Bearer ${access}`, ...(apiKey ? { 'api-key': apiKey } : {}) };
}
