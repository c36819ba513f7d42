"""Settings of the read-only JSON API under /api/v1/ (imported by base.py).

The API's views name their renderers, throttle and schema class themselves,
so these settings only tune it:

- ``CTDB_API_RATE`` (environment): requests allowed per client address, e.g.
  ``120/min`` (the default), ``2000/hour`` or ``5/s``.
- ``CTDB_API_PROXIES`` (environment): how many reverse proxies stand in front
  of the site. 0 (the default) counts requests by the connecting address and
  ignores ``X-Forwarded-For``, which any client can forge; behind one proxy
  (nginx → gunicorn) set it to 1.
- ``CTDB_API_MAX_AGE`` (environment): seconds a client or cache may reuse a
  response before revalidating it with its ETag; 60 by default.
"""

import os

CTDB_API_RATE = os.environ.get("CTDB_API_RATE", "120/min")
CTDB_API_MAX_AGE = int(os.environ.get("CTDB_API_MAX_AGE", "60"))

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"api": CTDB_API_RATE},
    "NUM_PROXIES": int(os.environ.get("CTDB_API_PROXIES", "0")),
    "URL_FORMAT_OVERRIDE": None,
    "UNICODE_JSON": True,
}

# The served document adds its description and settings in apps/api/schema.py;
# these make `manage.py spectacular` agree with it on the basics.
SPECTACULAR_SETTINGS = {
    "TITLE": "ctdb API",
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
}
