"""Django settings, every one read from ZHAOSHANG_* environment variables with a working default."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import dj_database_url

from zhaoshang.core.env import ConfigurationError, env_bool, env_int, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("ZHAOSHANG_DATA_DIR", "zhaoshang-data")).resolve()
DEBUG = env_bool("ZHAOSHANG_DEBUG", False)


def _secret_key() -> str:
    """The configured key, or one generated once into the data folder so sessions survive restarts."""
    configured = env_str("ZHAOSHANG_SECRET_KEY", "")
    if configured:
        return configured
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h for h in env_str("ZHAOSHANG_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

INSTALLED_APPS = [
    "zhaoshang.admin_site.ZhaoshangAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "huey.contrib.djhuey",
    "ninja",  # serves the API documentation's Swagger files locally instead of from a CDN
    "zhaoshang.accounts",
    "zhaoshang.regions",
    "zhaoshang.industries",
    "zhaoshang.currencies",
    "zhaoshang.zones",
    "zhaoshang.organizations",
    "zhaoshang.projects",
    "zhaoshang.talent",
    "zhaoshang.indicators",
    "zhaoshang.kpis",
    "zhaoshang.intel",
    "zhaoshang.logistics",
    "zhaoshang.environment",
    "zhaoshang.approvals",
    "zhaoshang.chains",
    "zhaoshang.targets",
    "zhaoshang.audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "zhaoshang.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "zhaoshang.core.middleware.SessionLifetimeMiddleware",
    "zhaoshang.core.middleware.QueryTextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "zhaoshang.audit.middleware.AuditMiddleware",
    "zhaoshang.core.middleware.ServerProblemMiddleware",
]

ROOT_URLCONF = "zhaoshang.urls"
WSGI_APPLICATION = "zhaoshang.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "cockpit"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zhaoshang.accounts.context_processors.roles",
            ],
        },
    },
]


# SQLite under concurrent use: readers never wait for the writer (WAL), a writer waits its turn instead of
# failing (busy timeout), and a transaction takes the write lock when it starts, so two transactions never
# deadlock upgrading a read lock (IMMEDIATE). A lock held past the timeout answers 503, never 500.
SQLITE_OPTIONS = {
    "timeout": env_int("ZHAOSHANG_SQLITE_BUSY_SECONDS", 20, minimum=1),
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
DATABASE_BUSY_RETRY_SECONDS = 5


def _database() -> dict[str, Any]:
    url = env_str("ZHAOSHANG_DATABASE_URL", "")
    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": DATA_DIR / "zhaoshang.sqlite3",
                "OPTIONS": SQLITE_OPTIONS}
    try:
        # Connections are kept a minute, checked before a request reuses one (a database restarted meanwhile
        # costs no failed request), and a connection attempt gives up after 5 s: 503, not a hung worker.
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    except ValueError as exc:
        raise ConfigurationError(f"ZHAOSHANG_DATABASE_URL is not a database URL: {exc}") from None
    if "postgresql" in config["ENGINE"]:
        config.setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
        # The figures' queries are short: compiling them (PostgreSQL's JIT, on for any costly plan) took longer
        # than running them.
        config["OPTIONS"].setdefault("options", "-c jit=off")
    return config


DATABASES = {"default": _database()}
# One cache for all of `zhaoshang serve`'s worker processes, in the data folder: the sign-in throttle counts an
# address's attempts across them, and figures one worker computed serve the others (no service to run).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                      "LOCATION": DATA_DIR / "cache", "OPTIONS": {"MAX_ENTRIES": 5000}}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# 等保 2.0 level 2 baseline: password complexity, login lockout, idle timeout. Each is configurable.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": env_int("ZHAOSHANG_PASSWORD_MIN_LENGTH", 10, minimum=6)}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "zhaoshang.accounts.validators.CharacterClassValidator",
     "OPTIONS": {"min_classes": env_int("ZHAOSHANG_PASSWORD_MIN_CLASSES", 3, minimum=1)}},
    {"NAME": "zhaoshang.accounts.validators.PredictablePatternValidator"},
]
LOGIN_FAILURE_LIMIT = env_int("ZHAOSHANG_LOGIN_FAILURE_LIMIT", 5, minimum=1)
# A figure computed from fewer hidden records than this shows only the viewer's visible part (core.disclosure).
DISCLOSURE_MIN_HIDDEN = env_int("ZHAOSHANG_DISCLOSURE_MIN_HIDDEN", 3, minimum=1)
# Audit rows are kept at least six months (网络安全法 第二十一条); `zhaoshang manage audit_purge` deletes older ones.
AUDIT_RETENTION_DAYS = env_int("ZHAOSHANG_AUDIT_RETENTION_DAYS", 183, minimum=183)
LOGIN_LOCKOUT_SECONDS = env_int("ZHAOSHANG_LOGIN_LOCKOUT_SECONDS", 300, minimum=1)
# Sign-in attempts from one address (any names) within the window before it is answered 429.
LOGIN_ADDRESS_LIMIT = env_int("ZHAOSHANG_LOGIN_ADDRESS_LIMIT", 30, minimum=1)
LOGIN_ADDRESS_WINDOW_SECONDS = env_int("ZHAOSHANG_LOGIN_ADDRESS_WINDOW_SECONDS", 300, minimum=1)
SESSION_COOKIE_AGE = env_int("ZHAOSHANG_SESSION_IDLE_SECONDS", 1800, minimum=60)
# The idle timeout is kept by core.middleware.SessionLifetimeMiddleware, which saves the session at most
# once a minute instead of on every request (each save is a database write).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_TOUCH_SECONDS = 60
# However active, a session ends this long after sign-in.
SESSION_ABSOLUTE_SECONDS = env_int("ZHAOSHANG_SESSION_ABSOLUTE_SECONDS", 12 * 3600, minimum=300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
# Behind an HTTPS reverse proxy (the production setup): cookies only over TLS, HSTS, the proxy's scheme header.
HTTPS = env_bool("ZHAOSHANG_HTTPS", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
# With HTTPS on, `check --deploy` is clean by default; each can be turned off (e.g. a subdomain still on HTTP).
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("ZHAOSHANG_HSTS_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("ZHAOSHANG_HSTS_PRELOAD", HTTPS)
SECURE_SSL_REDIRECT = env_bool("ZHAOSHANG_SSL_REDIRECT", HTTPS)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Uploads: refuse large files before they are read into memory.
UPLOAD_MAX_BYTES = env_int("ZHAOSHANG_UPLOAD_MAX_BYTES", 20 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "zhaoshang.core.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# How long evaluated KPI figures stay in the cache (any write they rest on invalidates them first); 0: no cache.
# The zone the cockpit, /api/kpis and reports read when none is named and the database holds several.
DEFAULT_ZONE = env_str("ZHAOSHANG_DEFAULT_ZONE", "")
KPI_CACHE_SECONDS = env_int("ZHAOSHANG_KPI_CACHE_SECONDS", 600, minimum=0)
# Threads per process computing a cold cockpit's independent figures at once, each on its own connection
# (core.concurrency); 0: one after the other.
FIGURE_THREADS = env_int("ZHAOSHANG_FIGURE_THREADS", 2, minimum=0)
IMPORT_MAX_ROWS = env_int("ZHAOSHANG_IMPORT_MAX_ROWS", 500_000, minimum=1)
# A spreadsheet is a zip: refuse one that would unpack past this, or that compresses suspiciously well.
IMPORT_MAX_UNCOMPRESSED_BYTES = env_int("ZHAOSHANG_IMPORT_MAX_UNCOMPRESSED_BYTES", 200 * 1024 * 1024, minimum=1024)
IMPORT_MAX_COMPRESSION_RATIO = env_int("ZHAOSHANG_IMPORT_MAX_COMPRESSION_RATIO", 100, minimum=2)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# The interface is Chinese whatever the browser asks for: government staff share screens and printouts.
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "media/"

HUEY = {
    "huey_class": "huey.SqliteHuey",
    "name": "zhaoshang",
    "filename": str(DATA_DIR / "huey.sqlite3"),
    "immediate": env_bool("ZHAOSHANG_TASKS_INLINE", True),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

NINJA_PAGINATION_PER_PAGE = 50

AUTHENTICATION_BACKENDS = ["zhaoshang.accounts.backends.LockoutBackend"]

# The daily digest (`zhaoshang manage send_digest`): SMTP once ZHAOSHANG_EMAIL_HOST is set, otherwise the mails
# are written as files under the data folder (workspace/digest.py), so a fresh install needs no mail server.
EMAIL_HOST = env_str("ZHAOSHANG_EMAIL_HOST", "")
EMAIL_PORT = env_int("ZHAOSHANG_EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("ZHAOSHANG_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("ZHAOSHANG_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("ZHAOSHANG_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env_str("ZHAOSHANG_EMAIL_FROM", "zhaoshang@localhost")
