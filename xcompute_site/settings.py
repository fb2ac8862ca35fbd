"""Django settings, every value from the environment (see the README's configuration table).

One settings module serves every process; which API a web process serves is chosen by
XCOMPUTE_API_SERVICE, which selects the URL map.
"""
import secrets

from xcompute_site.env import (  # noqa: F401,E501
    BASE_DIR,
    broker_url,
    development_tokens,
    env,
    host_name,
    physical_bridge_mappings,
    service_token,
    var_dir,
)

VAR_DIR = var_dir()

# `production` (no development tokens), `demo` (make up) or `test` (the test suite).
XCOMPUTE_PROFILE = env.str("XCOMPUTE_PROFILE", default="production")


def _secret_key():
    """Use the configured key, else one generated once and kept under var/."""
    configured = env.str("XCOMPUTE_SECRET_KEY", default="")
    if configured:
        return configured
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env.bool("XCOMPUTE_DEBUG", default=False)
ALLOWED_HOSTS = env.list("XCOMPUTE_ALLOWED_HOSTS", default=["*"])

INSTALLED_APPS = [
    # Before the admin: its templates (admin/base_site.html) take precedence over the admin's own.
    "dashboard",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "corsheaders",
    "openstack_api",
    "hosts",
    "placement",
    "images",
    "flavors",
    "instances",
    "server_groups",
    "keypairs",
    "quotas",
    "scheduling",
    "consoles",
    "networks",
    "node",
    "identity",
]

MIDDLEWARE = [
    "openstack_api.request_id.RequestIdMiddleware",
    # Answers CORS preflights and stamps the headers, only for XCOMPUTE_CORS_ALLOWED_ORIGINS.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # whitenoise: the dashboard's static files (the admin's CSS and JS) from STATIC_ROOT, else from the apps.
    "dashboard.static_files.StaticFilesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
APPEND_SLASH = False

# compute (8774), placement (8778), image (9292), network (9696), identity (5000) or dashboard (8000):
# which API this web process serves.
XCOMPUTE_API_SERVICE = env.str("XCOMPUTE_API_SERVICE", default="compute")
ROOT_URLCONF = f"xcompute_site.urls.{XCOMPUTE_API_SERVICE}"
WSGI_APPLICATION = "xcompute_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'xcompute.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes share the embedded database: WAL lets readers run beside the writer.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not memory, so worker processes started by the end-to-end tests share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles plans whose estimated cost is high, which Placement's walks with an
    # early LIMIT are; compiling costs ~0.5 s that the query itself never needs.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    # Server-side parameters let psycopg prepare the statements a process repeats (claims, provider
    # writes): PostgreSQL then plans each once per connection instead of on every call.
    DATABASES["default"]["OPTIONS"].setdefault("server_side_binding", True)
DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en-us"
USE_I18N = False
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# Without collectstatic (tests, a fresh checkout) whitenoise finds the files in the apps as Django's finders do.
WHITENOISE_USE_FINDERS = True

# The dashboard signs in identity users holding the admin role (dashboard.authentication).
AUTHENTICATION_BACKENDS = ["dashboard.authentication.IdentityAdminBackend"]
LOGIN_URL = "admin:login"

# Identity tokens (issued by the identity API on 5000, validated locally against the database), then the
# development tokens (`user:project[:roles]`), which answer only when XCOMPUTE_DEVELOPMENT_TOKENS is on.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": env.list("XCOMPUTE_AUTH_BACKENDS", default=[
        "openstack_api.auth.IdentityTokenAuthentication", "openstack_api.auth.DevelopmentTokenAuthentication",
    ]),
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["openstack_api.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": None,
    "UNAUTHENTICATED_TOKEN": None,
}

# CORS is off unless origins are listed (as oslo.middleware's cors for Nova and Placement): browsers
# at these origins may call the APIs with the OpenStack headers, and read the ones the APIs answer.
CORS_ALLOWED_ORIGINS = env.list("XCOMPUTE_CORS_ALLOWED_ORIGINS", default=[])
CORS_ALLOW_HEADERS = ("accept", "content-type", "x-auth-token", "openstack-api-version",
                      "x-openstack-nova-api-version", "x-openstack-request-id")
