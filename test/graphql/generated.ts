/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type BooleanFilter = {
  eq?: boolean | null | undefined;
  exact?: boolean | null | undefined;
  isnull?: boolean | null | undefined;
};

/** Categorys by their children: some, every or none matching. */
export type CategoryChildrenWhere = {
  /** Every related Category matches (true when there is none). */
  every?: CategoryWhere | null | undefined;
  /** No related Category matches. */
  none?: CategoryWhere | null | undefined;
  /** At least one related Category matches. */
  some?: CategoryWhere | null | undefined;
};

/** Categorys whose parent matches: by id, by isnull, or by the Category's own fields. */
export type CategoryParentWhere = {
  AND?: Array<CategoryWhere> | null | undefined;
  NOT?: CategoryWhere | null | undefined;
  OR?: Array<CategoryWhere> | null | undefined;
  children?: CategoryChildrenWhere | null | undefined;
  createdAt?: DateTimeFilter | null | undefined;
  description?: StringFilter | null | undefined;
  id?: RelationIdFilter | null | undefined;
  isnull?: boolean | null | undefined;
  name?: StringFilter | null | undefined;
  parent?: CategoryParentWhere | null | undefined;
  /** Terms (split on spaces and commas) that must each match a text field. */
  search?: string | null | undefined;
  slug?: StringFilter | null | undefined;
  updatedAt?: DateTimeFilter | null | undefined;
};

export type CategoryWhere = {
  AND?: Array<CategoryWhere> | null | undefined;
  NOT?: CategoryWhere | null | undefined;
  OR?: Array<CategoryWhere> | null | undefined;
  children?: CategoryChildrenWhere | null | undefined;
  createdAt?: DateTimeFilter | null | undefined;
  description?: StringFilter | null | undefined;
  id?: IdFilter | null | undefined;
  name?: StringFilter | null | undefined;
  parent?: CategoryParentWhere | null | undefined;
  /** Terms (split on spaces and commas) that must each match a text field. */
  search?: string | null | undefined;
  slug?: StringFilter | null | undefined;
  updatedAt?: DateTimeFilter | null | undefined;
};

/** Customers by their orders: some, every or none matching. */
export type CustomerOrdersWhere = {
  /** Every related Order matches (true when there is none). */
  every?: OrderWhere | null | undefined;
  /** No related Order matches. */
  none?: OrderWhere | null | undefined;
  /** At least one related Order matches. */
  some?: OrderWhere | null | undefined;
};

export type CustomerWhere = {
  AND?: Array<CustomerWhere> | null | undefined;
  NOT?: CustomerWhere | null | undefined;
  OR?: Array<CustomerWhere> | null | undefined;
  city?: StringFilter | null | undefined;
  country?: StringFilter | null | undefined;
  createdAt?: DateTimeFilter | null | undefined;
  email?: StringFilter | null | undefined;
  firstName?: StringFilter | null | undefined;
  id?: IdFilter | null | undefined;
  lastName?: StringFilter | null | undefined;
  orders?: CustomerOrdersWhere | null | undefined;
  phone?: StringFilter | null | undefined;
  /** Terms (split on spaces and commas) that must each match a text field. */
  search?: string | null | undefined;
  updatedAt?: DateTimeFilter | null | undefined;
};

export type DateTimeFilter = {
  eq?: string | null | undefined;
  exact?: string | null | undefined;
  gt?: string | null | undefined;
  gte?: string | null | undefined;
  in?: Array<string> | null | undefined;
  isnull?: boolean | null | undefined;
  lt?: string | null | undefined;
  lte?: string | null | undefined;
  range?: Array<string> | null | undefined;
};

export type DecimalFilter = {
  eq?: string | number | null | undefined;
  exact?: string | number | null | undefined;
  gt?: string | number | null | undefined;
  gte?: string | number | null | undefined;
  in?: Array<string | number> | null | undefined;
  isnull?: boolean | null | undefined;
  lt?: string | number | null | undefined;
  lte?: string | number | null | undefined;
  range?: Array<string | number> | null | undefined;
};

export type IdFilter = {
  eq?: string | number | null | undefined;
  exact?: string | number | null | undefined;
  gt?: string | number | null | undefined;
  gte?: string | number | null | undefined;
  in?: Array<string | number> | null | undefined;
  isnull?: boolean | null | undefined;
  lt?: string | number | null | undefined;
  lte?: string | number | null | undefined;
  range?: Array<string | number> | null | undefined;
};

