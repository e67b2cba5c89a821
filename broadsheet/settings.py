"""Broadsheet settings: one file, driven by environment variables (see .env.example)."""

import os
import secrets
import string
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def data_secret(name, length=50):
    """Return the secret kept in DATA_DIR/<name>, made on first start: random, owner-only, never committed.

    Written to a temporary file and linked into place, so processes starting together agree on
    one value. Several hosts without a shared data folder must be given the secret instead.
    """
    path = DATA_DIR / name
    if not path.exists():
        alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
        value = "".join(secrets.choice(alphabet) for _ in range(length))
        temporary = path.with_name(f".{name}.{os.getpid()}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(value + "\n")
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        finally:
            temporary.unlink()
    return path.read_text().strip()


# ---------------------------------------------------------------------------
# Core
# ---------------------------------------------------------------------------
DATA_DIR = Path(os.environ.get("DATA_DIR", BASE_DIR / "var")).resolve()
# SQLite creates its file but not the folder: a fresh checkout has no var/ yet.
DATA_DIR.mkdir(parents=True, exist_ok=True)
DEBUG = env_bool("DEBUG")
# Signing (sessions, reader tokens, CSRF) needs a secret nobody else knows: the environment's, or
# one made for this installation on first start. There is no shared development key to forget.
SECRET_KEY = os.environ.get("SECRET_KEY") or data_secret("secret-key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The site's real scheme decides the production switches (HSTS, secure cookies, SSL redirect):
# nothing separate to remember when going live.
SERVED_OVER_HTTPS = SITE_URL.startswith("https://")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "Broadsheet")
# Never ask Gravatar for a picture (it would learn a hash of each colleague's e-mail address):
# the back office draws initials instead (broadsheet/staff/avatars.py).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

INSTALLED_APPS = [
    "broadsheet.newsroom",
    "broadsheet.operations",
    "broadsheet.backups",
    "broadsheet.pagecache",
    "broadsheet.fragments",
    "broadsheet.counting",
    "broadsheet.polls",
    "broadsheet.live",
    "broadsheet.alerts",
    "broadsheet.links",
    "broadsheet.metrics",
    "broadsheet.search",
    "broadsheet.listen",
    "broadsheet.accounts",
    "broadsheet.comments",
    "broadsheet.errata",
    "broadsheet.legal",
    "broadsheet.staff",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    # Wagtail's users app, its list of people showing staff only (readers are listed apart).
    "broadsheet.staff.apps.StaffUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.facebook",
    "allauth.socialaccount.providers.google",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "broadsheet.operations.logs.RequestIdMiddleware",
    # Whatever a request changes moves the page cache's epoch once, when its view returns.
    "broadsheet.pagecache.middleware.OneInvalidationMiddleware",
    # Probes answer here, before the page cache and sessions: they report only what they check.
    "broadsheet.probes.ProbeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Outside the page cache, so replayed pages get the policy too.
    "broadsheet.middleware.ContentSecurityPolicyMiddleware",
    "broadsheet.middleware.RequestLimitsMiddleware",
    # The page cache answers before sessions, CSRF and auth run: a cached anonymous page costs
    # one cache read, and nothing below it can add per-reader state to the stored bytes.
    "broadsheet.pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A password-only session of someone with two-factor sign-in waits at the second step.
    "django_otp.middleware.OTPMiddleware",
    "broadsheet.staff.middleware.SecondFactorMiddleware",
    "broadsheet.identity.ReaderMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Wagtail's redirects, never followed off this site (broadsheet/links/redirects.py).
    "broadsheet.links.redirects.OnSiteRedirectMiddleware",
    "broadsheet.newsroom.sites.KeptSiteMiddleware",
    # Last, as django-axes asks: turns a refused sign-in into the page that says why (429).
    "axes.middleware.AxesMiddleware",
]

# The short chain (broadsheet/edge/chain.py): what Django's handler runs for the few views that
# declare `short_chain` (a script's vote, the view beacon) when the request carries no session
# cookie. Every entry of MIDDLEWARE is here or below with its reason (tests/edge/test_chain.py).
EDGE_SHORT_CHAIN = [
    "django.middleware.security.SecurityMiddleware",
    "broadsheet.operations.logs.RequestIdMiddleware",
    "broadsheet.pagecache.middleware.OneInvalidationMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "broadsheet.middleware.ContentSecurityPolicyMiddleware",
    "broadsheet.middleware.RequestLimitsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "broadsheet.identity.ReaderMiddleware",
]
EDGE_NOT_ON_SHORT_CHAIN = {
    "broadsheet.probes.ProbeMiddleware": "answers only /healthz and /readyz, no short-chain view",
    "broadsheet.pagecache.middleware.PageCacheMiddleware": "short-chain views answer POSTs, never stored pages",
    "django.contrib.sessions.middleware.SessionMiddleware": "a request with a session cookie takes the full chain",
    "django.contrib.auth.middleware.AuthenticationMiddleware": "without a session nobody is signed in",
    "django_otp.middleware.OTPMiddleware": "verifies the signed-in user's device: nobody is signed in",
    "broadsheet.staff.middleware.SecondFactorMiddleware": "guards signed-in staff in the back office",
    "django.contrib.messages.middleware.MessageMiddleware": "short-chain views answer scripts and leave no messages",
    "allauth.account.middleware.AccountMiddleware": "serves allauth's sign-in flows, no short-chain view",
    "broadsheet.links.redirects.OnSiteRedirectMiddleware": "redirects pages that 404; a short-chain view is found",
    "broadsheet.newsroom.sites.KeptSiteMiddleware": "finds the site of Wagtail's pages; no short-chain view is one",
    "axes.middleware.AxesMiddleware": "watches sign-in attempts, which never take the short chain",
}

ROOT_URLCONF = "broadsheet.urls"
WSGI_APPLICATION = "broadsheet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "broadsheet" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "broadsheet.newsroom.context_processors.site_chrome",
            ],
        },
    },
]

