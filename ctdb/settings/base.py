"""Settings shared by every environment.

Everything a deployment configures is read from the environment here, in one
place (the README's "Deploying" section lists every variable).
With no DATABASE_URL, the project's own PostgreSQL cluster in ``.pgdata/`` is
used (see ``ctdb/localdb.py``); importing the settings never starts it:
``manage.py``, ``make`` and the tests' set-up do.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def database_from_environment() -> dict:
    """DATABASE_URL when set, otherwise the local cluster (described, not started)."""
    url = os.environ.get("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        if config["ENGINE"] != "django.db.backends.postgresql":
            raise RuntimeError(
                f"ctdb runs on PostgreSQL only; DATABASE_URL names {config['ENGINE']}"
            )
        return config
    from ctdb import localdb

    return localdb.connection_settings()


def database_replica_from_environment() -> dict | None:
    """DATABASE_REPLICA_URL: a streaming replica that serves the public pages' reads."""
    url = os.environ.get("DATABASE_REPLICA_URL")
    if not url:
        return None
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    # Tests read the replica through its own connection, never through a copy of default.
    config["TEST"] = {"MIRROR": "default"} if env_bool("CTDB_REPLICA_TEST_MIRROR", False) else {}
    return config


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "import_export",
    "simple_history",
    "apps.core",
    "apps.jobs",
    "apps.sources",
    "apps.registry",
    "apps.figures",
    "apps.seed",
    "apps.public",
    "apps.suggestions",
    "apps.imports",
    "apps.bulkactions",
    "apps.api",
    "apps.screenshots",
    "rest_framework",
    "drf_spectacular",
    "axes",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "apps.core.middleware.ReadFromReplicaMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ctdb.urls"
WSGI_APPLICATION = "ctdb.wsgi.application"
ASGI_APPLICATION = "ctdb.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "ctdb" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": database_from_environment()}
if replica := database_replica_from_environment():
    DATABASES["replica"] = replica
DATABASE_ROUTERS = ["apps.core.routers.ReplicaRouter"]

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "ctdb_cache",
    },
    # The listing's facet counts, kept in each server process: a reader's page
    # never writes to the database (it may be served by a read-only replica), and
    # a stale entry cannot be read because its key names the data version.
    "facets": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "facets",
        "TIMEOUT": 600,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
    # Public pages, under the same version (apps/public/caching.py).
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "TIMEOUT": 600,
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
}
# App servers keep nothing on local disk: sessions, rate-limit counters and the
# spreadsheets waiting for an import's confirmation all live in PostgreSQL.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.CacheStorage"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five failed logins for one username from one address lock it out for an hour.
AXES_FAILURE_LIMIT = int(os.environ.get("CTDB_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = os.environ.get("CTDB_LANGUAGE_CODE", "en")
LANGUAGES = [("en", _("English")), ("ar", _("Arabic")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Africa/Casablanca"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "ctdb" / "static"]

# Background work (imports too long for a web request) is queued in PostgreSQL and
# run by `manage.py db_worker`, which `make run` and `make serve` start.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Off: it drops a leading "=" and writes empty cells as "None". Staff exports
# escape formulas with apps.core.formulas, which imports read back unchanged.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = True  # django-simple-history records every change instead
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_IMPORT_IGNORE_BLANK_LINES = True

ADMIN_URL = os.environ.get("CTDB_ADMIN_URL", "admin/").strip("/") + "/"

# Uploads and exports are bounded; exports are rate-limited per client.
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
# Milliseconds a listing page may spend counting its facets; past it the page
# is served without counts while they are counted in the background. None:
# always count in the request (tests do, for determinism).
FACET_BUDGET_MS = int(os.environ.get("CTDB_FACET_BUDGET_MS", "100")) or None
# Public pages kept in memory until what readers see changes (apps/public/caching.py);
# the benchmarks turn it off to time the work of building a page.
PUBLIC_PAGE_CACHE = env_bool("CTDB_PAGE_CACHE", True)
EXPORT_MAX_ROWS = int(os.environ.get("CTDB_EXPORT_MAX_ROWS", "2000000"))
EXPORT_RATE = os.environ.get("CTDB_EXPORT_RATE", "30/h")
RATELIMIT_USE_CACHE = "default"
RATELIMIT_VIEW = "apps.public.views.rate_limited"

# Content-Security-Policy: scripts and styles come from this site only; the
# admin and the chart set style attributes, so inline styles are allowed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
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
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": os.environ.get("CTDB_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
from .api import *  # noqa: E402, F403  (the API: REST_FRAMEWORK, SPECTACULAR_SETTINGS)
