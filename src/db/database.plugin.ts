import fp from 'fastify-plugin';
import type { Pool } from 'pg';
import type { Orm } from './orm';

declare module 'fastify' {
  interface FastifyInstance {
    /** The ORM; requests use `orm.em.fork({ schema })`, never the global EntityManager. */
    orm: Orm;
    /** Plain pg pool for DDL and bulk work. */
    pool: Pool;
  }
}

export interface DatabasePluginOptions {
  orm: Orm;
  pool: Pool;
}

/** Hands the already-connected ORM and pool to the app, and closes both when the app closes. */
export const databasePlugin = fp<DatabasePluginOptions>(
  async (app, { orm, pool }) => {
    app.decorate('orm', orm);
    app.decorate('pool', pool);
    app.addHook('onClose', async () => {
      await orm.close();
      await pool.end();
    });
  },
  { name: 'database' },
);