# ---------------------------------------------------------------------------
# Database: SQLite (WAL) by default, PostgreSQL with DATABASE_URL
# ---------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "broadsheet.sqlite",
            "NAME": DATA_DIR / "broadsheet.sqlite3",
            # Opening a connection runs the PRAGMAs and closing one may checkpoint the WAL:
            # both cost more than a vote, so each thread keeps its connection.
            "CONN_MAX_AGE": None,
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so two writers queue on the busy
                # timeout instead of one failing with "database is locked" on lock upgrade.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA busy_timeout=20000;"
                ),
            },
            "TEST": {"NAME": DATA_DIR / "test.sqlite3"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------------------
# Cache: local files by default (shared by the web and worker processes), Redis with REDIS_URL
# ---------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_PREFIX = os.environ.get("CACHE_PREFIX", "broadsheet")
CACHE_DIR = Path(os.environ.get("CACHE_DIR", DATA_DIR / "cache")).resolve()
# Parallel test workers (pytest-xdist names them gw0, gw1, ...) each keep a cache of their own:
# every test clears the cache around itself, and a shared folder or Redis database (clear() empties
# the whole database, whatever the prefix) let one worker wipe another's pages mid-test.
if TEST_WORKER := os.environ.get("PYTEST_XDIST_WORKER", ""):
    CACHE_PREFIX = f"{CACHE_PREFIX}-{TEST_WORKER}"
    CACHE_DIR = CACHE_DIR.with_name(f"{CACHE_DIR.name}-{TEST_WORKER}")
    if REDIS_URL:
        _redis = urlsplit(REDIS_URL)
        _database = int(_redis.path.strip("/") or 0) + 10 + int(TEST_WORKER.removeprefix("gw"))
        REDIS_URL = urlunsplit(_redis._replace(path=f"/{_database}"))
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache, behaving as an empty cache while Redis is unreachable.
            "BACKEND": "broadsheet.rediscache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_PREFIX,
            # A Redis that hangs must not hang pages: give up soon and serve without the cache.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {
        "default": {
            # Django's, culling every few hundred writes instead of listing the folder on each.
            "BACKEND": "broadsheet.filecache.FileBasedCache",
            "LOCATION": str(CACHE_DIR),
            "KEY_PREFIX": CACHE_PREFIX,
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

# Wagtail looks up image renditions on every render; keep them out of the shared page cache.
CACHES["renditions"] = (
    {**CACHES["default"], "KEY_PREFIX": CACHES["default"]["KEY_PREFIX"] + "-renditions"}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "renditions"}
)

# Per-minute allowances of public writes (votes, beacons, clicks): one counter rewritten on every
# request. Redis shares it between all processes; without Redis each process keeps its own in
# memory (a file rewritten per request cost a millisecond), so the guard allows up to its limit per
# web process (`make run` starts one).
CACHES["counters"] = (
    {**CACHES["default"], "KEY_PREFIX": CACHES["default"]["KEY_PREFIX"] + "-counters"}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "counters"}
)

# Seconds a shared cache (CDN, nginx) may keep an anonymous page, and how long it may serve a
# stale copy while it refetches or while the origin is down.
PAGE_CACHE_S_MAXAGE = int(os.environ.get("PAGE_CACHE_S_MAXAGE", "60"))
PAGE_CACHE_STALE_WHILE_REVALIDATE = int(os.environ.get("PAGE_CACHE_STALE_WHILE_REVALIDATE", "30"))
PAGE_CACHE_STALE_IF_ERROR = int(os.environ.get("PAGE_CACHE_STALE_IF_ERROR", "86400"))
# How long the origin keeps a rendered page; invalidation, not expiry, is what keeps it fresh.
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", str(24 * 3600)))
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
# Parts of pages (an article's body, its related headlines, the section bar) kept between renders
# until what they show changes, so a page that left the cache re-renders only what changed.
PAGE_PARTS_ENABLED = env_bool("PAGE_PARTS_ENABLED", True)
PAGE_PARTS_SECONDS = int(os.environ.get("PAGE_PARTS_SECONDS", str(24 * 3600)))
# What each process keeps of the shared cache's parts and remembered answers, in bytes, for as
# long as nothing is invalidated (one read of the epoch checks them all).
PAGECACHE_LOCAL_BYTES = int(os.environ.get("PAGECACHE_LOCAL_BYTES", str(32 * 1024 * 1024)))
# One render of a page at a time (single flight): how long a render may hold its claim, and how
# long a request with no stored copy to fall back on waits for that render before rendering itself.
PAGE_RENDER_CLAIM_SECONDS = int(os.environ.get("PAGE_RENDER_CLAIM_SECONDS", "10"))
PAGE_RENDER_WAIT_SECONDS = float(os.environ.get("PAGE_RENDER_WAIT_SECONDS", "3"))
# Pages each web process keeps ready to send before Django runs (about 40 KB each with their
# compressed copies).
PAGE_CACHE_FAST_PAGES = int(os.environ.get("PAGE_CACHE_FAST_PAGES", "500"))
# The production profile (deploy/): stored pages are also written here as files that nginx sends
# itself, and removed the moment anything they show changes. Empty: no files.
PAGE_FILES_DIR = os.environ.get("PAGE_FILES_DIR", "")

