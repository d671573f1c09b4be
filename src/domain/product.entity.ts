import { Check, Collection, Entity, Index, ManyToMany, ManyToOne, OneToMany, Property } from '@mikro-orm/core';
import { BaseEntity } from './base.entity';
import { Category } from './category.entity';
import { Tag } from './tag.entity';
import type { Review } from './review.entity';

@Entity({ tableName: 'products', schema: '*' })
@Check({ name: 'products_price_check', expression: 'price >= 0' })
@Check({ name: 'products_stock_check', expression: 'stock >= 0' })
export class Product extends BaseEntity<'description' | 'stock' | 'isActive' | 'attributes' | 'category'> {
  @Property({ type: 'string', length: 32, unique: true })
  sku!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Property({ type: 'text', default: '' })
  description: string = '';

  /** numeric(10,2), serialized as a string as DRF does with decimals. */
  @Property({ type: 'decimal', precision: 10, scale: 2 })
  price!: string;

  @Property({ type: 'integer', default: 0 })
  stock: number = 0;

  @Property({ type: 'boolean', default: true })
  isActive: boolean = true;

  @Property({ type: 'json', columnType: 'jsonb', defaultRaw: "'{}'" })
  attributes: Record<string, unknown> = {};

  @ManyToOne(() => Category, { nullable: true, deleteRule: 'set null' })
  @Index()
  category?: Category | null;

  @ManyToMany({ entity: () => Tag, pivotTable: 'product_tags', joinColumn: 'product_id', inverseJoinColumn: 'tag_id' })
  tags = new Collection<Tag>(this);

  @OneToMany('Review', 'product')
  reviews = new Collection<Review>(this);
}
