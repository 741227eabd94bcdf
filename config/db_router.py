"""Read replica: anonymous public reads go to `replica` when DATABASE_REPLICA_URL is set.

Everything else uses the primary (`default`): writes, the admin, signed-in editors (who must
see their own edits at once), sessions, and any read inside a transaction. A request is a
public read when it is a GET or HEAD outside /admin/ without a session cookie;
`PublicReadsMiddleware` marks it, and `ReplicaRouter` sends its reads to the replica.

The page cache and the API's validators read the atlas state through the router too
(api/caching.py), so a page is always keyed by the state of the database it was read from.
"""

from contextvars import ContextVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"
_public_read: ContextVar[bool] = ContextVar("public_read", default=False)


def is_public_read(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith("/admin/")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


class PublicReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _public_read.set(is_public_read(request))
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _public_read.get() and not connections["default"].in_atomic_block:
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