# A CDN that accepts purge requests (Wagtail's frontend cache): set one of these.
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE = {
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
        }
    }
elif os.environ.get("CLOUDFLARE_API_TOKEN"):
    WAGTAILFRONTENDCACHE = {
        "cloudflare": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": os.environ["CLOUDFLARE_API_TOKEN"],
            "ZONEID": os.environ.get("CLOUDFLARE_ZONE_ID", ""),
        }
    }

# ---------------------------------------------------------------------------
# Tasks: a database queue, no broker; `make run` starts the worker
# ---------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# ---------------------------------------------------------------------------
# Newsroom
# ---------------------------------------------------------------------------
# Datelines are printed in the newsroom's zone ("20:48 GMT+3"); storage is always UTC.
USE_TZ = True
NEWSROOM_TIME_ZONE = os.environ.get("NEWSROOM_TIME_ZONE", "Europe/Moscow")
# Editors schedule and read times in the newsroom's zone too (each can override it in their profile).
TIME_ZONE = NEWSROOM_TIME_ZONE
LANGUAGE_CODE = "en-gb"
# Times in the newsroom's 24 hours with their zone, in Wagtail's screens too (broadsheet/formats).
FORMAT_MODULE_PATH = ["broadsheet.formats"]
USE_I18N = True
ARTICLES_PER_PAGE = 20

# ---------------------------------------------------------------------------
# Readers and polls
# ---------------------------------------------------------------------------
# Proxies whose X-Forwarded-For we believe (nginx, the load balancer); nobody else's.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
# Salt for the hashes addresses are stored as: apart from SECRET_KEY, so a leaked signing key does
# not make stored addresses reversible. Rotate it to unlink old hashes from new ones.
IP_HASH_SALT = os.environ.get("IP_HASH_SALT") or data_secret("ip-hash-salt")
# Ballots one network may cast in one poll per hour, and networks exempt from it (offices, schools).
POLL_NETWORK_LIMIT = int(os.environ.get("POLL_NETWORK_LIMIT", "10"))
POLL_NETWORK_ALLOWLIST = env_list("POLL_NETWORK_ALLOWLIST")
# Attempts one network may make at one kind of public write (a vote) per minute, refused or not.
WRITE_ATTEMPTS_PER_MINUTE = int(os.environ.get("WRITE_ATTEMPTS_PER_MINUTE", "120"))

# ---------------------------------------------------------------------------
# Readership: view counts and most read
# ---------------------------------------------------------------------------
# Seconds between writes of buffered views and clicks: a crash loses at most this much counting.
COUNT_FLUSH_SECONDS = float(os.environ.get("COUNT_FLUSH_SECONDS", "5"))
# Where buffered counts wait for their flush: each process's memory, or Redis, shared by every
# process (any process's flush writes them all, and a batch left by a process killed mid-flush is
# written by another). Like CACHES: the other entries are the backend's options.
COUNT_BUFFER = (
    {"BACKEND": "broadsheet.counting.buffer.RedisCountBuffer", "LOCATION": REDIS_URL, "KEY_PREFIX": CACHE_PREFIX}
    if REDIS_URL
    else {"BACKEND": "broadsheet.counting.buffer.MemoryCountBuffer"}
)
# View beacons one network may send per minute (a newsroom office reads a lot; a script more), and
# short-link clicks it may have counted per minute (past it, clicks are redirected, not counted).
# These and the other per-network allowances are rules in broadsheet/throttle.py's RULES.
VIEW_BEACONS_PER_MINUTE = int(os.environ.get("VIEW_BEACONS_PER_MINUTE", "600"))
CLICKS_PER_MINUTE = int(os.environ.get("CLICKS_PER_MINUTE", "600"))
# Readers one network may add to one article's views (and one short link's clicks) in a half hour,
# however many browsers it claims to be (networks on POLL_NETWORK_ALLOWLIST are not capped).
READERS_COUNTED_PER_NETWORK = int(os.environ.get("READERS_COUNTED_PER_NETWORK", "20"))
# How often the most-read lists are recomputed.
MOST_READ_REFRESH_SECONDS = int(os.environ.get("MOST_READ_REFRESH_SECONDS", "180"))

