"""ModelViewSets with DRF's defaults; the filters are the lookups the user docs list per field type."""
from rest_framework import viewsets

from . import models, serializers

TEXT = ['exact', 'iexact', 'contains', 'icontains', 'startswith', 'istartswith', 'gt', 'gte', 'lt', 'lte', 'in', 'isnull']
NUMBER = ['exact', 'gt', 'gte', 'lt', 'lte', 'in', 'range', 'isnull']  # integers, decimals, datetimes
BOOL = ['exact', 'isnull']
RELATION = ['exact', 'in', 'isnull']
TIMESTAMPS = {'id': NUMBER, 'created_at': NUMBER, 'updated_at': NUMBER}


class CategoryViewSet(viewsets.ModelViewSet):
    queryset = models.Category.objects.all()
    serializer_class = serializers.CategorySerializer
    filterset_fields = {**TIMESTAMPS, 'name': TEXT, 'slug': TEXT, 'description': TEXT, 'parent': RELATION}
    search_fields = ['name', 'slug', 'description']
    ordering_fields = ['id', 'created_at', 'updated_at', 'name', 'slug', 'description', 'parent']


class TagViewSet(viewsets.ModelViewSet):
    queryset = models.Tag.objects.all()
    serializer_class = serializers.TagSerializer
    filterset_fields = {**TIMESTAMPS, 'name': TEXT}
    search_fields = ['name']
    ordering_fields = ['id', 'created_at', 'updated_at', 'name']


class ProductViewSet(viewsets.ModelViewSet):
    queryset = models.Product.objects.all().prefetch_related('tags')
    serializer_class = serializers.ProductSerializer
    filterset_fields = {**TIMESTAMPS, 'sku': TEXT, 'name': TEXT, 'description': TEXT, 'price': NUMBER,
                        'stock': NUMBER, 'is_active': BOOL, 'category': RELATION,
                        'tags': ['exact', 'isnull']}  # 'in' on a M2M: django-filter 23.1 fails (list has no split) on every request
    search_fields = ['sku', 'name', 'description']
    ordering_fields = ['id', 'created_at', 'updated_at', 'sku', 'name', 'description', 'price', 'stock',
                       'is_active', 'category']


class CustomerViewSet(viewsets.ModelViewSet):
    queryset = models.Customer.objects.all()
    serializer_class = serializers.CustomerSerializer
    filterset_fields = {**TIMESTAMPS, 'email': TEXT, 'first_name': TEXT, 'last_name': TEXT, 'phone': TEXT,
                        'city': TEXT, 'country': TEXT}
    search_fields = ['email', 'first_name', 'last_name', 'phone', 'city', 'country']
    ordering_fields = ['id', 'created_at', 'updated_at', 'email', 'first_name', 'last_name', 'phone', 'city',
                       'country']


class OrderViewSet(viewsets.ModelViewSet):
    queryset = models.Order.objects.all()
    serializer_class = serializers.OrderSerializer
    filterset_fields = {**TIMESTAMPS, 'status': RELATION, 'placed_at': NUMBER, 'notes': TEXT, 'customer': RELATION}
    search_fields = ['notes']
    ordering_fields = ['id', 'created_at', 'updated_at', 'status', 'placed_at', 'notes', 'customer']


class OrderItemViewSet(viewsets.ModelViewSet):
    queryset = models.OrderItem.objects.all()
    serializer_class = serializers.OrderItemSerializer
    filterset_fields = {**TIMESTAMPS, 'quantity': NUMBER, 'unit_price': NUMBER, 'order': RELATION,
                        'product': RELATION}
    ordering_fields = ['id', 'created_at', 'updated_at', 'quantity', 'unit_price', 'order', 'product']


class ReviewViewSet(viewsets.ModelViewSet):
    queryset = models.Review.objects.all()
    serializer_class = serializers.ReviewSerializer
    filterset_fields = {**TIMESTAMPS, 'rating': NUMBER, 'title': TEXT, 'body': TEXT, 'product': RELATION,
                        'customer': RELATION}
    search_fields = ['title', 'body']
    ordering_fields = ['id', 'created_at', 'updated_at', 'rating', 'title', 'body', 'product', 'customer']
