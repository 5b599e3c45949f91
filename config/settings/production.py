"""Production: PostgreSQL (DATABASE_URL), Redis (CACHE_URL, CELERY_BROKER_URL), gunicorn.

Passes `manage.py check --deploy --fail-level WARNING`.
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))  # noqa: F405
WHITENOISE_USE_FINDERS = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(MEDIA_ROOT))  # noqa: F405

# No default passphrases in production: the environment must give them.
DOCUMENTS_CA_PASSPHRASE = env("DOCUMENTS_CA_PASSPHRASE")
DOCUMENTS_SERVICE_PASSPHRASE = env("DOCUMENTS_SERVICE_PASSPHRASE")
PERSONAL_DATA_KEYS = env.list("PERSONAL_DATA_KEYS")