# ---------------------------------------------------------------------------
# Short links
# ---------------------------------------------------------------------------
# A short domain of our own (e.g. "brd.sh"): links are then printed as <scheme>://<host>/<code>
# (the scheme of SITE_URL) and answered there, as well as at SITE_URL/s/<code>.
SHORT_LINK_HOST = os.environ.get("SHORT_LINK_HOST", "").strip().lower()
if SHORT_LINK_HOST and SHORT_LINK_HOST.split(":")[0] not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(SHORT_LINK_HOST.split(":")[0])
# Misses (codes that lead nowhere) kept for the back office: the most asked-for codes per day,
# and for how many days, so a flood of junk codes cannot fill the database.
SHORT_LINK_MISSES_KEPT_PER_DAY = int(os.environ.get("SHORT_LINK_MISSES_KEPT_PER_DAY", "100"))
SHORT_LINK_MISSES_KEEP_DAYS = int(os.environ.get("SHORT_LINK_MISSES_KEEP_DAYS", "90"))

# ---------------------------------------------------------------------------
# Reader accounts (django-allauth) and the discussion
# ---------------------------------------------------------------------------
# Readers sign up with an e-mail address and a password and must confirm the address; staff keep
# the back office's own login. Accounts made here have no back-office access.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_ADAPTER = "broadsheet.accounts.adapter.ReaderAccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "broadsheet.accounts.forms.SignupForm"
# allauth's forms in the site's words (sentence case, "e-mail"); what they check stays allauth's.
ACCOUNT_FORMS = {
    name: f"broadsheet.accounts.allauth_forms.{form}"
    for name, form in {
        "login": "ReaderLoginForm",
        "reset_password": "ReaderResetPasswordForm",
        "reset_password_from_key": "ReaderResetPasswordKeyForm",
        "change_password": "ReaderChangePasswordForm",
        "set_password": "ReaderSetPasswordForm",
        "add_email": "ReaderAddEmailForm",
        "reauthenticate": "ReaderReauthenticateForm",
    }.items()
}
# Account e-mails are titled "<site name>: Confirm your e-mail address", not "[127.0.0.1:8000] …".
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"{WAGTAIL_SITE_NAME}: "
# A reader is told by e-mail when their password or address changes, so a stranger's change is noticed.
ACCOUNT_EMAIL_NOTIFICATIONS = True
# Failed sign-ins are counted by django-axes for everyone (see Sign-in security), so allauth's own
# failure counter is off: one rule, one 429 page. allauth's other limits (sign-up, resets) stay.
ACCOUNT_RATE_LIMITS = {"login_failed": None}
# Sign-ups one network may make per hour (broadsheet/throttle.py): a household or an office opens a
# few accounts, a script hundreds. Counted only for valid forms, for new and known addresses alike.
SIGN_UPS_PER_NETWORK_PER_HOUR = int(os.environ.get("SIGN_UPS_PER_NETWORK_PER_HOUR", "5"))
SOCIALACCOUNT_ADAPTER = "broadsheet.accounts.adapter.ReaderSocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
# A new reader from an outside provider also sees the sign-up form (their name filled in), because
# they too must tick "I agree to the Terms" before an account is opened.
SOCIALACCOUNT_AUTO_SIGNUP = False
LOGIN_REDIRECT_URL = "/accounts/profile/"
LOGIN_URL = "/accounts/login/"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Broadsheet <news@localhost>")
# Where the contact form's messages go (broadsheet/legal), and the Reply-To of mail sent to readers.
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "newsroom@localhost")
# Mail: SMTP when EMAIL_HOST is set (production); otherwise each message is a file under
# MAIL_DIR (var/mail/), so `make run` needs no mail server and sign-up links can be opened by hand.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(Path(os.environ.get("MAIL_DIR", DATA_DIR / "mail")).resolve())
# Outside identity providers, each switched on by its client id and secret ("Continue with …").
SOCIALACCOUNT_PROVIDERS = {}
if os.environ.get("FACEBOOK_CLIENT_ID"):
    SOCIALACCOUNT_PROVIDERS["facebook"] = {
        "APPS": [{"client_id": os.environ["FACEBOOK_CLIENT_ID"], "secret": os.environ.get("FACEBOOK_SECRET", "")}],
        "SCOPE": ["email", "public_profile"],
    }
if os.environ.get("GOOGLE_CLIENT_ID"):
    SOCIALACCOUNT_PROVIDERS["google"] = {
        "APPS": [{"client_id": os.environ["GOOGLE_CLIENT_ID"], "secret": os.environ.get("GOOGLE_SECRET", "")}],
        "SCOPE": ["openid", "email", "profile"],
    }
