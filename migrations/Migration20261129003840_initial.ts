import { Migration } from '@mikro-orm/migrations';

export class Migration20261129003840_initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "categories" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" varchar(100) not null, "slug" varchar(100) not null, "description" text not null default '', "parent_id" int null);`);
    this.addSql(`alter table "categories" add constraint "categories_name_unique" unique ("name");`);
    this.addSql(`alter table "categories" add constraint "categories_slug_unique" unique ("slug");`);
    this.addSql(`create index "categories_parent_id_index" on "categories" ("parent_id");`);

    this.addSql(`create table "customers" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "email" varchar(254) not null, "first_name" varchar(100) not null, "last_name" varchar(100) not null, "phone" varchar(32) not null default '', "city" varchar(100) not null default '', "country" char(2) not null, constraint customers_country_check check (country ~ '^[A-Z]{2}\$'));`);
    this.addSql(`alter table "customers" add constraint "customers_email_unique" unique ("email");`);

    this.addSql(`create table "orders" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "status" text check ("status" in ('pending', 'paid', 'shipped', 'delivered', 'cancelled')) not null default 'pending', "placed_at" timestamptz not null default now(), "notes" text not null default '', "customer_id" int not null);`);
    this.addSql(`create index "orders_customer_id_index" on "orders" ("customer_id");`);

    this.addSql(`create table "products" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "sku" varchar(32) not null, "name" varchar(200) not null, "description" text not null default '', "price" numeric(10,2) not null, "stock" int not null default 0, "is_active" boolean not null default true, "attributes" jsonb not null default '{}', "category_id" int null, constraint products_stock_check check (stock >= 0), constraint products_price_check check (price >= 0));`);
    this.addSql(`alter table "products" add constraint "products_sku_unique" unique ("sku");`);
    this.addSql(`create index "products_category_id_index" on "products" ("category_id");`);

    this.addSql(`create table "order_items" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "quantity" int not null, "unit_price" numeric(10,2) not null, "order_id" int not null, "product_id" int not null, constraint order_items_unit_price_check check (unit_price >= 0), constraint order_items_quantity_check check (quantity > 0));`);
    this.addSql(`create index "order_items_order_id_index" on "order_items" ("order_id");`);
    this.addSql(`create index "order_items_product_id_index" on "order_items" ("product_id");`);

    this.addSql(`create table "reviews" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "rating" smallint not null, "title" varchar(200) not null, "body" text not null default '', "product_id" int not null, "customer_id" int not null, constraint reviews_rating_check check (rating >= 1 and rating <= 5));`);
    this.addSql(`create index "reviews_product_id_index" on "reviews" ("product_id");`);
    this.addSql(`create index "reviews_customer_id_index" on "reviews" ("customer_id");`);

    this.addSql(`create table "tags" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "name" varchar(50) not null);`);
    this.addSql(`alter table "tags" add constraint "tags_name_unique" unique ("name");`);

    this.addSql(`create table "product_tags" ("product_id" int not null, "tag_id" int not null, constraint "product_tags_pkey" primary key ("product_id", "tag_id"));`);

    this.addSql(`create table "users" ("id" serial primary key, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "email" varchar(254) not null, "password" varchar(255) not null, "first_name" varchar(150) not null default '', "last_name" varchar(150) not null default '', "is_active" boolean not null default true);`);
    this.addSql(`create unique index "users_email_lower_unique" on "users" (lower("email"));`);

    this.addSql(`alter table "categories" add constraint "categories_parent_id_foreign" foreign key ("parent_id") references "categories" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "orders" add constraint "orders_customer_id_foreign" foreign key ("customer_id") references "customers" ("id") on update cascade;`);

    this.addSql(`alter table "products" add constraint "products_category_id_foreign" foreign key ("category_id") references "categories" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "order_items" add constraint "order_items_order_id_foreign" foreign key ("order_id") references "orders" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "order_items" add constraint "order_items_product_id_foreign" foreign key ("product_id") references "products" ("id") on update cascade;`);

    this.addSql(`alter table "reviews" add constraint "reviews_product_id_foreign" foreign key ("product_id") references "products" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "reviews" add constraint "reviews_customer_id_foreign" foreign key ("customer_id") references "customers" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "product_tags" add constraint "product_tags_product_id_foreign" foreign key ("product_id") references "products" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "product_tags" add constraint "product_tags_tag_id_foreign" foreign key ("tag_id") references "tags" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "categories" drop constraint "categories_parent_id_foreign";`);

    this.addSql(`alter table "products" drop constraint "products_category_id_foreign";`);

    this.addSql(`alter table "orders" drop constraint "orders_customer_id_foreign";`);

    this.addSql(`alter table "reviews" drop constraint "reviews_customer_id_foreign";`);

    this.addSql(`alter table "order_items" drop constraint "order_items_order_id_foreign";`);

    this.addSql(`alter table "order_items" drop constraint "order_items_product_id_foreign";`);

    this.addSql(`alter table "reviews" drop constraint "reviews_product_id_foreign";`);

    this.addSql(`alter table "product_tags" drop constraint "product_tags_product_id_foreign";`);

    this.addSql(`alter table "product_tags" drop constraint "product_tags_tag_id_foreign";`);

    this.addSql(`drop table if exists "categories" cascade;`);

    this.addSql(`drop table if exists "customers" cascade;`);

    this.addSql(`drop table if exists "orders" cascade;`);

    this.addSql(`drop table if exists "products" cascade;`);

    this.addSql(`drop table if exists "order_items" cascade;`);

    this.addSql(`drop table if exists "reviews" cascade;`);

    this.addSql(`drop table if exists "tags" cascade;`);

    this.addSql(`drop table if exists "product_tags" cascade;`);

    this.addSql(`drop table if exists "users" cascade;`);
  }

}
