import { Collection, Entity, Index, ManyToOne, OneToMany, Property } from '@mikro-orm/core';
import { Resource } from './resource-options';
import { BaseEntity } from './base.entity';

/** A node of the category tree. */
@Resource({ formats: { slug: 'slug' } })
@Entity({ tableName: 'categories', schema: '*' })
export class Category extends BaseEntity<'description' | 'parent'> {
  @Property({ type: 'string', length: 100, unique: true })
  name!: string;

  @Property({ type: 'string', length: 100, unique: true })
  slug!: string;

  @Property({ type: 'text', default: '' })
  description: string = '';

  @ManyToOne(() => Category, { nullable: true, deleteRule: 'set null' })
  @Index()
  parent?: Category | null;

  @OneToMany(() => Category, (category) => category.parent)
  children = new Collection<Category>(this);
}