if os.environ.get("OIDC_CLIENT_ID"):
    # Any OpenID Connect provider (Keycloak, Auth0, a newsroom's own), by its issuer address.
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [
            {
                "provider_id": os.environ.get("OIDC_PROVIDER_ID", "oidc"),
                "name": os.environ.get("OIDC_NAME", "OpenID Connect"),
                "client_id": os.environ["OIDC_CLIENT_ID"],
                "secret": os.environ.get("OIDC_SECRET", ""),
                "settings": {"server_url": os.environ.get("OIDC_SERVER_URL", "")},
            }
        ]
    }
# Comments: pre-moderation ("pre": nothing shows before a moderator approves) or post-moderation
# ("post": shown at once unless a rule holds it); sections and articles may override it.
COMMENTS_MODERATION = os.environ.get("COMMENTS_MODERATION", "post").strip().lower()
# Days after first publication when a discussion closes by itself (0: never; editors close one any time).
COMMENTS_CLOSE_AFTER_DAYS = int(os.environ.get("COMMENTS_CLOSE_AFTER_DAYS", "0"))
COMMENT_MAX_LENGTH = int(os.environ.get("COMMENT_MAX_LENGTH", "3000"))
# New commenters are held until this many of their comments have been approved.
COMMENTS_TRUSTED_AFTER = int(os.environ.get("COMMENTS_TRUSTED_AFTER", "1"))
COMMENTS_HOLD_LINKS = int(os.environ.get("COMMENTS_HOLD_LINKS", "2"))
# Flags take a published comment down for review when their weight reaches COMMENTS_FLAGS_TO_HOLD
# (broadsheet/comments/standing.py): a flag weighs nothing from an account younger than
# COMMENTS_FLAGGER_MIN_AGE_DAYS or without COMMENTS_TRUSTED_AFTER approved comments (it only shows
# the comment to moderators), one from a reader with both, two once COMMENTS_FLAGS_UPHELD_TO_WEIGH_MORE
# of the reader's flags were upheld by a moderator.
COMMENTS_FLAGS_TO_HOLD = int(os.environ.get("COMMENTS_FLAGS_TO_HOLD", "3"))
COMMENTS_FLAGGER_MIN_AGE_DAYS = int(os.environ.get("COMMENTS_FLAGGER_MIN_AGE_DAYS", "7"))
COMMENTS_FLAGS_UPHELD_TO_WEIGH_MORE = int(os.environ.get("COMMENTS_FLAGS_UPHELD_TO_WEIGH_MORE", "3"))
COMMENTS_TOXICITY_THRESHOLD = float(os.environ.get("COMMENTS_TOXICITY_THRESHOLD", "0.8"))
COMMENTS_EDIT_MINUTES = int(os.environ.get("COMMENTS_EDIT_MINUTES", "5"))
# Comments per account, and per network, allowed in any 60 seconds (the next one gets a 429).
COMMENTS_PER_MINUTE = int(os.environ.get("COMMENTS_PER_MINUTE", "2"))
COMMENTS_PER_NETWORK_PER_MINUTE = int(os.environ.get("COMMENTS_PER_NETWORK_PER_MINUTE", "10"))
COMMENTS_MIN_FORM_SECONDS = float(os.environ.get("COMMENTS_MIN_FORM_SECONDS", "3"))
COMMENTS_BANNED_WORDS = env_list("COMMENTS_BANNED_WORDS")
COMMENTS_SUSPECT_WORDS = env_list("COMMENTS_SUSPECT_WORDS", "casino,viagra,crypto giveaway")

# ---------------------------------------------------------------------------
# Listen: article audio, Listen Live and podcast feeds
# ---------------------------------------------------------------------------
# "auto" uses Piper when piper-tts and a voice model (LISTEN_PIPER_MODEL, an .onnx file with its
# .onnx.json beside it) are installed, otherwise espeak-ng; "espeak" or "piper" insist on one.
LISTEN_ENGINE = os.environ.get("LISTEN_ENGINE", "auto")
LISTEN_PIPER_MODEL = os.environ.get("LISTEN_PIPER_MODEL", "")
LISTEN_ESPEAK_COMMAND = os.environ.get("LISTEN_ESPEAK_COMMAND", "espeak-ng")
LISTEN_ESPEAK_VOICE = os.environ.get("LISTEN_ESPEAK_VOICE", "en-gb")
LISTEN_ESPEAK_SPEED = int(os.environ.get("LISTEN_ESPEAK_SPEED", "165"))  # words per minute
# Longer texts fail with a clear message instead of tying up the worker for an hour.
LISTEN_MAX_WORDS = int(os.environ.get("LISTEN_MAX_WORDS", "20000"))
# Seconds an engine may run per 1,000 words (and once more for any text); then it is stopped and
# the job retried later. espeak-ng needs about 7 s of CPU for 1,000 words, Piper (joe, medium) about 33.
LISTEN_ENGINE_TIMEOUT = float(os.environ.get("LISTEN_ENGINE_TIMEOUT", "60"))
LISTEN_RENDER_ATTEMPTS = int(os.environ.get("LISTEN_RENDER_ATTEMPTS", "3"))
LISTEN_RETRY_SECONDS = int(os.environ.get("LISTEN_RETRY_SECONDS", "30"))  # then ×4 each attempt
LISTEN_BULLETIN_EVERY_SECONDS = int(os.environ.get("LISTEN_BULLETIN_EVERY_SECONDS", "3600"))
LISTEN_BULLETINS_KEPT = int(os.environ.get("LISTEN_BULLETINS_KEPT", "48"))
# Article audio and bulletins are levelled to this integrated loudness (ITU-R BS.1770 / EBU R128,
# LUFS; -16 is the usual target for spoken podcasts) with true peaks under the ceiling (dBTP). It
# applies before encoding: 48 kbit/s MP3 adds to peaks, usually about 0.6 dB but up to 1.2 dB seen
# (a CI run measured -0.84 dBTP from a -2 ceiling), so -3 keeps the file itself under the usual -1.
LISTEN_LOUDNESS_LUFS = float(os.environ.get("LISTEN_LOUDNESS_LUFS", "-16"))
LISTEN_TRUE_PEAK_DBTP = float(os.environ.get("LISTEN_TRUE_PEAK_DBTP", "-3"))