export type IntFilter = {
  eq?: number | null | undefined;
  exact?: number | null | undefined;
  gt?: number | null | undefined;
  gte?: number | null | undefined;
  in?: Array<number> | null | undefined;
  isnull?: boolean | null | undefined;
  lt?: number | null | undefined;
  lte?: number | null | undefined;
  range?: Array<number> | null | undefined;
};

/** Orders whose customer matches: by id, by isnull, or by the Customer's own fields. */
export type OrderCustomerWhere = {
  AND?: Array<CustomerWhere> | null | undefined;
  NOT?: CustomerWhere | null | undefined;
  OR?: Array<CustomerWhere> | null | undefined;
  city?: StringFilter | null | undefined;
  country?: StringFilter | null | undefined;
  createdAt?: DateTimeFilter | null | undefined;
  email?: StringFilter | null | undefined;
  firstName?: StringFilter | null | undefined;
  id?: RelationIdFilter | null | undefined;
  isnull?: boolean | null | undefined;
  lastName?: StringFilter | null | undefined;
  orders?: CustomerOrdersWhere | null | undefined;
  phone?: StringFilter | null | undefined;
  /** Terms (split on spaces and commas) that must each match a text field. */
  search?: string | null | undefined;
  updatedAt?: DateTimeFilter | null | undefined;
};

/** OrderItems whose order matches: by id, by isnull, or by the Order's own fields. */
export type OrderItemOrderWhere = {
  AND?: Array<OrderWhere> | null | undefined;
  NOT?: OrderWhere | null | undefined;
  OR?: Array<OrderWhere> | null | undefined;
  createdAt?: DateTimeFilter | null | undefined;
  customer?: OrderCustomerWhere | null | undefined;
  id?: RelationIdFilter | null | undefined;
  isnull?: boolean | null | undefined;
  items?: OrderItemsWhere | null | undefined;
  notes?: StringFilter | null | undefined;
  placedAt?: DateTimeFilter | null | undefined;
  /** Terms (split on spaces and commas) that must each match a text field. */
  search?: string | null | undefined;
  status?: OrderStatusFilter | null | undefined;
  updatedAt?: DateTimeFilter | null | undefined;
};

/** OrderItems whose product matches: by id, by isnull, or by the Product's own fields. */
export type OrderItemProductWhere = {
  AND?: Array<ProductWhere> | null | undefined;
  NOT?: ProductWhere | null | undefined;
  OR?: Array<ProductWhere> | null | undefined;
  category?: ProductCategoryWhere | null | undefined;
  createdAt?: DateTimeFilter | null | undefined;
  description?: StringFilter | null | undefined;
  id?: RelationIdFilter | null | undefined;
  isActive?: BooleanFilter | null | undefined;
  isnull?: boolean | null | undefined;
  name?: StringFilter | null | undefined;
  price?: DecimalFilter | null | undefined;
  reviews?: ProductReviewsWhere | null | undefined;
  /** Terms (split on spaces and commas) that must each match a text field. */
  search?: string | null | undefined;
  sku?: StringFilter | null | undefined;
  stock?: IntFilter | null | undefined;
  tags?: ProductTagsWhere | null | undefined;
  updatedAt?: DateTimeFilter | null | undefined;
};

export type OrderItemWhere = {
  AND?: Array<OrderItemWhere> | null | undefined;
  NOT?: OrderItemWhere | null | undefined;
  OR?: Array<OrderItemWhere> | null | undefined;
  createdAt?: DateTimeFilter | null | undefined;
  id?: IdFilter | null | undefined;
  order?: OrderItemOrderWhere | null | undefined;
  product?: OrderItemProductWhere | null | undefined;
  quantity?: IntFilter | null | undefined;
  /** Terms (split on spaces and commas) that must each match a text field. */
  search?: string | null | undefined;
  unitPrice?: DecimalFilter | null | undefined;
  updatedAt?: DateTimeFilter | null | undefined;
};

