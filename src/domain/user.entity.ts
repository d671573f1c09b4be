import { Entity, Index, Property } from '@mikro-orm/core';
import { Resource } from './resource-options';
import { BaseEntity } from './base.entity';

/** A login account. Not shop data: nothing references it (DESIGN §3). */
@Entity({ tableName: 'users', schema: '*' })
@Resource({ ownRowOnlyInPublic: true, passwordFields: ['password'], formats: { email: 'email' } })
@Index({ name: 'users_email_lower_unique', expression: 'create unique index "users_email_lower_unique" on "users" (lower("email"))' })
export class User extends BaseEntity<'firstName' | 'lastName' | 'isActive'> {
  @Property({ type: 'string', length: 254 })
  email!: string;

  /** An argon2id hash; `hidden` keeps it out of every serialized form. */
  @Property({ type: 'string', length: 255, hidden: true, lazy: true })
  password!: string;

  @Property({ type: 'string', length: 150, default: '' })
  firstName: string = '';

  @Property({ type: 'string', length: 150, default: '' })
  lastName: string = '';

  @Property({ type: 'boolean', default: true })
  isActive: boolean = true;
}