# ---------------------------------------------------------------------------
# Discovery: search, feeds, sitemaps, structured data
# ---------------------------------------------------------------------------
# One sentence about the newsroom: the front page's meta description, the site feed's subtitle and
# the WebSite JSON-LD.
SITE_DESCRIPTION = os.environ.get(
    "SITE_DESCRIPTION", "News, analysis and opinion from around the world, updated through the day."
)
# The picture a page without one of its own is shared with (Open Graph, Twitter cards): a static
# file's path or an absolute address; 1200×630 pixels suit every network.
SITE_SHARE_IMAGE = os.environ.get("SITE_SHARE_IMAGE", "newsroom/share.png")
# Searches one network may run per minute (a search is the most expensive uncached page).
SEARCHES_PER_MINUTE = int(os.environ.get("SEARCHES_PER_MINUTE", "60"))
# Reports of errors in articles one network may send per hour (broadsheet/errata): a reader sends one.
ERROR_REPORTS_PER_HOUR = int(os.environ.get("ERROR_REPORTS_PER_HOUR", "5"))
# Messages one network may send through the contact form per hour (broadsheet/legal).
CONTACT_MESSAGES_PER_HOUR = int(os.environ.get("CONTACT_MESSAGES_PER_HOUR", "5"))

# ---------------------------------------------------------------------------
# Static and media files
# ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "broadsheet" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names, and text files kept brotli- and gzip-compressed beside them (broadsheet/edge/static.py).
    "staticfiles": {"BACKEND": "broadsheet.edge.static.CompressedManifestStaticFilesStorage"},
}
if env_bool("DEBUG") or os.environ.get("STATICFILES_PLAIN"):
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# ---------------------------------------------------------------------------
# Wagtail
# ---------------------------------------------------------------------------
# English stemming ("alliances" finds "alliance"): PostgreSQL's "english" configuration; on SQLite,
# FTS5's porter tokenizer (set by the search app's migration).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "english"}}
WAGTAILIMAGES_IMAGE_MODEL = "wagtailimages.Image"
# Damaged uploads are refused with a message instead of a server error.
WAGTAILIMAGES_IMAGE_FORM_BASE = "broadsheet.newsroom.images.ImageForm"
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Embedded media in article bodies (broadsheet/newsroom/embeds.py): only https addresses on these
# hosts are accepted, and only the providers' own https oEmbed endpoints are ever fetched.
EMBED_PROVIDER_NAMES = ["YouTube", "Vimeo", "X (Twitter)", "Instagram"]
EMBED_ALLOWED_HOSTS = {
    "youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be",
    "vimeo.com", "www.vimeo.com", "player.vimeo.com",
    "twitter.com", "www.twitter.com", "x.com", "www.x.com",
    "instagram.com", "www.instagram.com",
}  # fmt: skip
# Players a reader's page may frame (also its CSP frame-src); posts print as quoted text and a link.
EMBED_FRAME_HOSTS = {"www.youtube.com", "www.youtube-nocookie.com", "player.vimeo.com"}
WAGTAILEMBEDS_FINDERS = [
    {
        "class": "wagtail.embeds.finders.oembed",
        "providers": [
            {"endpoint": "https://www.youtube.com/oembed", "urls": [r"^https://(?:www\.|m\.)?youtube\.com/.+$", r"^https://youtu\.be/.+$"]},
            {"endpoint": "https://vimeo.com/api/oembed.{format}", "urls": [r"^https://(?:www\.|player\.)?vimeo\.com/.+$"]},
            {"endpoint": "https://publish.twitter.com/oembed", "urls": [r"^https://(?:www\.)?(?:twitter|x)\.com/[^/?#]+/status/.+$"]},
        ],
    }
]  # fmt: skip
# Instagram's oEmbed needs a Facebook app: without one, Instagram addresses are refused by Wagtail.
if os.environ.get("INSTAGRAM_APP_ID"):
    WAGTAILEMBEDS_FINDERS.append(
        {
            "class": "wagtail.embeds.finders.instagram",
            "app_id": os.environ["INSTAGRAM_APP_ID"],
            "app_secret": os.environ.get("INSTAGRAM_APP_SECRET", ""),
        }
    )
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]

