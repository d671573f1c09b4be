import { Entity, Property } from '@mikro-orm/core';
import { BaseEntity } from './base.entity';

@Entity({ tableName: 'tags', schema: '*' })
export class Tag extends BaseEntity {
  @Property({ type: 'string', length: 50, unique: true })
  name!: string;
}
