import cookie from '@fastify/cookie';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { NotAuthenticated } from '../errors';
import type { Accounts } from './accounts';
import { Authenticator } from './authenticate';
import { limitPasswordHashing } from './passwords';
import type { CallerLimits } from '../limits/caller-limits';
import type { RequestScope } from './request-scope';
import { Sessions } from './sessions';
import { Tokens } from './tokens';

declare module 'fastify' {
  interface FastifyInstance {
    auth: {
      accounts: Accounts;
      tokens: Tokens;
      sessions: Sessions;
      callerLimits: CallerLimits;
      authenticator: Authenticator;
      /**
       * On `path` a refused Authorization header does not end the request in this hook: the request
       * goes on anonymous with the refusal in `scope.refusedAuthorization`, for the door to raise
       * unless what was asked for authenticates itself (GraphQL's `refreshToken`, `tokenAuth`, …).
       */
      judgeAuthorizationLater(path: string): void;
    };
  }
  interface FastifyRequest {
    scope: RequestScope;
  }
}

export interface AuthPluginOptions {
  jwtSecret: string;
  accessTokenLifetime: number;
  refreshTokenLifetime: number;
  /** Tests move the clock instead of sleeping. */
  now?: () => number;
}

const OPEN_PATHS = /^\/(docs|healthz|readyz|admin|graphiql)(\/|\?|$)/;

type Security = Array<Record<string, unknown>>;

/**
 * A route documented as needing no credentials but an optional Api-Key (`security: []`: the token
 * views, registration, login) never reads the Authorization header, as simplejwt's views
 * authenticate nothing: the OpenAPI document and the behaviour are one thing.
 */
function ignoresAuthorization(request: FastifyRequest): boolean {
  const security = (request.routeOptions.schema as { security?: Security } | undefined)?.security;
  return security !== undefined && security.every((alternative) => Object.keys(alternative).every((scheme) => scheme === 'apiKeyAuth'));
}

/** Tokens, sessions, and the hook that builds every request's scope (client, schema, user, em). */
export const authPlugin = fp<AuthPluginOptions>(
  async (app, options) => {
    // PASSWORD_HASH_CONCURRENCY and PASSWORD_HASH_QUEUE, sized once at start, before any login or registration.
    limitPasswordHashing(app.limits.passwordHashConcurrency, app.limits.passwordHashQueue);
    await app.register(cookie);
    // The tenancy plugin's (it registers accounts); auth reads them. Api-Keys resolve through what src/auth/api-client.ts asks of tenancy.
    const accounts = app.tenancy.accounts;
    const tokens = new Tokens(
      { secret: options.jwtSecret, accessLifetime: options.accessTokenLifetime, refreshLifetime: options.refreshTokenLifetime, now: options.now },
      app.pool,
    );
    const sessions = new Sessions(app.pool, options.refreshTokenLifetime);
    const authenticator = new Authenticator(app.clientResolver, app.tenancy.clients, accounts, tokens, sessions, app.tenancy.expiry);
    const judgedLater = new Set<string>();
    app.decorate('auth', {
      accounts,
      tokens,
      sessions,
      callerLimits: app.callerLimits,
      authenticator,
      judgeAuthorizationLater: (path: string) => void judgedLater.add(path),
    });
    app.decorateRequest('scope', null as unknown as RequestScope);

    async function identify(request: FastifyRequest) {
      // The docs and the probes are open: a stale header must not lock anyone out of them.
      if (OPEN_PATHS.test(request.url)) return { identity: { client: null, user: null, via: null, session: null }, refused: null };
      if (ignoresAuthorization(request)) return { identity: await authenticator.identify(request, { authorization: false }), refused: null };
      if (!judgedLater.has(request.routeOptions.url ?? '')) return { identity: await authenticator.identify(request), refused: null };
      try {
        return { identity: await authenticator.identify(request), refused: null };
      } catch (error) {
        // Only the Authorization header refuses with a 401 here (an Api-Key's refusals are 403 and 503, and stand).
        if (!(error instanceof NotAuthenticated)) throw error;
        return { identity: await authenticator.identify(request, { authorization: false }), refused: error };
      }
    }

    const orm = app.orm;
    app.addHook('onRequest', async (request) => {
      const { identity, refused } = await identify(request);
      const schema = identity.client?.schemaName ?? 'public';
      let em: EntityManager | undefined;
      request.scope = {
        requestId: request.id,
        ...identity,
        refusedAuthorization: refused,
        schema,
        get em() {
          return (em ??= orm.em.fork({ schema }) as EntityManager);
        },
      };
    });
  },
  { name: 'auth', dependencies: ['database', 'limits', 'tenancy'] },
);