CORS_EXPOSE_HEADERS = ("x-openstack-request-id", "x-compute-request-id", "openstack-api-version",
                       "x-openstack-nova-api-version", "location", "last-modified")

# Development tokens (`X-Auth-Token: user:project[:roles]`, no identity service involved): on by default
# only in the test profile; the benchmarks turn them on explicitly. `make up`'s node uses identity tokens.
XCOMPUTE_DEVELOPMENT_TOKENS = development_tokens()
# Identity tokens: lifetime (Keystone's [token] expiration), and how long a process trusts a validation
# it made before asking the database again (a revoked token stops working within this many seconds).
XCOMPUTE_TOKEN_EXPIRATION = env.int("XCOMPUTE_TOKEN_EXPIRATION", default=3600)
XCOMPUTE_TOKEN_CACHE_SECONDS = env.float("XCOMPUTE_TOKEN_CACHE_SECONDS", default=5.0)
# Failed logins: after this many within the window a user is locked out (401) until the window passes,
# and a client address gets 429 after its own (higher) count.
XCOMPUTE_LOCKOUT_FAILURE_ATTEMPTS = env.int("XCOMPUTE_LOCKOUT_FAILURE_ATTEMPTS", default=5)
XCOMPUTE_LOGIN_FAILURES_PER_ADDRESS = env.int("XCOMPUTE_LOGIN_FAILURES_PER_ADDRESS", default=20)
XCOMPUTE_LOCKOUT_DURATION = env.int("XCOMPUTE_LOCKOUT_DURATION", default=300)
# The region every catalog endpoint belongs to.
XCOMPUTE_REGION = env.str("XCOMPUTE_REGION", default="RegionOne")

# Live updates of the dashboard (dashboard.live): the Channels layer between the writers (conductor,
# APIs) and the dashboard's WebSockets, on Redis (the broker's when it is Redis). `memory://` keeps it
# inside one process (only good for tests of the consumer).
XCOMPUTE_CHANNEL_LAYER_URL = env.str("XCOMPUTE_CHANNEL_LAYER_URL", default=broker_url() if broker_url().startswith(
    ("redis://", "rediss://")) else "redis://127.0.0.1:6379/0")
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}
                  if XCOMPUTE_CHANNEL_LAYER_URL.startswith("memory://") else {
    "BACKEND": "channels_redis.core.RedisChannelLayer",
    # redis-py's default 5 s socket timeout equals the layer's 5 s blocking receive: a quiet consumer's
    # read would race it and die. The receive returns well within this one.
    "CONFIG": {"hosts": [{"address": XCOMPUTE_CHANNEL_LAYER_URL, "socket_timeout": 30}], "prefix": "xcompute-live",
               "capacity": 500, "expiry": 30},
}}
# Seconds between refreshes of an open page whose live-update socket cannot be opened or was lost.
XCOMPUTE_DASHBOARD_REFRESH_SECONDS = env.int("XCOMPUTE_DASHBOARD_REFRESH_SECONDS", default=15)
# Seconds between checks that an open live-update socket's session is still an operator's.
XCOMPUTE_DASHBOARD_SESSION_RECHECK_SECONDS = env.float("XCOMPUTE_DASHBOARD_SESSION_RECHECK_SECONDS", default=60)
ASGI_APPLICATION = "xcompute_site.asgi.application"

