import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotAuthenticated, NotFound, ValidationError } from '../errors';
import { bodyOf, requireStrings } from '../http/body';
import { documentationOnly } from '../http/route-docs-helpers';
import { authDocs } from './auth.docs';
import { serializeAccount } from './accounts';
import { serializeClient } from './api-client';
import { checkCredentials } from './credentials';
import { requireOwner, requireUser } from './rules';
import { SESSION_COOKIE } from './sessions';


/**
 * Registration, simplejwt's token endpoints (with `email` as the username
 * field), `me`, and the admin session. Thin: parse, call, shape.
 */
export async function authRoutes(app: FastifyInstance): Promise<void> {
  const { tokens, sessions } = app.auth;
  app.setValidatorCompiler(documentationOnly); // the schemas document; the handlers validate (DRF's messages)

  app.post('/api/auth/register/', { schema: authDocs.register }, async (request, reply) => {
    const { user, client } = await app.tenancy.register(bodyOf(request), { address: request.ip });
    return reply.code(201).send({ user: serializeAccount(user), client: serializeClient(client) });
  });

  /** Email and password from the body, checked against the users of `schema`. */
  function credentials(request: FastifyRequest, schema: string) {
    const { email, password } = requireStrings(bodyOf(request), ['email', 'password'] as const);
    return checkCredentials(app.auth, { ip: request.ip, schema, email, password, ownerId: request.scope.client?.ownerId });
  }

  app.post('/api/token/', { schema: authDocs.token }, async (request) => {
    const account = await credentials(request, request.scope.schema);
    const client = request.scope.client;
    return tokens.issuePair(account.id, client?.id ?? 'public', client?.generation);
  });

  app.post('/api/token/refresh/', { schema: authDocs.refresh }, async (request) => {
    const { refresh } = requireStrings(bodyOf(request), ['refresh'] as const);
    return app.auth.authenticator.refresh(refresh);
  });

  app.post('/api/token/verify/', { schema: authDocs.verify }, async (request) => {
    const { token } = requireStrings(bodyOf(request), ['token'] as const);
    await tokens.verifyAny(token);
    return {};
  });

  app.post('/api/token/blacklist/', { schema: authDocs.blacklist }, async (request) => {
    const { refresh } = requireStrings(bodyOf(request), ['refresh'] as const);
    await tokens.revoke(refresh);
    return {};
  });

  app.get('/api/me/', { schema: authDocs.me }, async (request) => {
    const user = requireUser(request.scope);
    const client = request.scope.client;
    return { ...serializeAccount(user), client: client ? serializeClient(await app.tenancy.describeOne(client)) : null };
  });

  // --- admin session: cookie for the admin panel, Swagger UI and GraphiQL ---

  /** `"public"`, or the id of one of the account's ready clients. */
  async function pickClient(ownerId: number, value: unknown) {
    if (value === undefined || value === null || value === 'public') return null;
    try {
      return await app.tenancy.getClient(ownerId, value);
    } catch (error) {
      if (error instanceof NotFound) throw new ValidationError({ client: ['Choose "public" or the id of one of your API clients.'] });
      throw error;
    }
  }

  async function describeSession(request: FastifyRequest, sessionClientId: number | null, csrfToken: string) {
    const user = requireUser(request.scope);
    const client = sessionClientId === null ? null : await app.tenancy.getClient(user.id, sessionClientId).catch(() => null);
    return {
      user: serializeAccount(user),
      client: client ? serializeClient(await app.tenancy.describeOne(client)) : null,
      clients: (await app.tenancy.listClients(user.id)).map(serializeClient),
      csrf_token: csrfToken,
    };
  }

  function setCookie(reply: FastifyReply, id: string) {
    reply.setCookie(SESSION_COOKIE, id, { path: '/', httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: app.auth.sessions.lifetime });
  }

  app.post('/api/auth/session/', { schema: authDocs.sessionCreate }, async (request, reply) => {
    const account = await credentials(request, 'public');
    const client = await pickClient(account.id, bodyOf(request).client);
    const session = await sessions.create(account.id, client?.id ?? null);
    setCookie(reply, session.id);
    Object.assign(request.scope, { user: { ...account, schema: 'public' }, via: 'session', session });
    return reply.code(201).send(await describeSession(request, session.clientId, session.csrfToken));
  });

  app.get('/api/auth/session/', { schema: authDocs.sessionRetrieve }, async (request) => {
    const session = request.scope.session;
    if (!session) throw new NotAuthenticated();
    return describeSession(request, session.clientId, session.csrfToken);
  });

  app.patch('/api/auth/session/', { schema: authDocs.sessionUpdate }, async (request) => {
    const session = request.scope.session;
    if (!session) throw new NotAuthenticated();
    const client = await pickClient(requireOwner(request.scope).id, bodyOf(request).client);
    const updated = await sessions.switchClient(session.id, client?.id ?? null);
    return describeSession(request, updated.clientId, updated.csrfToken);
  });

  app.delete('/api/auth/session/', { schema: authDocs.sessionDestroy }, async (request, reply) => {
    const session = request.scope.session;
    if (session) await sessions.destroy(session.id);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });
}
