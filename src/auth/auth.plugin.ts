import cookie from '@fastify/cookie';
import type { EntityManager } from '@mikro-orm/postgresql';
import fp from 'fastify-plugin';
import { Accounts } from './accounts';
import { Authenticator } from './authenticate';
import type { CallerLimits } from '../limits/caller-limits';
import type { RequestScope } from './request-scope';
import { Sessions } from './sessions';
import { Tokens } from './tokens';

declare module 'fastify' {
  interface FastifyInstance {
    auth: { accounts: Accounts; tokens: Tokens; sessions: Sessions; callerLimits: CallerLimits; authenticator: Authenticator };
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

/** Tokens, sessions, and the hook that builds every request's scope (client, schema, user, em). */
export const authPlugin = fp<AuthPluginOptions>(
  async (app, options) => {
    await app.register(cookie);
    const accounts = new Accounts(app.pool);
    const tokens = new Tokens(
      { secret: options.jwtSecret, accessLifetime: options.accessTokenLifetime, refreshLifetime: options.refreshTokenLifetime, now: options.now },
      app.pool,
    );
    const sessions = new Sessions(app.pool, options.refreshTokenLifetime);
    const authenticator = new Authenticator(app.clientResolver, app.tenancy.clients, accounts, tokens, sessions, app.tenancy.expiry);
    app.decorate('auth', { accounts, tokens, sessions, callerLimits: app.callerLimits, authenticator });
    app.decorateRequest('scope', null as unknown as RequestScope);

    const orm = app.orm;
    app.addHook('onRequest', async (request) => {
      // The docs and the probes are open: a stale header must not lock anyone out of them.
      const open = OPEN_PATHS.test(request.url);
      const identity = open ? { client: null, user: null, via: null, session: null } : await authenticator.identify(request);
      const schema = identity.client?.schemaName ?? 'public';
      let em: EntityManager | undefined;
      request.scope = {
        requestId: request.id,
        ...identity,
        schema,
        get em() {
          return (em ??= orm.em.fork({ schema }) as EntityManager);
        },
      };
    });
  },
  { name: 'auth', dependencies: ['database', 'limits', 'tenancy'] },
);