# Identity of this node and liveness rules of the service registry.
XCOMPUTE_HOST = host_name()
XCOMPUTE_SERVICE_DOWN_TIME = env.int("XCOMPUTE_SERVICE_DOWN_TIME", default=60)
XCOMPUTE_REPORT_INTERVAL = env.int("XCOMPUTE_REPORT_INTERVAL", default=10)
XCOMPUTE_DEFAULT_AVAILABILITY_ZONE = env.str("XCOMPUTE_DEFAULT_AVAILABILITY_ZONE", default="nova")
XCOMPUTE_INTERNAL_SERVICE_AVAILABILITY_ZONE = env.str(
    "XCOMPUTE_INTERNAL_SERVICE_AVAILABILITY_ZONE", default="internal"
)
# A YAML file of policy rules overriding the defaults (Nova's rule names).
XCOMPUTE_POLICY_FILE = env.str("XCOMPUTE_POLICY_FILE", default="")
# Placement's policy defaults: `legacy` (admin for everything) or `secure-rbac`.
XCOMPUTE_PLACEMENT_POLICY_DEFAULTS = env.str("XCOMPUTE_PLACEMENT_POLICY_DEFAULTS", default="legacy")

# How the conductor and the API reach Placement (they change its tables only through its API).
XCOMPUTE_PLACEMENT_URL = env.str(
    "XCOMPUTE_PLACEMENT_URL", default=f"http://127.0.0.1:{env.int('XCOMPUTE_PLACEMENT_PORT', default=8778)}"
)
# Token presented to Placement: `admin` with development tokens, else the node's service token.
XCOMPUTE_PLACEMENT_TOKEN = env.str("XCOMPUTE_PLACEMENT_TOKEN", default="admin" if XCOMPUTE_DEVELOPMENT_TOKENS
                                   else service_token())

# The Image API's data store: a backend class (dotted path) rooted at a directory, and the largest image.
XCOMPUTE_IMAGE_STORAGE_BACKEND = env.str(
    "XCOMPUTE_IMAGE_STORAGE_BACKEND", default="images.storage.filesystem.FileSystemStorage"
)
XCOMPUTE_IMAGE_DIR = env.str("XCOMPUTE_IMAGE_DIR", default=str(VAR_DIR / "images"))
# Glance's image_size_cap: 1 TiB.
XCOMPUTE_IMAGE_SIZE_CAP = env.int("XCOMPUTE_IMAGE_SIZE_CAP", default=1024**4)

