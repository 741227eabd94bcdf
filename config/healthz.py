"""/healthz: whether this app server can reach its database(s) and the cache.

For a load balancer or an uptime check: JSON, 200 when every check passes, else 503 (the
log says why; the answer names only what failed). Never cached, never throttled.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

log = logging.getLogger(__name__)


def database_ok(alias: str) -> bool:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure is a failed check
        log.exception("health check: database %r unreachable", alias)
        return False


def cache_ok() -> bool:
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=10)
        found = cache.get(key)
        cache.delete(key)
    except Exception:  # noqa: BLE001
        log.exception("health check: cache unreachable")
        return False
    return found == "ok"


@never_cache
@require_safe
def healthz(request):
    checks = {
        f"database:{alias}" if alias != "default" else "database": database_ok(alias)
        for alias in connections
    }
    checks["cache"] = cache_ok()
    healthy = all(checks.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else "error",
            "checks": {name: "ok" if ok else "error" for name, ok in checks.items()},
        },
        status=200 if healthy else 503,
    )
