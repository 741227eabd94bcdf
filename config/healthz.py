"""/healthz: whether this app server can reach its database(s) and the cache.

For a load balancer or an uptime check: JSON naming each check. 503 when a database fails:
this server cannot answer. When only the cache fails the server still answers, uncached, so
it says 200 with the status "degraded": a cache shared by every server must not take them
all out of the proxy's rotation at once. The log says why a check failed. Never cached,
never throttled.
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
    serving = all(checks.values())
    checks["cache"] = cache_ok()
    status = "ok" if all(checks.values()) else "degraded" if serving else "error"
    return JsonResponse(
        {
            "status": status,
            "checks": {name: "ok" if ok else "error" for name, ok in checks.items()},
        },
        status=200 if serving else 503,
    )
