"""Settings shared by every environment.

Everything that differs between machines comes from the environment (django-environ);
with no environment at all the product runs on SQLite with console e-mail.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)  # the embedded SQLite database and media live here

env = environ.Env()

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-local-development-key-do-not-deploy")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "django.forms",
    # viewflow detects object permissions by the exact string "guardian".
    "guardian",
    "viewflow",
    "viewflow.workflow",
    "django_filters",
    "approvals",
    "requests",
    "workflows",
    "documents",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Without it anonymous users get viewflow's 403 instead of the log-in page.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "approvals.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "viewflow.middleware.SiteMiddleware",
    "config.middleware.ViewsetPermissionMiddleware",
    "viewflow.middleware.HotwireTurboMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Databases: SQLite by default, PostgreSQL when DATABASE_URL says so.
DATABASES = {
    "default": env.db(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'returns.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so two officials deciding the
        # same task queue up behind each other and the loser gets a clean refusal
        # from the flow instead of "database is locked" halfway through.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "approvals.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Guardian's anonymous user would be a row viewflow could assign tasks to; we need none.
ANONYMOUS_USER_NAME = None
GUARDIAN_MONKEY_PATCH_USER = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# Languages: the product speaks English, Arabic (right to left) and Russian.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("ru", _("Russian")),
]
LOCALE_PATHS = [
    BASE_DIR / "locale",
    # Arabic for viewflow's own strings: viewflow ships none.
    BASE_DIR / "locale_viewflow",
]
LANGUAGE_COOKIE_NAME = "returns_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
TIME_ZONE = "Asia/Damascus"
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Without collectstatic (local, tests) WhiteNoise serves straight from the finders;
# production collects into STATIC_ROOT.
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="returns@localhost")

# Cache: local memory by default; Redis when CACHE_URL is given (production, workers).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# Background work: without a broker, tasks run in the web process (eager);
# CELERY_BROKER_URL (Redis) moves them to Celery workers.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="memory://")
CELERY_TASK_ALWAYS_EAGER = env.bool(
    "CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL == "memory://"
)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE

# Content Security Policy (django-csp): only our own origin; inline scripts and
# styles are needed by viewflow's Material frontend.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "returns": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "weasyprint": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# Product settings.
RETURNS_SITE_TITLE = _("Returns and Reconstruction")
# How often the background loop fires due viewflow timers (seconds).
RETURNS_TIMER_SWEEP_SECONDS = env.int("RETURNS_TIMER_SWEEP_SECONDS", default=30)
# Where e-mails link to.
RETURNS_BASE_URL = env("RETURNS_BASE_URL", default="http://127.0.0.1:8000")
# Daily digests leave at or after this local hour.
RETURNS_DIGEST_HOUR = env.int("RETURNS_DIGEST_HOUR", default=7)
# Attachments: what may be uploaded, and how large.
RETURNS_ATTACHMENT_MAX_BYTES = env.int("RETURNS_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)

# Documents: keys, certificates, rendering.
# Private keys live encrypted in this folder, never in the database or the repository.
DOCUMENTS_KEY_DIR = env.path("DOCUMENTS_KEY_DIR", default=str(VAR_DIR / "keys"))
DOCUMENTS_CA_PASSPHRASE = env("DOCUMENTS_CA_PASSPHRASE", default="local-ca-passphrase")
DOCUMENTS_SERVICE_PASSPHRASE = env("DOCUMENTS_SERVICE_PASSPHRASE",
                                   default="local-service-passphrase")
# A PKCS#11 token for the issuing service's key instead of a file (e.g. SoftHSM2):
# module path, token label and user PIN.
DOCUMENTS_PKCS11 = (
    {"module": env("DOCUMENTS_PKCS11_MODULE"), "token_label": env("DOCUMENTS_PKCS11_TOKEN"),
     "user_pin": env("DOCUMENTS_PKCS11_PIN")}
    if env("DOCUMENTS_PKCS11_MODULE", default="") else None
)
DOCUMENTS_RENDER_TIMEOUT = env.int("DOCUMENTS_RENDER_TIMEOUT", default=60)
# Noto Sans cut to Latin and Cyrillic: an embedded TrueType font keeps PDF/A, and a
# small one halves the time of each signature (the visible stamp is subset each time).
DOCUMENTS_STAMP_FONT = env("DOCUMENTS_STAMP_FONT",
                           default=str(BASE_DIR / "documents" / "fonts" / "NotoSans-Stamp.ttf"))

# Personal data at rest (ID numbers, medical notes): Fernet keys, the first encrypts,
# all decrypt (rotation: add a new key first, run rotate_personal_data_keys, drop the old).
PERSONAL_DATA_KEYS = env.list(
    "PERSONAL_DATA_KEYS", default=["cmV0dXJucy1sb2NhbC1wZXJzb25hbC1kYXRhLWtleSE="]  # local only
)

# Error reports never carry what people typed (names, ID numbers, notes).
DEFAULT_EXCEPTION_REPORTER_FILTER = "config.reporting.NoPersonalDataReporterFilter"