/** Orders by their items: some, every or none matching. */
export type OrderItemsWhere = {
  /** Every related OrderItem matches (true when there is none). */
  every?: OrderItemWhere | null | undefined;
  /** No related OrderItem matches. */
  none?: OrderItemWhere | null | undefined;
  /** At least one related OrderItem matches. */
  some?: OrderItemWhere | null | undefined;
};

export type OrderStatus =
  | 'CANCELLED'
  | 'DELIVERED'
  | 'PAID'
  | 'PENDING'
  | 'SHIPPED';

export type OrderStatusFilter = {
  eq?: OrderStatus | null | undefined;
  exact?: OrderStatus | null | undefined;
  in?: Array<OrderStatus> | null | undefined;
  isnull?: boolean | null | undefined;
};

export type OrderWhere = {
  AND?: Array<OrderWhere> | null | undefined;
  NOT?: OrderWhere | null | undefined;
  OR?: Array<OrderWhere> | null | undefined;
  createdAt?: DateTimeFilter | null | undefined;
  customer?: OrderCustomerWhere | null | undefined;
  id?: IdFilter | null | undefined;
  items?: OrderItemsWhere | null | undefined;
  notes?: StringFilter | null | undefined;
  placedAt?: DateTimeFilter | null | undefined;
  /** Terms (split on spaces and commas) that must each match a text field. */
  search?: string | null | undefined;
  status?: OrderStatusFilter | null | undefined;
  updatedAt?: DateTimeFilter | null | undefined;
};

/** Products whose category matches: by id, by isnull, or by the Category's own fields. */
export type ProductCategoryWhere = {
  AND?: Array<CategoryWhere> | null | undefined;
  NOT?: CategoryWhere | null | undefined;
  OR?: Array<CategoryWhere> | null | undefined;
  children?: CategoryChildrenWhere | null | undefined;
  createdAt?: DateTimeFilter | null | undefined;
  description?: StringFilter | null | undefined;
  id?: RelationIdFilter | null | undefined;
  isnull?: boolean | null | undefined;
  name?: StringFilter | null | undefined;
  parent?: CategoryParentWhere | null | undefined;
  /** Terms (split on spaces and commas) that must each match a text field. */
  search?: string | null | undefined;
  slug?: StringFilter | null | undefined;
  updatedAt?: DateTimeFilter | null | undefined;
};

export type ProductCreateInput = {
  attributes?: Record<string, unknown> | null | undefined;
  category?: string | number | null | undefined;
  description?: string | null | undefined;
  isActive?: boolean | null | undefined;
  name: string;
  price: string | number;
  sku: string;
  stock?: number | null | undefined;
  tags?: Array<string | number> | null | undefined;
};

export type ProductOrderBy = {
  category?: SortDirection | null | undefined;
  createdAt?: SortDirection | null | undefined;
  description?: SortDirection | null | undefined;
  id?: SortDirection | null | undefined;
  isActive?: SortDirection | null | undefined;
  name?: SortDirection | null | undefined;
  price?: SortDirection | null | undefined;
  sku?: SortDirection | null | undefined;
  stock?: SortDirection | null | undefined;
  updatedAt?: SortDirection | null | undefined;
};

/** Products by their reviews: some, every or none matching. */
export type ProductReviewsWhere = {
  /** Every related Review matches (true when there is none). */
  every?: ReviewWhere | null | undefined;
  /** No related Review matches. */
  none?: ReviewWhere | null | undefined;
  /** At least one related Review matches. */
  some?: ReviewWhere | null | undefined;
};

/** Products by their tags: by id, by isnull, or some, every or none matching. */
export type ProductTagsWhere = {
  /** Every related Tag matches (true when there is none). */
  every?: TagWhere | null | undefined;
  id?: RelationIdFilter | null | undefined;
  isnull?: boolean | null | undefined;
  /** No related Tag matches. */
  none?: TagWhere | null | undefined;
  /** At least one related Tag matches. */
  some?: TagWhere | null | undefined;
};

