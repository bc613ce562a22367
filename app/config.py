"""Configuration: defaults, then instance/config.py, then CIPS_* environment
variables, then the test overrides (the flaskr order)."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any, Mapping

DEFAULTS: dict[str, Any] = {
    # DATABASE_URL falls back to SQLite in the instance folder (see configure()).
    "DATABASE_URL": None,
    # gevent by default; "eventlet" and "threading" are accepted (tests use threading).
    "ASYNC_MODE": "gevent",
    # One log line per HTTP request from `cips serve`.
    "ACCESS_LOG": False,
    # Redis for several processes: Socket.IO fan-out, rate limits, presence, task queue.
    # None = one box: memory, and the task queue in SQLite in the instance folder.
    "REDIS_URL": None,
    # Socket.IO channel and key prefix in Redis; default derived from the database URL,
    # so two deployments on one Redis never hear each other.
    "REDIS_CHANNEL": None,
    # Socket.IO message queue; defaults to REDIS_URL (kept for older configurations).
    "MESSAGE_QUEUE": None,
    # Database connections per process (PostgreSQL; SQLite ignores the overflow).
    "DB_POOL_SIZE": 10,
    "DB_MAX_OVERFLOW": 20,
    # `cips serve` runs a job consumer in the same process unless this is false
    # (or `--no-worker`): one box needs nothing else.
    "EMBEDDED_WORKER": True,
    # Consumers write a heartbeat this often; one silent for WORKER_DEAD_SECONDS is
    # dead, and the jobs it held are queued again.
    "WORKER_HEARTBEAT_SECONDS": 5,
    "WORKER_DEAD_SECONDS": 20,
    # A scan processing longer than this is queued again (at most PROCESSING_MAX_ATTEMPTS
    # times in all), then marked failed with the reason.
    "PROCESSING_LIMIT_SECONDS": 600,
    "PROCESSING_MAX_ATTEMPTS": 3,
    "RECOVERY_SWEEP_SECONDS": 10,
    # Supervisors see scans processing longer than this (and failed ones) with a Retry.
    "STALLED_AFTER_SECONDS": 120,
    # How long a registration waits for a worker to decode its files.
    "DECODE_TIMEOUT_SECONDS": 300,
    # The audit trail: its head is signed this often with AUDIT_KEY (default: the
    # secret key); set AUDIT_KEY apart to let auditors verify without the session key.
    "AUDIT_KEY": None,
    "AUDIT_CHECKPOINT_SECONDS": 3600,
    # Proxies in front of CIPS whose X-Forwarded-For/-Proto to trust (nginx: 1), so
    # throttling and the audit trail see the client's address, not the proxy's.
    "TRUSTED_PROXIES": 0,
    # Housekeeping: expired uploads, and scratch folders a crash left in the store.
    "HOUSEKEEPING_SECONDS": 600,
    "SCRATCH_MAX_AGE_SECONDS": 3600,
    "STORE_PATH": None,
    # The store of record (docs/storage.md): empty = the local folder STORE_PATH;
    # s3://BUCKET/PREFIX = an S3-compatible bucket, with STORE_PATH as this process's
    # scratch space and its size-bounded cache (STORE_CACHE_BYTES) of what it reads.
    "STORE_URL": None,
    "S3_ENDPOINT": None,
    "S3_ACCESS_KEY": None,
    "S3_SECRET_KEY": None,
    "S3_REGION": None,
    "STORE_CACHE_BYTES": 20 * 1024**3,
    # Storage planning: the store's capacity in bytes (0 = unknown, no "days until full").
    "STORE_CAPACITY_BYTES": 0,
    # Retention runs once a day; orphaned objects are removed this long after they were written.
    "RETENTION_SECONDS": 24 * 3600,
    "ORPHAN_MIN_AGE_SECONDS": 24 * 3600,
    "RATELIMIT_STORAGE_URI": "memory://",
    # Sign-in throttling (app/blueprints/auth/throttle.py): failed sign-ins allowed per
    # (client address, username) and per client address, then 429; a username's failures
    # from everywhere past the global rate slow each further attempt by LOGIN_SLOWDOWN_SECONDS
    # (a delay, never a lock-out, so nobody can lock a person out from elsewhere).
    "LOGIN_FAILURES_PER_USER": "5 per 5 minutes",
    "LOGIN_FAILURES_PER_ADDRESS": "30 per 5 minutes",
    "LOGIN_FAILURES_PER_USER_GLOBAL": "30 per hour",
    "LOGIN_SLOWDOWN_SECONDS": 2,
    # A larger list of refused passwords (one a line) than the one CIPS ships.
    "COMMON_PASSWORDS_FILE": None,
    # Argon2id's cost (argon2-cffi's defaults): memory in KiB and passes. A hash made with
    # other values is rehashed at its owner's next sign-in. The tests lower them; a
    # deployment has no reason to.
    "PASSWORD_HASH_MEMORY_KIB": 65536,
    "PASSWORD_HASH_TIME_COST": 3,
    # Defaults of the runtime settings (app/settings.py; admins change them on
    # /api/v1/admin/settings): a session ends after this long idle, and this long after sign-in.
    "SESSION_IDLE_MINUTES": 60,
    "SESSION_MAX_HOURS": 12,
    # Threat image projection and breaks (runtime settings, docs/tip.md).
    "TIP_BREAK_AFTER_MINUTES": 30,
    "TIP_BREAK_MINUTES": 5,
    "TIP_REFRESHER_HIT_RATE_PERCENT": 70,
    "TIP_REFRESHER_MIN_PROJECTIONS": 10,
    # Request bodies read as JSON (or a form's fields): larger is 413, nested deeper
    # than JSON_MAX_DEPTH is 400, before any parser sees them.
    "JSON_MAX_BYTES": 16 * 1024**2,
    "JSON_MAX_DEPTH": 64,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,
    "SESSION_COOKIE_NAME": "cips_session",
    "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
    # An analyst's shift is 8 hours: a token that expires hourly only breeds errors;
    # the token is still bound to the session.
    "WTF_CSRF_TIME_LIMIT": None,
    "WTF_CSRF_CHECK_DEFAULT": False,
    "WTF_CSRF_HEADERS": ["X-CSRFToken", "X-CSRF-Token"],
    "SQLALCHEMY_ENGINE_OPTIONS": {},
    # Largest file a scanner may send (tus Upload-Length, multipart body).
    "MAX_UPLOAD_BYTES": 2 * 1024**3,
    # Unfinished uploads are deleted this long after creation.
    "UPLOAD_EXPIRY_SECONDS": 24 * 3600,
    # Largest image accepted, pixels per channel (a 3,000 x 44,000 scan).
    "MAX_SCAN_PIXELS": 2**27,
    # Processes decoding and processing scans for `cips serve`'s embedded consumer.
    "WORKER_PROCESSES": 2,
    # Rendered tiles kept in memory.
    "TILE_CACHE_BYTES": 256 * 1024**2,
    "TILE_SIZE": 254,
    # Signed tile links live between one and two of these periods (app/tiles/links.py).
    "TILE_LINK_SECONDS": 3600,
    # The interpretation loop (issue 4).
    "ANALYST_CAPACITY": 1,
    "ASSIGNMENT_TIMEOUT_SECONDS": 600,
    "DISCONNECT_GRACE_SECONDS": 30,
    "SWEEP_INTERVAL_SECONDS": 1,
    # Inspection photos from the officer's tablet (it sends ~1600 px JPEGs of a few
    # hundred kB; a larger file is refused with 413).
    "INSPECTION_PHOTO_MAX_BYTES": 8 * 1024**2,
    "INSPECTION_MAX_PHOTOS": 12,
    # Declarations and the customs operation system (issue 5).
    "MATCH_WINDOW_HOURS": 72,
    "WEIGHT_FLAG_PERCENT": 10,
    "HIDE_PARTIES_FROM_ANALYSTS": True,
    "COS_WEBHOOK_URL": None,
    "COS_WEBHOOK_SECRET": None,
    "COS_TIMEOUT_SECONDS": 10,
    "COS_RETRY_HOURS": 24,
    "COS_BACKOFF_SECONDS": 2,
    "COS_POLL_SECONDS": 1,
    # Equipment monitoring (issue 6).
    "EQUIPMENT_OFFLINE_SECONDS": 120,
    "EQUIPMENT_SWEEP_SECONDS": 5,
    "EQUIPMENT_MAX_SKEW_SECONDS": 300,
    "HEARTBEAT_RATE": "60 per minute",
    # A scanner that sent a scan this recently is running, whatever its heartbeats say (the wall).
    "EQUIPMENT_BUSY_SECONDS": 180,
    # How often each centre's queue is checked against its alarm thresholds (the wall).
    "QUEUE_ALARM_SWEEP_SECONDS": 5,
    "TILE_OVERLAP": 1,
    # Training and certification (issue 8).
    "REQUIRE_CERTIFICATE": True,  # live scans only for certified analysts
    "CERTIFICATE_MIN_GRADE": "junior",  # the lowest grade that may take live work
    "REVIEW_MIN_GRADE": "senior",  # the lowest grade that may review other analysts' verdicts
    "CERTIFICATE_VALIDITY_DAYS": 730,
    "CERTIFICATE_WARNING_DAYS": 30,
    "EXAM_SWEEP_SECONDS": 2,
    # Default of the runtime setting: after a submitted attempt, the same candidate waits
    # this long before another attempt at the same exam (a bank cannot be learnt by retaking).
    "EXAM_RETAKE_WAIT_HOURS": 24,
    # Unknown codes tried per client address on the public certificate check.
    "VERIFY_FAILURES_PER_ADDRESS": "30 per 5 minutes",  # how often abandoned attempts past their deadline are submitted
}

ASYNC_MODES = ("gevent", "eventlet", "threading")
CERTIFICATE_GRADES = ("junior", "intermediate", "senior")  # as app.models.training.GRADES, without importing Flask


def instance_path_from_env() -> str | None:
    path = os.environ.get("CIPS_INSTANCE_PATH")
    return str(Path(path).resolve()) if path else None


class ConfigError(ValueError):
    """A setting CIPS cannot run with: the `cips` commands print its message alone."""


def configure(app, test_config: Mapping[str, Any] | None) -> None:
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("CIPS")
    if test_config:
        app.config.from_mapping(test_config)

    mode = app.config["ASYNC_MODE"]
    if mode not in ASYNC_MODES:
        raise ConfigError(f"CIPS_ASYNC_MODE must be one of {', '.join(ASYNC_MODES)}")
    if mode == "eventlet" and importlib.util.find_spec("eventlet") is None:
        raise ConfigError("CIPS_ASYNC_MODE=eventlet needs the eventlet package: pip install 'cips[eventlet]'")

    # Argon2's own floor (RFC 9106): 8 KiB a lane, one pass.
    for key, floor in (("PASSWORD_HASH_MEMORY_KIB", 8), ("PASSWORD_HASH_TIME_COST", 1)):
        if not isinstance(app.config[key], int) or isinstance(app.config[key], bool) or app.config[key] < floor:
            raise ConfigError(f"CIPS_{key} must be a whole number of at least {floor}")

    for key in ("CERTIFICATE_MIN_GRADE", "REVIEW_MIN_GRADE"):
        if app.config[key] not in CERTIFICATE_GRADES:
            raise ConfigError(f"CIPS_{key} must be one of {', '.join(CERTIFICATE_GRADES)}")

    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    app.config.setdefault("SQLALCHEMY_DATABASE_URI", None)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app.config, instance)
    _configure_processes(app.config)
    app.config["STORE_PATH"] = str(Path(app.config["STORE_PATH"] or instance / "store"))
    _configure_store(app.config)
    # Multipart scans carry their files in the body; leave room for the metadata part.
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_UPLOAD_BYTES"] + 1024**2
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret_key(instance)
        app.config["SECRET_KEY_FROM_INSTANCE"] = True


def _configure_store(config: dict[str, Any]) -> None:
    url = (config.get("STORE_URL") or "").strip()
    if url.startswith("file://"):
        url = url[len("file://"):]
    if url and not url.startswith("s3://"):
        if "://" in url:
            raise ConfigError("CIPS_STORE_URL must be s3://BUCKET[/PREFIX] or a folder path")
        config["STORE_PATH"], url = str(Path(url)), ""  # a folder: the local store itself
    if url.startswith("s3://") and not url[len("s3://"):].split("/", 1)[0]:
        raise ConfigError("CIPS_STORE_URL s3://BUCKET[/PREFIX] needs a bucket name")
    config["STORE_URL"] = url or None
    for key in ("STORE_CACHE_BYTES", "STORE_CAPACITY_BYTES", "RETENTION_SECONDS", "ORPHAN_MIN_AGE_SECONDS"):
        config[key] = int(config[key])


def _configure_processes(config: dict[str, Any]) -> None:
    """Settings that several processes of one deployment must agree on."""
    redis = config.get("REDIS_URL")
    if not config.get("REDIS_CHANNEL"):
        digest = hashlib.sha256(config["SQLALCHEMY_DATABASE_URI"].encode()).hexdigest()[:12]
        config["REDIS_CHANNEL"] = f"cips-{digest}"
    if redis:
        config["MESSAGE_QUEUE"] = config.get("MESSAGE_QUEUE") or redis
        if config.get("RATELIMIT_STORAGE_URI", "memory://") == "memory://":
            config["RATELIMIT_STORAGE_URI"] = redis
        config.setdefault("RATELIMIT_KEY_PREFIX", config["REDIS_CHANNEL"])
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if not config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # A database server may drop an idle connection (a restart, a firewall); a SQLite
        # file cannot, and a ping on every checkout cost every request a statement.
        options.setdefault("pool_pre_ping", True)
        options.setdefault("pool_size", int(config["DB_POOL_SIZE"]))
        options.setdefault("max_overflow", int(config["DB_MAX_OVERFLOW"]))
    config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def multi_process_problem(config: Mapping[str, Any]) -> str | None:
    """Why this configuration cannot run as one of several processes, or None."""
    if config.get("REDIS_URL") and config.get("SECRET_KEY_FROM_INSTANCE"):
        return ("CIPS_REDIS_URL is set but CIPS_SECRET_KEY is not: every process must sign "
                "sessions with the same key; set CIPS_SECRET_KEY (the same value everywhere)")
    return None


def database_url(config: Mapping[str, Any], instance: Path) -> str:
    url = config.get("DATABASE_URL") or f"sqlite:///{instance / 'cips.db'}"
    # psycopg 3 is the driver we ship; accept the common short forms.
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _instance_secret_key(instance: Path) -> str:
    """Read the instance's secret key, creating it on first run.

    O_EXCL makes two processes starting at once agree on one key."""
    path = instance / "secret_key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_text().strip()
        if key:
            return key
        raise RuntimeError(f"{path} is empty: delete it to generate a new secret key") from None
    key = secrets.token_hex(32)
    with os.fdopen(fd, "w") as fh:
        fh.write(key + "\n")
    return key
