"""Settings for LLM Atlas, read from environment variables.

Everything that differs between a laptop, CI and production comes from the environment;
nothing else should need editing. See README.md, "Configuration".
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no).")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    if raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-local-development-key"  # noqa: S105 - only ever used with DEBUG on

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "simple_history",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "csp",
    "core",
    "catalog",
    "evidence",
    "guidance",
    "atlas",
    "upstream",
    "editorial",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy on every answer, cached or not
    "corsheaders.middleware.CorsMiddleware",  # before anything that can answer (CORS on /api/ only)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.db_router.PublicReadsMiddleware",  # anonymous reads may go to the replica
    "config.languages.LanguageRedirectMiddleware",  # Accept-Language; before the page cache
    "config.page_cache.PageCacheMiddleware",  # rendered public pages, keyed by the atlas state
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",  # the language in the path (/zh-hans/...)
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",  # who made each edit
    "editorial.security.SecurityEventsMiddleware",  # logs refused requests (403)
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "config.languages.alternates",
            ],
        },
    },
]


def database(url: str) -> dict:
    """One database from its URL, with timeouts, so that a slow query or an unreachable
    server gives an error in seconds instead of holding a worker."""
    config = dj_database_url.parse(
        url, conn_max_age=env_int("CONN_MAX_AGE", 60), conn_health_checks=True
    )
    if config["ENGINE"] == "django.db.backends.postgresql":
        statement_timeout = env_int("DB_STATEMENT_TIMEOUT_MS", 15_000)  # 0: no limit
        config["OPTIONS"] = {
            "connect_timeout": env_int("DB_CONNECT_TIMEOUT", 5),
            # JIT off: it spent ~150 ms compiling the inherited-terms query on every /models/
            # request at 20,000 models (bench/README.md) and never paid that back here.
            "options": f"-c statement_timeout={statement_timeout} -c jit=off",
        } | config.get("OPTIONS", {})
    elif config["ENGINE"] == "django.db.backends.sqlite3":
        # One writer at a time: a writing transaction takes the lock when it begins (so a
        # second one waits for it instead of failing half-way with "database is locked").
        config["OPTIONS"] = {
            "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
            "transaction_mode": "IMMEDIATE",
        } | config.get("OPTIONS", {})
    return config


DATABASES = {"default": database(env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))}
if env_str("DATABASE_REPLICA_URL"):
    # Anonymous public reads go to the replica (config/db_router.py); tests use the primary.
    DATABASES["replica"] = database(env_str("DATABASE_REPLICA_URL"))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["config.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: shared (Redis) when there is more than one process --------------------------------
# API throttle counts, the atlas-state stamps and rendered pages (config/page_cache.py) live
# here. Several app servers or workers need REDIS_URL, so that they count and invalidate
# together; without it each process keeps its own.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "atlas"),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Seconds a rendered page or API answer is kept (0: not cached; the default with DEBUG, so that
# a changed template shows at once). Any edit makes a new key at once.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0 if DEBUG else 600)

# --- Editing: sign-in, roles, history (editorial/, README "Editing and roles") -----------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses sign-ins while locked out
    "django.contrib.auth.backends.ModelBackend",
]
# After AXES_FAILURE_LIMIT failed sign-ins for one username from one address, that pair is
# locked out for AXES_COOLOFF_MINUTES (a page says so); a successful sign-in resets the count.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "editorial/locked_out.html"
AXES_VERBOSE = False  # the `security` logger says what matters
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12)  # seconds
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # no page script reads it; forms carry the token
CSRF_COOKIE_SAMESITE = "Lax"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# English at the plain paths, Simplified Chinese under /zh-hans/ (config/languages.py). The
# names are written in their own language, as the switch shows them.
LANGUAGES = [("en", "English"), ("zh-hans", "中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    # HTTPS-only switches, opt-in: turn them on once the site is served over HTTPS.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # a load balancer's check may come over plain HTTP
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
    if env_bool("SECURE_PROXY_SSL_HEADER", default=False):  # behind a proxy ending TLS
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- The public JSON API (api/, README "API") -------------------------------------------------
# Read-only and anonymous: no authentication, JSON only, throttled per client address.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonymousThrottle"],  # both rates below
    "DEFAULT_THROTTLE_RATES": {
        "anon-burst": env_str("API_THROTTLE_BURST", "60/minute"),
        "anon-sustained": env_str("API_THROTTLE_SUSTAINED", "1000/hour"),
    },
    # Behind a reverse proxy, the number of proxies whose X-Forwarded-For entries to trust;
    # 0 (the default) ignores the header and throttles on the connecting address. (DRF reads
    # None as "trust the whole header", which would let any client choose its address.)
    "NUM_PROXIES": env_int("API_NUM_PROXIES", 0),
    "DEFAULT_SCHEMA_CLASS": "api.schema.AtlasAutoSchema",
    "EXCEPTION_HANDLER": "api.views.exception_handler",
    "URL_FORMAT_OVERRIDE": None,  # JSON only; `format` is not an API parameter
}
SPECTACULAR_SETTINGS = {
    "TITLE": "LLM Atlas API",
    "DESCRIPTION": (
        "Read-only JSON for the atlas: models with typed lineage, organisations, licences, "
        "training data, papers, task guidance and the decision flow. Field names and values "
        "are those of the interchange format `llm-atlas/1` (docs/interchange.md)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api",
    "SWAGGER_UI_DIST": "SIDECAR",  # served from our own static files: no CDN
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No deep links: Swagger UI draws them as links inside each operation's button, which
    # screen readers cannot reach (axe: nested-interactive).
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None, "deepLinking": False},
    "ENUM_NAME_OVERRIDES": {
        "BranchEnum": "catalog.models.Branch",
        "ModelAccessEnum": "catalog.models.ModelAccess",
        "DatasetAccessEnum": "catalog.models.DatasetAccess",
        "CommercialUseEnum": "catalog.models.CommercialUse",
        "OrganizationKindEnum": "catalog.models.OrganizationKind",
        "DatePrecisionEnum": "catalog.models.DatePrecision",
        "RelationEnum": "catalog.models.Relation",
        "ArchitectureEnum": "catalog.models.Architecture",
        "WeightsEnum": "catalog.models.Weights",
        "ModalityEnum": "catalog.models.Modality",
        "ReasoningEnum": "catalog.models.Reasoning",
        "LifecycleEnum": "catalog.models.Lifecycle",
        "SupportEnum": "catalog.models.Support",
        "PurposeEnum": "catalog.models.Purpose",
        "VerdictEnum": "guidance.models.Verdict",
        "OutcomeEnum": "guidance.models.Outcome",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_http_semantics",
    ],
}
# Browser apps on any origin may read the API (GET only, no cookies).
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]

# --- Content-Security-Policy (django-csp): scripts from this site only ---------------------------
# No page has an inline script, an on* attribute or a javascript: URL (static/js/ holds the
# scripts). Inline styles stay allowed: the tree's SVG and Swagger UI set style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Failed sign-ins, lockouts and refused requests (editorial/security.py).
    "loggers": {"security": {"level": "INFO"}, "django.security": {"level": "INFO"}},
}
