import { OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Every domain table has an integer id and two timestamps. Entities declare
 * `schema: '*'` so that an EntityManager forked with `{ schema }` qualifies every
 * query with the client's schema (DESIGN §2): nothing depends on `search_path`.
 */
export abstract class BaseEntity<Optional = never> {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | Optional;

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
