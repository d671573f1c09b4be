import { Check, Entity, Index, ManyToOne, Property } from '@mikro-orm/core';
import { BaseEntity } from './base.entity';
import { Order } from './order.entity';
import { Product } from './product.entity';

@Entity({ tableName: 'order_items', schema: '*' })
@Check({ name: 'order_items_quantity_check', expression: 'quantity > 0' })
@Check({ name: 'order_items_unit_price_check', expression: 'unit_price >= 0' })
export class OrderItem extends BaseEntity {
  @Property({ type: 'integer' })
  quantity!: number;

  @Property({ type: 'decimal', precision: 10, scale: 2 })
  unitPrice!: string;

  @ManyToOne(() => Order, { deleteRule: 'cascade' })
  @Index()
  order!: Order;

  /** An ordered product cannot be deleted (Django's PROTECT). */
  @ManyToOne(() => Product)
  @Index()
  product!: Product;
}
