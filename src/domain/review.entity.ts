import { Check, Entity, Index, ManyToOne, Property } from '@mikro-orm/core';
import { BaseEntity } from './base.entity';
import { Customer } from './customer.entity';
import { Product } from './product.entity';

@Entity({ tableName: 'reviews', schema: '*' })
@Check({ name: 'reviews_rating_check', expression: 'rating >= 1 and rating <= 5' })
export class Review extends BaseEntity<'body'> {
  @Property({ type: 'smallint' })
  rating!: number;

  @Property({ type: 'string', length: 200 })
  title!: string;

  @Property({ type: 'text', default: '' })
  body: string = '';

  @ManyToOne(() => Product, { deleteRule: 'cascade' })
  @Index()
  product!: Product;

  @ManyToOne(() => Customer, { deleteRule: 'cascade' })
  @Index()
  customer!: Customer;
}