export type ProductWhere = {
  AND?: Array<ProductWhere> | null | undefined;
  NOT?: ProductWhere | null | undefined;
  OR?: Array<ProductWhere> | null | undefined;
  category?: ProductCategoryWhere | null | undefined;
  createdAt?: DateTimeFilter | null | undefined;
  description?: StringFilter | null | undefined;
  id?: IdFilter | null | undefined;
  isActive?: BooleanFilter | null | undefined;
  name?: StringFilter | null | undefined;
  price?: DecimalFilter | null | undefined;
  reviews?: ProductReviewsWhere | null | undefined;
  /** Terms (split on spaces and commas) that must each match a text field. */
  search?: string | null | undefined;
  sku?: StringFilter | null | undefined;
  stock?: IntFilter | null | undefined;
  tags?: ProductTagsWhere | null | undefined;
  updatedAt?: DateTimeFilter | null | undefined;
};

export type RelationIdFilter = {
  eq?: string | number | null | undefined;
  exact?: string | number | null | undefined;
  in?: Array<string | number> | null | undefined;
};

/** Reviews whose customer matches: by id, by isnull, or by the Customer's own fields. */
export type ReviewCustomerWhere = {
  AND?: Array<CustomerWhere> | null | undefined;
  NOT?: CustomerWhere | null | undefined;
  OR?: Array<CustomerWhere> | null | undefined;
  city?: StringFilter | null | undefined;
  country?: StringFilter | null | undefined;
  createdAt?: DateTimeFilter | null | undefined;
  email?: StringFilter | null | undefined;
  firstName?: StringFilter | null | undefined;
  id?: RelationIdFilter | null | undefined;
  isnull?: boolean | null | undefined;
  lastName?: StringFilter | null | undefined;
  orders?: CustomerOrdersWhere | null | undefined;
  phone?: StringFilter | null | undefined;
  /** Terms (split on spaces and commas) that must each match a text field. */
  search?: string | null | undefined;
  updatedAt?: DateTimeFilter | null | undefined;
};

/** Reviews whose product matches: by id, by isnull, or by the Product's own fields. */
export type ReviewProductWhere = {
  AND?: Array<ProductWhere> | null | undefined;
  NOT?: ProductWhere | null | undefined;
  OR?: Array<ProductWhere> | null | undefined;
  category?: ProductCategoryWhere | null | undefined;
  createdAt?: DateTimeFilter | null | undefined;
  description?: StringFilter | null | undefined;
  id?: RelationIdFilter | null | undefined;
  isActive?: BooleanFilter | null | undefined;
  isnull?: boolean | null | undefined;
  name?: StringFilter | null | undefined;
  price?: DecimalFilter | null | undefined;
  reviews?: ProductReviewsWhere | null | undefined;
  /** Terms (split on spaces and commas) that must each match a text field. */
  search?: string | null | undefined;
  sku?: StringFilter | null | undefined;
  stock?: IntFilter | null | undefined;
  tags?: ProductTagsWhere | null | undefined;
  updatedAt?: DateTimeFilter | null | undefined;
};

export type ReviewWhere = {
  AND?: Array<ReviewWhere> | null | undefined;
  NOT?: ReviewWhere | null | undefined;
  OR?: Array<ReviewWhere> | null | undefined;
  body?: StringFilter | null | undefined;
  createdAt?: DateTimeFilter | null | undefined;
  customer?: ReviewCustomerWhere | null | undefined;
  id?: IdFilter | null | undefined;
  product?: ReviewProductWhere | null | undefined;
  rating?: IntFilter | null | undefined;
  /** Terms (split on spaces and commas) that must each match a text field. */
  search?: string | null | undefined;
  title?: StringFilter | null | undefined;
  updatedAt?: DateTimeFilter | null | undefined;
};

export type SortDirection =
  | 'ASC'
  | 'DESC';

export type StringFilter = {
  contains?: string | null | undefined;
  eq?: string | null | undefined;
  exact?: string | null | undefined;
  gt?: string | null | undefined;
  gte?: string | null | undefined;
  icontains?: string | null | undefined;
  iexact?: string | null | undefined;
  in?: Array<string> | null | undefined;
  isnull?: boolean | null | undefined;
  istartswith?: string | null | undefined;
  lt?: string | null | undefined;
  lte?: string | null | undefined;
  startswith?: string | null | undefined;
};

export type TagWhere = {
  AND?: Array<TagWhere> | null | undefined;
  NOT?: TagWhere | null | undefined;
  OR?: Array<TagWhere> | null | undefined;
  createdAt?: DateTimeFilter | null | undefined;
  id?: IdFilter | null | undefined;
  name?: StringFilter | null | undefined;
  /** Terms (split on spaces and commas) that must each match a text field. */
  search?: string | null | undefined;
  updatedAt?: DateTimeFilter | null | undefined;
};