# ---------------------------------------------------------------------------
# Sign-in security: throttling (django-axes) and two-factor sign-in (django-otp)
# ---------------------------------------------------------------------------
# Every django.contrib.auth.authenticate() call goes through the throttle first, whichever page
# makes it (the back office's login today, readers' sign-in later).
AUTHENTICATION_BACKENDS = [
    "broadsheet.staff.signin.SignInThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Readers sign in with their e-mail address (after the throttle, like everyone).
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Failed sign-ins allowed per (account, network) pair and, separately, per network before sign-in
# from that network is refused (even with the right password), and how long after the last failure
# the refusal lasts. The account itself is never locked for everyone (a stranger could keep the
# newsroom out): past SIGN_IN_ACCOUNT_FAILURE_LIMIT failures from anywhere within the lockout time it
# takes one attempt every SIGN_IN_ACCOUNT_PAUSE_SECONDS (broadsheet/staff/signin.py).
SIGN_IN_FAILURE_LIMIT = int(os.environ.get("SIGN_IN_FAILURE_LIMIT", "5"))
SIGN_IN_LOCKOUT_MINUTES = int(os.environ.get("SIGN_IN_LOCKOUT_MINUTES", "60"))
SIGN_IN_ACCOUNT_FAILURE_LIMIT = int(os.environ.get("SIGN_IN_ACCOUNT_FAILURE_LIMIT", "20"))
SIGN_IN_ACCOUNT_PAUSE_SECONDS = int(os.environ.get("SIGN_IN_ACCOUNT_PAUSE_SECONDS", "30"))
AXES_FAILURE_LIMIT = SIGN_IN_FAILURE_LIMIT
AXES_COOLOFF_TIME = SIGN_IN_LOCKOUT_MINUTES / 60  # hours, as axes reads a float
# Counts live in the shared cache (Redis in production, so every process and host agrees), keyed
# by hashes, and expire on their own: no table of addresses and user agents to purge.
AXES_HANDLER = "broadsheet.staff.signin.SignInHandler"
if not REDIS_URL:
    # axes warns that the file cache's increments are not atomic: parallel failures against one
    # development machine may be under-counted by a few. Redis, which production uses, is exact.
    SILENCED_SYSTEM_CHECKS = ["axes.W001"]
AXES_LOCKOUT_PARAMETERS = "broadsheet.staff.signin.lockout_parameters"
AXES_USERNAME_CALLABLE = "broadsheet.staff.signin.account_of"
# The network as `identity` resolves it (forwarding headers only from TRUSTED_PROXIES), salted-hashed.
AXES_CLIENT_IP_CALLABLE = "broadsheet.staff.signin.client_network"
AXES_LOCKOUT_CALLABLE = "broadsheet.staff.signin.locked_out"
# Attempts during a lockout do not prolong it, so an attacker cannot keep someone out for good.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
# Who cannot use the back office until they have set up two-factor sign-in: "administrators"
# (superusers and the Administrator group), "staff" (everyone with back-office access) or "none".
# Anyone who has set it up is always asked for a code.
STAFF_2FA_REQUIRED_FOR = os.environ.get("STAFF_2FA_REQUIRED_FOR", "administrators").strip().lower()
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME

# ---------------------------------------------------------------------------
# Security: a site served over https turns everything on (manage.py check --deploy is clean)
# ---------------------------------------------------------------------------
# Request bodies and query strings are small on a news site; large ones are refused with a 400.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
MAX_QUERY_STRING_LENGTH = 2048
# The largest body an endpoint takes, refused with 413 before a byte of it is read
# (broadsheet/edge/limits.py). A view that takes more than the default says so itself
# (`accepts_bodies_up_to`, as votes do); the paths below are views we cannot decorate.
# The back office's are granted only to a signed-in member of staff (Django checks the session
# before the body is read): anyone else, its sign-in page included, gets the default.
STAFF_BODY_LIMITS = [
    # Uploads only where editors upload pictures and documents; the rest of the back office takes
    # forms, long articles at most.
    (r"/admin/(images|documents)/", int(os.environ.get("REQUEST_BODY_MAX_UPLOAD", str(64 * 1024 * 1024)))),
    (r"/admin/", 4 * 1024 * 1024),
]
REQUEST_BODY_LIMITS = [
    # A comment is at most COMMENT_MAX_LENGTH characters (4 bytes each at worst) plus the form's fields.
    (r"/comments/", 24 * 1024),
]
REQUEST_BODY_DEFAULT_LIMIT = 2 * 1024
# Seconds a client may pause while sending a body before it gets a 408 (the edge reads bodies
# on the event loop, so a slow one holds no thread meanwhile).
REQUEST_BODY_IDLE_TIMEOUT = int(os.environ.get("REQUEST_BODY_IDLE_TIMEOUT", "15"))
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_HTTPONLY = True
# Browser features no page of this site uses are refused to it and to anything it frames. Video
# embeds (EMBED_FRAME_HOSTS) keep full screen, picture-in-picture and protected playback; audio
# (article audio, Listen Live) needs no permission. broadsheet.middleware and the edge send it.
PERMISSIONS_POLICY_DENIED = [
    "accelerometer", "browsing-topics", "camera", "display-capture", "geolocation", "gyroscope", "hid",
    "magnetometer", "microphone", "midi", "payment", "serial", "usb", "xr-spatial-tracking",
]  # fmt: skip
EMBED_ORIGINS = " ".join(f'"https://{host}"' for host in sorted(EMBED_FRAME_HOSTS))
PERMISSIONS_POLICY = ", ".join(
    [f"{feature}=()" for feature in PERMISSIONS_POLICY_DENIED]
    + [f"{feature}=(self {EMBED_ORIGINS})" for feature in ("fullscreen", "picture-in-picture", "encrypted-media")]
)
if SERVED_OVER_HTTPS:
    DEBUG = False
    # Believed only behind our own proxies (which set it); otherwise anyone could claim https.
    if TRUSTED_PROXIES:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Content-Security-Policy (django-csp; broadsheet.middleware adds the framing rule). Reader pages
# have no inline script (base.html loads its scripts from /static/), so no nonce is needed: a
# nonce in the page cache's stored bytes would be the same for everyone. Poll bars set their
# width in a style attribute, hence style-src-attr. The article frames its poll's embed.
SITE_CSP_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "media-src": ["'self'"],
    "frame-src": ["'self'", *sorted(f"https://{host}" for host in EMBED_FRAME_HOSTS)],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Wagtail 8's back office still runs inline scripts without nonces (nine distinct ones on the
# dashboard, explorer and editor, seen in Chromium's console) and inline styles. So signed-in
# staff pages (never page-cached, never shown to readers) get this looser policy; the sign-in page
# and every reader page keep script-src 'self'. Avatars are initials drawn as data: URLs
# (broadsheet/staff/avatars.py), never Gravatar's: no third party learns who works here.
ADMIN_CSP_DIRECTIVES = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "frame-src": ["'self'", "blob:"],
}
# Enforced once the site is served over https; reported only (in the browser's console) in
# development, where a violation should be seen before it breaks anything.
if env_bool("CSP_ENFORCE", SERVED_OVER_HTTPS):
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": SITE_CSP_DIRECTIVES}
else:
    CONTENT_SECURITY_POLICY = None
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": SITE_CSP_DIRECTIVES}

