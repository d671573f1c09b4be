import { Check, Collection, Entity, OneToMany, Property } from '@mikro-orm/core';
import { Resource } from './resource-options';
import { BaseEntity } from './base.entity';
import type { Order } from './order.entity';

@Resource({ formats: { email: 'email' } })
@Entity({ tableName: 'customers', schema: '*' })
@Check({ name: 'customers_country_check', expression: "country ~ '^[A-Z]{2}$'" })
export class Customer extends BaseEntity<'phone' | 'city'> {
  @Property({ type: 'string', length: 254, unique: true })
  email!: string;

  @Property({ type: 'string', length: 100 })
  firstName!: string;

  @Property({ type: 'string', length: 100 })
  lastName!: string;

  @Property({ type: 'string', length: 32, default: '' })
  phone: string = '';

  @Property({ type: 'string', length: 100, default: '' })
  city: string = '';

  /** ISO 3166-1 alpha-2. */
  @Property({ type: 'string', columnType: 'char(2)' })
  country!: string;

  @OneToMany('Order', 'customer')
  orders = new Collection<Order>(this);
}