export type ProductPageQueryVariables = Exact<{
  where?: ProductWhere | null | undefined;
  orderBy?: Array<ProductOrderBy> | ProductOrderBy | null | undefined;
  page?: number | null | undefined;
  pageSize?: number | null | undefined;
}>;


export type ProductPageQuery = { products: { totalCount: number, page: number, pageSize: number, items: Array<{ id: string, name: string, price: string, isActive: boolean, category: { id: string, name: string } | null, tags: Array<{ id: string, name: string }> }> } };

export type CreateProductMutationVariables = Exact<{
  data: ProductCreateInput;
}>;


export type CreateProductMutation = { createProduct: { id: string, sku: string, price: string, tags: Array<{ id: string }>, category: { id: string } | null } };

export type TokenAuthMutationVariables = Exact<{
  email: string;
  password: string;
}>;


export type TokenAuthMutation = { tokenAuth: { access: string, refresh: string } };

export type OrdersPlacedQueryVariables = Exact<{
  where?: OrderWhere | null | undefined;
  pageSize?: number | null | undefined;
}>;


export type OrdersPlacedQuery = { orders: { totalCount: number, items: Array<{ id: string, status: OrderStatus, placedAt: string }> } };

export type UpdateProductAttributesMutationVariables = Exact<{
  id: string | number;
  attributes?: Record<string, unknown> | null | undefined;
}>;


export type UpdateProductAttributesMutation = { updateProduct: { id: string, attributes: Record<string, unknown> } };


export const ProductPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ProductPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"where"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ProductWhere"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ProductOrderBy"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"page"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"pageSize"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"products"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"where"},"value":{"kind":"Variable","name":{"kind":"Name","value":"where"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}},{"kind":"Argument","name":{"kind":"Name","value":"page"},"value":{"kind":"Variable","name":{"kind":"Name","value":"page"}}},{"kind":"Argument","name":{"kind":"Name","value":"pageSize"},"value":{"kind":"Variable","name":{"kind":"Name","value":"pageSize"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"page"}},{"kind":"Field","name":{"kind":"Name","value":"pageSize"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"price"}},{"kind":"Field","name":{"kind":"Name","value":"isActive"}},{"kind":"Field","name":{"kind":"Name","value":"category"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ProductPageQuery, ProductPageQueryVariables>;
export const CreateProductDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateProduct"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"data"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ProductCreateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createProduct"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"data"},"value":{"kind":"Variable","name":{"kind":"Name","value":"data"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"price"}},{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"category"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<CreateProductMutation, CreateProductMutationVariables>;
export const TokenAuthDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TokenAuth"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"email"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"password"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tokenAuth"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"email"},"value":{"kind":"Variable","name":{"kind":"Name","value":"email"}}},{"kind":"Argument","name":{"kind":"Name","value":"password"},"value":{"kind":"Variable","name":{"kind":"Name","value":"password"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"access"}},{"kind":"Field","name":{"kind":"Name","value":"refresh"}}]}}]}}]} as unknown as DocumentNode<TokenAuthMutation, TokenAuthMutationVariables>;
export const OrdersPlacedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"OrdersPlaced"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"where"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"OrderWhere"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"pageSize"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"orders"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"where"},"value":{"kind":"Variable","name":{"kind":"Name","value":"where"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"ListValue","values":[{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"placedAt"},"value":{"kind":"EnumValue","value":"ASC"}}]}]}},{"kind":"Argument","name":{"kind":"Name","value":"pageSize"},"value":{"kind":"Variable","name":{"kind":"Name","value":"pageSize"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"placedAt"}}]}}]}}]}}]} as unknown as DocumentNode<OrdersPlacedQuery, OrdersPlacedQueryVariables>;
export const UpdateProductAttributesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateProductAttributes"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"attributes"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"JSON"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateProduct"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"data"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"attributes"},"value":{"kind":"Variable","name":{"kind":"Name","value":"attributes"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"attributes"}}]}}]}}]} as unknown as DocumentNode<UpdateProductAttributesMutation, UpdateProductAttributesMutationVariables>;