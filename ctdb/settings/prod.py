"""Production: refuses to start without a real secret key and allowed hosts.

Behind HTTPS (the default) cookies are secure, HTTP is redirected and HSTS is
sent; ``CTDB_HTTPS=0`` turns that off for ``make serve`` on a laptop.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

if not SECRET_KEY or len(SECRET_KEY) < 50 or SECRET_KEY.startswith(("dev-", "test-")):  # noqa: F405
    raise ImproperlyConfigured(
        "Set SECRET_KEY to a random string of at least 50 characters, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )
if DEBUG:  # noqa: F405
    raise ImproperlyConfigured("DEBUG must be off in production.")
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma-separated host names).")

HTTPS = env_bool("CTDB_HTTPS", True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = [
    f"{'https' if HTTPS else 'http'}://{host.lstrip('.')}"
    for host in ALLOWED_HOSTS  # noqa: F405
    if host not in {"*"}
]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
