"""Environment-driven settings shared by every deployment; overlays stay thin."""

import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.conf import global_settings
from django.utils.translation import gettext_lazy as _

from samskap.settings.languages import citizen_languages

BASE_DIR = Path(__file__).resolve().parents[3]
VAR_DIR = Path(os.environ.get("SAMSKAP_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def local_secret_key(var_dir: Path) -> str:
    """This installation's own random key, made once into var/secret_key (mode 0600).

    For demo and test runs without SECRET_KEY; production.py requires SECRET_KEY itself.
    The key is written to a private temporary file and linked into place, so two processes
    starting at once agree on one key and never read a half-written file.
    """
    path = var_dir / "secret_key"
    if not path.exists():
        temporary = var_dir / f".secret_key.{os.getpid()}.{secrets.token_hex(4)}"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(64) + "\n")
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process was first: use its key
        finally:
            temporary.unlink()
    return path.read_text().strip()


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or local_secret_key(VAR_DIR)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "samskap.core",
    "samskap.core.citizen",
    "samskap.audit",
    "samskap.accounts",
    "samskap.funding",
    "samskap.subprojects",
    "samskap.people",
    "samskap.support",
    "samskap.support.citizen",
    "samskap.payments",
    "samskap.effects",
    "samskap.effects.surveys",
    "samskap.effects.citizen",
    "samskap.outside_account",
    "django_tasks",
    "django_tasks_db",
    "samskap.oversight",
    "samskap.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "samskap.core.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "samskap.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "samskap.core.middleware.MethodNotAllowedPageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samskap.urls"
WSGI_APPLICATION = "samskap.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "samskap.core.context_processors.staff_languages",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samskap.web.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'samskap.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Server-side binding lets psycopg prepare a statement once a connection has run it
    # five times (psycopg's default; Django turns preparing off unless asked), so PostgreSQL
    # plans each page's statements once per kept connection instead of on every request:
    # 1.4-6.4 ms of planning a page at `medium` (docs/benchmarks.md). A pooler that cannot
    # keep prepared statements takes DATABASE_PREPARE_THRESHOLD=off (docs/deployment.md).
    _threshold = os.environ.get("DATABASE_PREPARE_THRESHOLD", "5")
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "server_side_binding": True,
        "prepare_threshold": None if _threshold == "off" else int(_threshold),
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE makes SQLite take the write lock at BEGIN, so racing writers queue
    # instead of failing half-way through a money transaction.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    # An index's `include` columns (the payments overview's sums, read from the index
    # alone on PostgreSQL) are left out on SQLite, which has no such indexes: the same
    # index without them. Said once here, not as a warning on every `make demo`.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Rate-limit logins: lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "nb"
# Every language a citizen's page speaks, each named in itself for the language switch:
# the configured ones (samskap.settings.languages.CONFIGURED) and every language whose
# catalogue is present in the citizen apps. Adding Somali, Tigrinya, ... needs only the
# catalogues (docs/languages.md). Right-to-left: Django's LANGUAGES_BIDI, plus a catalogue
# that says "X-Text-Direction: rtl".
LANGUAGES, _RIGHT_TO_LEFT = citizen_languages()
LANGUAGES_BIDI = [*global_settings.LANGUAGES_BIDI, *_RIGHT_TO_LEFT]
# Staff pages speak bokmål, or English when chosen in the header; never a citizen language.
SAMSKAP_STAFF_LANGUAGES = [("nb", _("Norwegian bokmål")), ("en", _("English"))]
LOCALE_PATHS = []
# Norwegian dates and numbers in every language of the staff interface (see the module).
FORMAT_MODULE_PATH = ["samskap.core.formats"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    ("ds", BASE_DIR / "node_modules" / "@digdir" / "designsystemet-css" / "dist"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60
CSRF_FAILURE_VIEW = "samskap.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Scripts and styles come only from our own static files: no inline code, no eval.
# Designsystemet's CSS draws its icons from data: URIs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The demo's programme bank account (samskap.payments.demo registers it for Trondheim);
# every municipality registers its own on the payments page (payments.DebtorAccount).
SAMSKAP_DEBTOR = {
    "name": os.environ.get("SAMSKAP_DEBTOR_NAME", "Trondheim kommune"),
    "organisation_number": os.environ.get("SAMSKAP_DEBTOR_ORGNR", "942110464"),
    "account": os.environ.get("SAMSKAP_DEBTOR_ACCOUNT", "86011117947"),
    "bic": os.environ.get("SAMSKAP_DEBTOR_BIC", "DNBANOKKXXX"),
}

# The synthetic national identity numbers of Norwegian test environments (NAV's test
# data: month + 40; Skatteetaten's Tenor: month + 80) are accepted outside production,
# so demo and test data never need a real person's number. production.py turns it off.
SAMSKAP_ACCEPT_SYNTHETIC_NATIONAL_IDS = env_bool("SAMSKAP_ACCEPT_SYNTHETIC_NATIONAL_IDS", True)

# Background work (django-tasks, the backport of Django 6's tasks API): tasks are rows in
# the database, run by `samskap db_worker` (`make demo` starts one); `samskap survey_work`
# runs what is due once, for cron. Works on SQLite and PostgreSQL.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("SAMSKAP_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Mail to citizens goes through Django's mail backend: the console in development, SMTP
# (EMAIL_HOST, ...) or a provider's backend in production.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Samskap <ikke-svar@samskap.invalid>")
# Text messages through a pluggable backend (samskap.core.sms; docs/sms.md).
SAMSKAP_SMS_BACKEND = os.environ.get(
    "SAMSKAP_SMS_BACKEND", "samskap.core.sms.backends.console.ConsoleBackend"
)
SAMSKAP_SMS_MAX_SEGMENTS = int(os.environ.get("SAMSKAP_SMS_MAX_SEGMENTS", "4"))
# Links sent without a request (e-mail and SMS from the worker) start with this.
SAMSKAP_SITE_URL = os.environ.get("SAMSKAP_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Perceived effect: weeks after a payout the citizen is asked, days a link lives, days
# until one reminder, and how many times a failed message is tried.
SAMSKAP_SURVEY_WEEKS = [
    int(weeks)
    for weeks in env_list("SAMSKAP_SURVEY_WEEKS", "4,12")
    if weeks.isascii() and weeks.isdigit()
]
SAMSKAP_SURVEY_LINK_DAYS = int(os.environ.get("SAMSKAP_SURVEY_LINK_DAYS", "28"))
SAMSKAP_SURVEY_REMINDER_DAYS = int(os.environ.get("SAMSKAP_SURVEY_REMINDER_DAYS", "7"))
SAMSKAP_SURVEY_MAX_ATTEMPTS = int(os.environ.get("SAMSKAP_SURVEY_MAX_ATTEMPTS", "5"))

# gunicorn worker processes (samskap/gunicorn_conf.py reads this): by default two per
# core plus one, gunicorn's own advice; each worker holds its own database connection.
SAMSKAP_WEB_WORKERS = int(os.environ.get("SAMSKAP_WEB_WORKERS", "0")) or (
    2 * len(os.sched_getaffinity(0)) + 1 if hasattr(os, "sched_getaffinity") else 3
)