# The scheduler (scheduling/): filters run in this order (after the always-on IgnoreHostsFilter and
# RequestedDestinationFilter); names are checked against scheduling/registry.py at start-up.
XCOMPUTE_SCHEDULER_FILTERS = env.list("XCOMPUTE_SCHEDULER_FILTERS", default=[
    "ComputeFilter", "AvailabilityZoneFilter", "ComputeCapabilitiesFilter", "ImagePropertiesFilter",
    "ServerGroupAntiAffinityFilter", "ServerGroupAffinityFilter", "SameHostFilter", "DifferentHostFilter",
])
# Weighers whose normalised (0..1) weights, times their multipliers, rank the hosts that passed.
XCOMPUTE_SCHEDULER_WEIGHERS = env.list("XCOMPUTE_SCHEDULER_WEIGHERS", default=[
    "RAMWeigher", "CPUWeigher", "DiskWeigher", "ServerGroupSoftAffinityWeigher",
    "ServerGroupSoftAntiAffinityWeigher", "NumInstancesWeigher", "IoOpsWeigher", "BuildFailureWeigher",
])
# Positive spreads instances over hosts with more free RAM / vCPU / disk, negative stacks them.
XCOMPUTE_RAM_WEIGHT_MULTIPLIER = env.float("XCOMPUTE_RAM_WEIGHT_MULTIPLIER", default=1.0)
XCOMPUTE_CPU_WEIGHT_MULTIPLIER = env.float("XCOMPUTE_CPU_WEIGHT_MULTIPLIER", default=1.0)
XCOMPUTE_DISK_WEIGHT_MULTIPLIER = env.float("XCOMPUTE_DISK_WEIGHT_MULTIPLIER", default=1.0)
# Strength of the soft-affinity / soft-anti-affinity server group policies (0 or more).
XCOMPUTE_SOFT_AFFINITY_WEIGHT_MULTIPLIER = env.float("XCOMPUTE_SOFT_AFFINITY_WEIGHT_MULTIPLIER", default=1.0)
XCOMPUTE_SOFT_ANTI_AFFINITY_WEIGHT_MULTIPLIER = env.float(
    "XCOMPUTE_SOFT_ANTI_AFFINITY_WEIGHT_MULTIPLIER", default=1.0
)
# Positive packs hosts running many instances, negative spreads; 0 (Nova's default) ignores the count.
XCOMPUTE_NUM_INSTANCES_WEIGHT_MULTIPLIER = env.float("XCOMPUTE_NUM_INSTANCES_WEIGHT_MULTIPLIER", default=0.0)
# Prefer hosts with fewer I/O-heavy operations (builds, resizes, snapshots...) under way; Nova's -1.0.
XCOMPUTE_IO_OPS_WEIGHT_MULTIPLIER = env.float("XCOMPUTE_IO_OPS_WEIGHT_MULTIPLIER", default=-1.0)
# Sink hosts whose recent builds failed (the count resets on a successful build); 0 ignores failures.
XCOMPUTE_BUILD_FAILURE_WEIGHT_MULTIPLIER = env.float("XCOMPUTE_BUILD_FAILURE_WEIGHT_MULTIPLIER", default=1000000.0)
# NumInstancesFilter / IoOpsFilter: a host with this many instances / I/O-heavy operations takes no more.
XCOMPUTE_MAX_INSTANCES_PER_HOST = env.int("XCOMPUTE_MAX_INSTANCES_PER_HOST", default=50)
XCOMPUTE_MAX_IO_OPS_PER_HOST = env.int("XCOMPUTE_MAX_IO_OPS_PER_HOST", default=8)
# Hosts one instance may be tried on across build failures (the first try included).
XCOMPUTE_SCHEDULER_MAX_ATTEMPTS = env.int("XCOMPUTE_SCHEDULER_MAX_ATTEMPTS", default=3)
# The chosen host is drawn at random from this many best-weighed ones (1: always the best).
XCOMPUTE_SCHEDULER_HOST_SUBSET_SIZE = env.int("XCOMPUTE_SCHEDULER_HOST_SUBSET_SIZE", default=1)
# Placement prefilters (Nova's [scheduler] options): a requested zone becomes `member_of` its
# aggregates; the image's disk format a required COMPUTE_IMAGE_TYPE_* trait; aggregates whose metadata
# requires traits (`trait:NAME=required`) are kept for requests that require those traits. The product
# documentation calls the last one query_placement_for_traits_in_extra_specs; either name turns it on.
XCOMPUTE_SCHEDULER_QUERY_PLACEMENT_FOR_AVAILABILITY_ZONE = env.bool(
    "XCOMPUTE_SCHEDULER_QUERY_PLACEMENT_FOR_AVAILABILITY_ZONE", default=True)
XCOMPUTE_SCHEDULER_QUERY_PLACEMENT_FOR_IMAGE_TYPE_SUPPORT = env.bool(
    "XCOMPUTE_SCHEDULER_QUERY_PLACEMENT_FOR_IMAGE_TYPE_SUPPORT", default=False)
XCOMPUTE_SCHEDULER_ENABLE_ISOLATED_AGGREGATE_FILTERING = env.bool(
    "XCOMPUTE_SCHEDULER_ENABLE_ISOLATED_AGGREGATE_FILTERING",
    default=env.bool("XCOMPUTE_SCHEDULER_QUERY_PLACEMENT_FOR_TRAITS_IN_EXTRA_SPECS", default=False))
# AggregateImagePropertiesIsolation: only metadata keys in this namespace (`<namespace><separator>key`) count.
XCOMPUTE_AGGREGATE_IMAGE_PROPERTIES_ISOLATION_NAMESPACE = env.str(
    "XCOMPUTE_AGGREGATE_IMAGE_PROPERTIES_ISOLATION_NAMESPACE", default="")
XCOMPUTE_AGGREGATE_IMAGE_PROPERTIES_ISOLATION_SEPARATOR = env.str(
    "XCOMPUTE_AGGREGATE_IMAGE_PROPERTIES_ISOLATION_SEPARATOR", default=".")
