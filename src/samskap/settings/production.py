"""Production overlay: secure defaults; refuses to start without a real secret or on
anything but PostgreSQL (SQLite cannot hold the ledger's database guards)."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, env_bool

DEBUG = False
# The key comes from the environment: never the demo's generated var/secret_key.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("Set SECRET_KEY to a random value of at least 50 characters.")
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "Samskap runs on PostgreSQL in production: set DATABASE_URL=postgres://… "
        f"(got the {DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]} backend)."
    )

# Each gunicorn worker keeps its database connection between requests: a new PostgreSQL
# backend per request cost 7-12 ms of the database server's CPU per page at `medium`
# (docs/benchmarks.md). Checked before reuse, so a connection the server dropped is
# replaced rather than failing a request. DATABASE_CONN_MAX_AGE=0 closes after each one.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Only real people's numbers in production, whatever the environment says.
SAMSKAP_ACCEPT_SYNTHETIC_NATIONAL_IDS = False

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
