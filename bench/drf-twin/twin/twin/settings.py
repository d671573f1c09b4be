"""A stock Django 3.2 + DRF 3.14 + django-filter 23.1 + simplejwt 5.2.2 project over a client's schema.

Connection from the environment (set by ../run-twin.sh):
  TWIN_DB_HOST, TWIN_DB_PORT, TWIN_DB_USER, TWIN_DB_PASSWORD, TWIN_DB_NAME, TWIN_SCHEMA.
Django's own tables (django_migrations, auth_*, contenttypes, token_blacklist_*) live in the
schema `twin_django`, put first on the search_path; the storefront tables are found in TWIN_SCHEMA.
"""
import os
from datetime import timedelta

BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECRET_KEY = os.environ.get('TWIN_SECRET_KEY', 'drf-twin-not-secret-0123456789abcdef0123456789')
DEBUG = False
ALLOWED_HOSTS = ['*']

INSTALLED_APPS = [
    'django.contrib.auth',
    'django.contrib.contenttypes',
    'rest_framework',
    'django_filters',
    'rest_framework_simplejwt.token_blacklist',
    'store',
]

MIDDLEWARE = [
    'django.middleware.security.SecurityMiddleware',
    'django.middleware.common.CommonMiddleware',
    'django.middleware.clickjacking.XFrameOptionsMiddleware',
]

ROOT_URLCONF = 'twin.urls'
TEMPLATES = []
WSGI_APPLICATION = 'twin.wsgi.application'

SCHEMA = os.environ.get('TWIN_SCHEMA', 'public')
DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.postgresql',
        'HOST': os.environ.get('TWIN_DB_HOST', '127.0.0.1'),
        'PORT': os.environ.get('TWIN_DB_PORT', '5432'),
        'USER': os.environ.get('TWIN_DB_USER', 'postgres'),
        'PASSWORD': os.environ.get('TWIN_DB_PASSWORD', ''),
        'NAME': os.environ.get('TWIN_DB_NAME', 'postgres'),
        'OPTIONS': {'options': f'-c search_path=twin_django,{SCHEMA}'},
    }
}
DEFAULT_AUTO_FIELD = 'django.db.models.AutoField'
AUTH_USER_MODEL = 'store.User'

LANGUAGE_CODE = 'en-us'
TIME_ZONE = 'UTC'
USE_I18N = True
USE_L10N = True
USE_TZ = True

REST_FRAMEWORK = {
    'DEFAULT_AUTHENTICATION_CLASSES': ['rest_framework_simplejwt.authentication.JWTAuthentication'],
    'DEFAULT_PERMISSION_CLASSES': ['rest_framework.permissions.IsAuthenticated'],
    'DEFAULT_PAGINATION_CLASS': 'store.pagination.Pagination',
    'DEFAULT_FILTER_BACKENDS': [
        'django_filters.rest_framework.DjangoFilterBackend',
        'rest_framework.filters.SearchFilter',
        'rest_framework.filters.OrderingFilter',
    ],
    # There is no browsable API on the server being measured.
    'DEFAULT_RENDERER_CLASSES': ['rest_framework.renderers.JSONRenderer'],
}

SIMPLE_JWT = {
    'ACCESS_TOKEN_LIFETIME': timedelta(minutes=5),
    'REFRESH_TOKEN_LIFETIME': timedelta(days=1),
    'ROTATE_REFRESH_TOKENS': True,
    'BLACKLIST_AFTER_ROTATION': True,
}

LOGGING = {'version': 1, 'disable_existing_loggers': False,
           'handlers': {'console': {'class': 'logging.StreamHandler'}},
           'loggers': {'django.request': {'handlers': ['console'], 'level': 'ERROR'}}}