# At most this many allocation candidates are asked of Placement per boot request (Nova's max_placement_results).
XCOMPUTE_SCHEDULER_MAX_PLACEMENT_RESULTS = env.int("XCOMPUTE_SCHEDULER_MAX_PLACEMENT_RESULTS", default=1000)

# Consoles (consoles/): the noVNC page a console URL opens (Nova's [vnc] novncproxy_base_url), how
# long a console token lives ([consoleauth] token_ttl, seconds), and the browser origins the proxy
# accepts besides its own host ([console] allowed_origins).
XCOMPUTE_NOVNCPROXY_BASE_URL = env.str("XCOMPUTE_NOVNCPROXY_BASE_URL", default=(
    f"http://{env.str('XCOMPUTE_PUBLIC_HOST', default='127.0.0.1')}:"
    f"{env.int('XCOMPUTE_NOVNCPROXY_PORT', default=6080)}/vnc_lite.html"))
XCOMPUTE_CONSOLE_TOKEN_TTL = env.int("XCOMPUTE_CONSOLE_TOKEN_TTL", default=600)
XCOMPUTE_CONSOLE_ALLOWED_ORIGINS = env.list("XCOMPUTE_CONSOLE_ALLOWED_ORIGINS", default=[])
# Seconds the API waits for a compute host to answer a call (a console log); Nova's rpc_response_timeout.
XCOMPUTE_HOST_CALL_TIMEOUT = env.float("XCOMPUTE_HOST_CALL_TIMEOUT", default=30.0)

# Default project quotas (Nova's defaults); -1 is unlimited. os-quota-class-sets/default overrides
# them, and os-quota-sets sets them per project.
XCOMPUTE_QUOTA_INSTANCES = env.int("XCOMPUTE_QUOTA_INSTANCES", default=10)
XCOMPUTE_QUOTA_CORES = env.int("XCOMPUTE_QUOTA_CORES", default=20)
XCOMPUTE_QUOTA_RAM = env.int("XCOMPUTE_QUOTA_RAM", default=51200)
XCOMPUTE_QUOTA_SERVER_GROUPS = env.int("XCOMPUTE_QUOTA_SERVER_GROUPS", default=10)
XCOMPUTE_QUOTA_SERVER_GROUP_MEMBERS = env.int("XCOMPUTE_QUOTA_SERVER_GROUP_MEMBERS", default=10)
# Key pairs one user may have (Nova counts key_pairs per user).
XCOMPUTE_QUOTA_KEY_PAIRS = env.int("XCOMPUTE_QUOTA_KEY_PAIRS", default=100)
XCOMPUTE_QUOTA_METADATA_ITEMS = env.int("XCOMPUTE_QUOTA_METADATA_ITEMS", default=128)
# Neutron's default quotas (per project; -1 is unlimited).
XCOMPUTE_NETWORK_QUOTA_NETWORK = env.int("XCOMPUTE_NETWORK_QUOTA_NETWORK", default=100)
XCOMPUTE_NETWORK_QUOTA_SUBNET = env.int("XCOMPUTE_NETWORK_QUOTA_SUBNET", default=100)
XCOMPUTE_NETWORK_QUOTA_PORT = env.int("XCOMPUTE_NETWORK_QUOTA_PORT", default=500)
# The shared default network `make up` creates (and `networks: auto` falls back to).
XCOMPUTE_DEFAULT_NETWORK_CIDR = env.str("XCOMPUTE_DEFAULT_NETWORK_CIDR", default="10.42.0.0/24")
# physnet -> host bridge (Neutron's bridge_mappings); the API takes its keys as the physical networks
# a flat network may name, each compute agent reads the same variable for its own bridges.
XCOMPUTE_PHYSICAL_BRIDGE_MAPPINGS = physical_bridge_mappings()

CELERY_BROKER_URL = broker_url()

LOG_LEVEL = env.str("XCOMPUTE_LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "openstack_api.request_id.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
