"""gunicorn settings for LLM Atlas: `gunicorn config.wsgi` reads this file from the repo root.

Every value can be changed from the environment (README, "Deployment").
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# The usual 2 x cores + 1 sync workers, capped (each holds a database connection).
workers = min(2 * multiprocessing.cpu_count() + 1, _int("GUNICORN_MAX_WORKERS", 8))
workers = _int("GUNICORN_WORKERS", workers)
timeout = _int("GUNICORN_TIMEOUT", 30)  # a worker silent this long is killed and replaced
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 20)  # to finish requests on restart
keepalive = _int("GUNICORN_KEEPALIVE", 5)  # seconds, behind a proxy that reuses connections
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)  # recycle workers now and then
max_requests_jitter = max_requests // 10
accesslog = "-"  # stdout
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The proxy in front sets X-Forwarded-Proto; trust it from these addresses only.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
