import { Cascade, Collection, Entity, Enum, Index, ManyToOne, OneToMany, Property } from '@mikro-orm/core';
import { BaseEntity } from './base.entity';
import { Customer } from './customer.entity';
import type { OrderItem } from './order-item.entity';

export enum OrderStatus {
  PENDING = 'pending',
  PAID = 'paid',
  SHIPPED = 'shipped',
  DELIVERED = 'delivered',
  CANCELLED = 'cancelled',
}

@Entity({ tableName: 'orders', schema: '*' })
export class Order extends BaseEntity<'status' | 'placedAt' | 'notes'> {
  /** A check constraint, not a native enum type: nothing schema-bound to copy. */
  @Enum({ items: () => OrderStatus, default: OrderStatus.PENDING })
  status: OrderStatus = OrderStatus.PENDING;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  placedAt: Date = new Date();

  @Property({ type: 'text', default: '' })
  notes: string = '';

  @ManyToOne(() => Customer)
  @Index()
  customer!: Customer;

  @OneToMany('OrderItem', 'order', { cascade: [Cascade.ALL], orphanRemoval: true })
  items = new Collection<OrderItem>(this);
}
