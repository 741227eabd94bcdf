"""The read-replica router (config/db_router.py): anonymous public reads go to the replica;
writes, the admin, signed-in editors and reads inside a transaction to the primary. (No
database here: the router is asked, not used; tests/production/test_two_servers.py runs
servers with a replica alias.)"""

from django.db import connections
from django.test import RequestFactory

from config import db_router


def test_public_reads_go_to_the_replica_and_the_rest_to_the_primary(monkeypatch):
    router = db_router.ReplicaRouter()
    factory = RequestFactory()
    seen = {}

    def remember(request):
        seen[request.method, request.path] = router.db_for_read(None)
        if request.path == "/models/" and request.method == "GET":
            with monkeypatch.context() as inside:
                inside.setattr(connections["default"], "in_atomic_block", True)
                seen["in a transaction"] = router.db_for_read(None)

    middleware = db_router.PublicReadsMiddleware(remember)
    middleware(factory.get("/models/"))
    middleware(factory.post("/models/"))
    middleware(factory.get("/admin/catalog/"))
    signed_in = factory.get("/tree/")
    signed_in.COOKIES["sessionid"] = "x"
    middleware(signed_in)
    assert seen == {
        ("GET", "/models/"): "replica",
        ("POST", "/models/"): "default",
        ("GET", "/admin/catalog/"): "default",
        ("GET", "/tree/"): "default",
        "in a transaction": "default",  # during the public read of /models/
    }
    assert router.db_for_read(None) == "default"  # outside a request
    assert router.db_for_write(None) == "default"
    assert not router.allow_migrate("replica", "catalog")
