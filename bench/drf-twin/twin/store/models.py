"""The storefront tables as a developer would declare them over an existing database
(managed=False: Django never creates or alters them)."""
from argon2 import PasswordHasher
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone


class Timestamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class UserManager(BaseUserManager):
    pass


class User(AbstractBaseUser, Timestamped):
    """The schema's `users` table. Passwords are argon2id hashes in the PHC format written by
    the Node server ($argon2id$v=19$...), which Django's Argon2PasswordHasher does not read
    without its `argon2` prefix: check_password verifies them with argon2-cffi directly."""
    email = models.EmailField(max_length=254, unique=True)
    password = models.CharField(max_length=255)
    first_name = models.CharField(max_length=150, blank=True, default='')
    last_name = models.CharField(max_length=150, blank=True, default='')
    is_active = models.BooleanField(default=True)
    last_login = None

    USERNAME_FIELD = 'email'
    EMAIL_FIELD = 'email'
    objects = UserManager()

    class Meta:
        managed = False
        db_table = 'users'

    def check_password(self, raw_password):
        try:
            return PasswordHasher().verify(self.password, raw_password)
        except Exception:
            return False


class Category(Timestamped):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True, default='')
    parent = models.ForeignKey('self', null=True, blank=True, on_delete=models.SET_NULL, related_name='children')

    class Meta:
        managed = False
        db_table = 'categories'
        ordering = ['id']
        verbose_name_plural = 'categories'


class Tag(Timestamped):
    name = models.CharField(max_length=50, unique=True)

    class Meta:
        managed = False
        db_table = 'tags'
        ordering = ['id']


class Product(Timestamped):
    sku = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, default='')
    price = models.DecimalField(max_digits=10, decimal_places=2, validators=[MinValueValidator(0)])
    stock = models.IntegerField(default=0, validators=[MinValueValidator(0)])
    is_active = models.BooleanField(default=True)
    attributes = models.JSONField(default=dict, blank=True)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL, related_name='products')
    tags = models.ManyToManyField(Tag, db_table='product_tags', blank=True, related_name='products')

    class Meta:
        managed = False
        db_table = 'products'
        ordering = ['id']


class Customer(Timestamped):
    email = models.EmailField(max_length=254, unique=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    phone = models.CharField(max_length=32, blank=True, default='')
    city = models.CharField(max_length=100, blank=True, default='')
    country = models.CharField(max_length=2)  # ISO 3166-1 alpha-2

    class Meta:
        managed = False
        db_table = 'customers'
        ordering = ['id']


class Order(Timestamped):
    STATUS_CHOICES = [(s, s.capitalize()) for s in ('pending', 'paid', 'shipped', 'delivered', 'cancelled')]
    status = models.TextField(choices=STATUS_CHOICES, default='pending')
    placed_at = models.DateTimeField(default=timezone.now)
    notes = models.TextField(blank=True, default='')
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name='orders')

    class Meta:
        managed = False
        db_table = 'orders'
        ordering = ['id']


class OrderItem(Timestamped):
    quantity = models.IntegerField(validators=[MinValueValidator(1)])
    unit_price = models.DecimalField(max_digits=10, decimal_places=2, validators=[MinValueValidator(0)])
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name='items')
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name='order_items')

    class Meta:
        managed = False
        db_table = 'order_items'
        ordering = ['id']


class Review(Timestamped):
    rating = models.SmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True, default='')
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name='reviews')
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name='reviews')

    class Meta:
        managed = False
        db_table = 'reviews'
        ordering = ['id']
