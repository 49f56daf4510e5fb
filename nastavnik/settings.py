"""Settings for Nastavnik, read from environment variables.

Every knob is an environment variable (see the table in README.md). An optional,
git-ignored ``nastavnik/local_settings.py`` is imported last.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default).strip().lower()
    if value not in ("true", "false", "1", "0", "yes", "no", "on", "off"):
        raise ValueError(f"{name} must be true or false, not {value!r}")
    return value in ("true", "1", "yes", "on")


def envint(name: str, default: str) -> int:
    return int(os.getenv(name, default))


def envsecret(name: str, default: str = "") -> str:
    """Read NAME, or the contents of the file named by NAME_FILE (Docker secrets)."""
    path = os.getenv(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.getenv(name, default)


def envlist(name: str, default: str) -> list[str]:
    return [
        item.strip() for item in os.getenv(name, default).split(",") if item.strip()
    ]


def database_from_url(url: str) -> dict:
    """Translate DATABASE_URL (sqlite:///path or postgres://user:pw@host:port/db)."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        # sqlite:///var/x.sqlite3 is relative to the project, sqlite:////abs absolute
        name = path[1:]
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name if os.path.isabs(name) else str(BASE_DIR / name),
            # A worker keeps its connection between requests: a new one reads
            # the whole schema again, as long as a small page takes to render
            # (bench/load.py). No server to run out of connections here.
            "CONN_MAX_AGE": envint("DB_CONN_MAX_AGE", "600"),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                # The write-ahead log is copied into the database (with two
                # fsyncs) every 10000 pages rather than SQLite's 1000: every
                # read of a person's card writes a line of the audit log, and
                # a page written again before the copy is copied once.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON; "
                    "PRAGMA wal_autocheckpoint=10000;"
                ),
            },
        }
    if parts.scheme in ("postgres", "postgresql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": envint("DB_CONN_MAX_AGE", "0"),
            "CONN_HEALTH_CHECKS": True,
            # The KPIs' aggregates over a region cost enough for PostgreSQL to
            # compile them with JIT, which takes longer than it saves on them
            # (bench/bench_kpis_postgres.py: 2.7 s → 1.7 s for satisfaction).
            "OPTIONS": {"options": "-c jit=off"},
        }
    raise ValueError(f"DATABASE_URL has an unknown scheme: {parts.scheme!r}")


def _local_secret_key() -> str:
    """A per-installation key kept in var/, so `make run` works with no setup."""
    path = BASE_DIR / "var" / "secret_key"
    if not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


# "local" serves plain HTTP on 127.0.0.1 (make run); "production" sits behind
# an HTTPS reverse proxy and passes `manage.py check --deploy`.
PROFILE = os.getenv("PROFILE", "local")
if PROFILE not in ("local", "production"):
    raise ValueError("PROFILE must be local or production")
PRODUCTION = PROFILE == "production"

DEBUG = envbool("DEBUG", "False")
SECRET_KEY = envsecret("SECRET_KEY") or _local_secret_key()
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_NAME = os.getenv("SITE_NAME", "Наставник")
SITE_ROOT = os.getenv("SITE_ROOT", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "nastavnik.lib",
    "nastavnik.orgs",
    "nastavnik.accounts",
    "nastavnik.people",
    "nastavnik.programmes",
    "nastavnik.surveys",
    "nastavnik.pairs",
    "nastavnik.matching",
    "nastavnik.monitoring",
    "nastavnik.api",
    "nastavnik.practices",
    "nastavnik.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "nastavnik.lib.middleware.content_security_policy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "nastavnik.accounts.middleware.MembershipMiddleware",
    # AxesMiddleware must be last: it turns lockouts into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "nastavnik.urls"
WSGI_APPLICATION = "nastavnik.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            # Without DEBUG compiled templates stay in memory (the cached
            # loader, said here so that adding a loader cannot drop it); with
            # DEBUG an edited template is read again on the next request.
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ]
            if not DEBUG
            else [
                "django.template.loaders.filesystem.Loader",
                "django.template.loaders.app_directories.Loader",
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "nastavnik.accounts.context_processors.memberships",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(
        os.getenv("DATABASE_URL", "sqlite:///var/nastavnik.sqlite3")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Each server process keeps its own: the rate limits (lib/throttle.py) in the
# default cache, and apart from them, so that they are never pushed out, the
# dashboards' fragments, cached by the data they show (lib/fragments.py,
# {% cached_figures %}).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
}

# Background jobs (a municipality-sized matching run) wait in the database for
# `manage.py db_worker`, which `make run` starts beside the web server.
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses locked-out logins before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "nastavnik.accounts.backends.UsernameOrEmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts-login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts-login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

# Login throttling: five wrong passwords for one login from one address lock
# that login for AXES_COOLOFF_MINUTES. Schools sit behind one NAT address, so
# the address alone must never lock a whole school out.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", "15"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "nastavnik.accounts.views.locked"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "nastavnik.accounts.backends.axes_username"
AXES_VERBOSE = False

LANGUAGE_CODE = "ru"
# The interface is Russian whatever the browser asks for; English msgids in
# the code keep the door open for other languages later.
LANGUAGES = [("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
# Shown when neither the organisation nor its municipality or region sets one.
DEFAULT_DISPLAY_TIME_ZONE = os.getenv("DEFAULT_DISPLAY_TIME_ZONE", "Europe/Moscow")
FORMAT_MODULE_PATH = ["nastavnik.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "nastavnik.lib.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = os.getenv(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "nastavnik@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.getenv("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "False")

# Personal data of people whose every programme is closed is anonymised this
# many full years after the end of the programme's school year (31 August), by
# the daily `manage.py anonymise_expired`. 152-ФЗ sets no number: the
# organisation's regulation on personal data does; 3 years by default.
PERSONAL_DATA_RETENTION_YEARS = envint("PERSONAL_DATA_RETENTION_YEARS", "3")

# Spreadsheet imports: the largest file and the most rows one import may hold.
IMPORT_MAX_BYTES = envint("IMPORT_MAX_BYTES", str(10 * 1024 * 1024))
IMPORT_MAX_ROWS = envint("IMPORT_MAX_ROWS", "100000")
# A matching run of more people than this (the support list and the mentor
# base) goes to the background worker; a school's smaller one answers at once.
MATCHING_BACKGROUND_COHORT = envint("MATCHING_BACKGROUND_COHORT", "2000")

# Personal links (questionnaires, consents): requests a minute from one
# address to each group of them; 0 turns the limit off. Generous, since a
# whole class may answer from one school address at once.
PUBLIC_LINK_RATE = envint("PUBLIC_LINK_RATE", "120")
# How many API requests a token may make in a minute, and an address with
# tokens that are wrong (a token hunt); 0 turns the limit off. A script that
# pages through a municipality's people stays well under it.
API_RATE = envint("API_RATE", "600")
# How many reverse proxies in front add to X-Forwarded-For: the visitor's
# address is the one the outermost of them saw.
TRUSTED_PROXIES = envint("TRUSTED_PROXIES", "1" if PRODUCTION else "0")

SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Scripts, styles, images and fonts from our own static files only, never
# inline: an injected <script> or style="" does not run. Forms post to us only,
# and no other site may frame a page.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

if PRODUCTION:
    # Behind an HTTPS reverse proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "True")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
}

with contextlib.suppress(ImportError):
    from nastavnik.local_settings import *  # noqa: F403
