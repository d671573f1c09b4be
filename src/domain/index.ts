import { BaseEntity } from './base.entity';
import { Category } from './category.entity';
import { Customer } from './customer.entity';
import { Order } from './order.entity';
import { OrderItem } from './order-item.entity';
import { Product } from './product.entity';
import { Review } from './review.entity';
import { Tag } from './tag.entity';
import { User } from './user.entity';

export { BaseEntity, Category, Customer, Order, OrderItem, Product, Review, Tag, User };
export { OrderStatus } from './order.entity';

/** Every domain entity, in dependency order (referenced tables first). */
export const domainEntities = [User, Category, Tag, Product, Customer, Order, OrderItem, Review];