# Documents are served only by Wagtail's view, which checks collection privacy, never from media
# (the edge refuses /media/documents/), and always as downloads with nosniff and a CSP: an
# uploaded file must never run as a page on our origin.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []

# Old hashes are upgraded on sign-in; SHA-1 is not kept as a way in (Django lists it by default).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# Where security reports go (SECURITY.md, /.well-known/security.txt): a mailto: or https: address
# someone reads. Unset, security.txt guesses security@ the site's host, and `check --deploy` warns.
SECURITY_CONTACT = os.environ.get("SECURITY_CONTACT", "")
# Optional: the address of this installation's published security policy (its SECURITY.md).
SECURITY_POLICY_URL = os.environ.get("SECURITY_POLICY_URL", "")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
CSRF_FAILURE_VIEW = "broadsheet.views.csrf_failure"

# "text" for people, "json" (one object per line) for log collectors; both carry the request id.
LOG_FORMAT = (os.environ.get("LOG_FORMAT") or "text").strip().lower()
if LOG_FORMAT not in ("text", "json"):
    raise ValueError(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}.")
# WARNING by default: `make run` prints errors, not a line per request or task; INFO shows those.
LOG_LEVEL = (os.environ.get("LOG_LEVEL") or "WARNING").strip().upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "broadsheet.operations.logs.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "broadsheet.operations.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": LOG_FORMAT},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Refused votes (409, 429) and 404s are normal traffic, not warnings; server errors still log.
    "loggers": {"django.request": {"level": "ERROR"}},
}

# ---------------------------------------------------------------------------
# Operations: backups, health probes, error reporting
# ---------------------------------------------------------------------------
# `manage.py backup` writes here; `make run`'s scheduler takes one a day and keeps BACKUP_KEEP_DAYS.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR") or DATA_DIR / "backups").resolve()
BACKUP_DAILY = env_bool("BACKUP_DAILY", True)
BACKUP_KEEP_DAYS = int(os.environ.get("BACKUP_KEEP_DAYS", "7"))
# /readyz turns red when a due task has waited this many seconds for the task worker.
READYZ_TASK_MAX_WAIT = int(os.environ.get("READYZ_TASK_MAX_WAIT", "300"))
# Load balancers probe over plain HTTP inside the network: the https redirect must not answer them.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# Unhandled errors go to Sentry (or a compatible service) only when a DSN is set; no personal data.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    from broadsheet.operations.logs import start_error_reporting

    start_error_reporting(SENTRY_DSN, environment=os.environ.get("SENTRY_ENVIRONMENT", ""))
