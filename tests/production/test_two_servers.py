"""Two app servers (gunicorn, gunicorn.conf.py, one worker each) on one PostgreSQL and one
Redis, as README "Deployment" describes: an editor saves a change through one, and a reader
sees it at once through the other, though both keep rendered pages in the shared cache. The
API throttle counts across both, and public reads go through the replica alias (pointed at
the same database).

Runs on PostgreSQL with Redis reachable (CI has both); skipped otherwise.
"""

import http.cookiejar
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from tests.factories import make_model, make_org

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
ROOT = Path(settings.BASE_DIR)


def _redis_or_none():
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
        client.ping()
        return client
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        return None


pytestmark = [
    pytest.mark.django_db(transaction=True),  # the servers read what the test committed
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL (DATABASE_URL): app servers do not share a SQLite file",
    ),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


class Server:
    def __init__(self, env: dict):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "config.wsgi"],
            cwd=ROOT,
            env=env | {"GUNICORN_BIND": f"127.0.0.1:{self.port}"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def wait_until_up(self, seconds: float = 15) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn stopped: {self.process.stderr.read().decode()}")
            try:
                if self.get("/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("gunicorn did not answer /healthz in time")

    def get(self, path: str, opener=None) -> tuple[int, dict, str]:
        try:
            with (opener or urllib.request.build_opener()).open(self.url + path, timeout=10) as r:
                return r.status, dict(r.headers), r.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def post(self, path: str, data: dict) -> tuple[int, str]:
        body = urlencode(data, doseq=True).encode()
        url = self.url + path  # always http://127.0.0.1:<port>/...
        request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)  # quick shutdown: nothing is in flight
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.process.stderr.close()


class FormValues(HTMLParser):
    """What a browser would submit from the form with the given id."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.values = form_id, False, []
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file"):
                self.values.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.values.append((self.select, attrs.get("value", "")))
        elif tag == "textarea":
            self.textarea = name
            self.values.append((name, ""))

    def handle_data(self, data):
        if self.textarea:
            name, text = self.values[-1]
            self.values[-1] = (name, text + data)

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.inside = False


def form_values(page: str, form_id: str) -> dict:
    parser = FormValues(form_id)
    parser.feed(page)
    found = {}
    for name, value in parser.values:
        found.setdefault(name, []).append(value.removeprefix("\n"))
    return found


@pytest.fixture
def servers():
    redis = _redis_or_none()
    if redis is None:
        pytest.skip(f"Redis is not reachable at {REDIS_URL} (TEST_REDIS_URL)")
    prefix = f"atlas-test-{uuid.uuid4().hex[:12]}"
    env = os.environ | {
        "DEBUG": "1",  # plain static files: no collectstatic needed for a test
        "SECRET_KEY": "two-servers-test",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(),
        "DATABASE_REPLICA_URL": database_url(),
        "CONN_MAX_AGE": "0",
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": prefix,
        "PAGE_CACHE_SECONDS": "600",  # DEBUG turns it off by default
        "API_THROTTLE_BURST": "6/minute",
        "API_THROTTLE_SUSTAINED": "1000/hour",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_LOG_LEVEL": "warning",
    }
    pair = [Server(env), Server(env)]
    try:
        for server in pair:
            server.wait_until_up()
        yield pair
    finally:
        for server in pair:
            server.stop()
        for key in redis.scan_iter(f"{prefix}:*"):
            redis.delete(key)


def test_an_edit_through_one_server_is_read_through_the_other_at_once(servers):
    editor_server, reader_server = servers
    org = make_org(name="Before Lab", kind="company")
    make_model(name="Lab Model", organizations=[org])
    get_user_model().objects.create(
        username="ed",
        is_staff=True,
        is_superuser=True,
        password=PBKDF2PasswordHasher().encode("two-servers-pw", "saltsaltsalt"),
    )
    page = org.get_absolute_url()

    # Both servers render and keep the page; the reader's second request is a cache hit.
    for server in servers:
        status, headers, body = server.get(page)
        assert status == 200 and "Before Lab" in body
    status, headers, _ = reader_server.get(page)
    assert headers["X-Page-Cache"] == "hit"
    assert reader_server.get("/api/organizations/")[2].count("Before Lab") == 1

    # The editor signs in on the first server and renames the organisation in the admin.
    login = editor_server.get("/admin/login/", editor_server.opener)[2]
    token = form_values(login, "login-form")["csrfmiddlewaretoken"][0]
    status, _ = editor_server.post(
        "/admin/login/?next=/admin/",
        {"username": "ed", "password": "two-servers-pw", "csrfmiddlewaretoken": token},
    )
    assert status == 200
    change = f"/admin/catalog/organization/{org.pk}/change/"
    data = form_values(editor_server.get(change, editor_server.opener)[2], "organization_form")
    assert data["name"] == ["Before Lab"], "the change form was not read"
    status, body = editor_server.post(change, data | {"name": ["After Lab"]})
    assert status == 200 and "was changed successfully" in body, body[:2000]

    # The reader's server answers with the new name at once: page, list and API.
    status, headers, body = reader_server.get(page)
    assert status == 200
    assert "After Lab" in body and "Before Lab" not in body
    assert headers["X-Page-Cache"] == "miss"
    assert "After Lab" in reader_server.get("/organizations/")[2]
    assert "After Lab" in reader_server.get("/api/organizations/")[2]

    # The API throttle counts on both servers together: six a minute in all.
    for server in (editor_server, reader_server, editor_server):
        assert server.get("/api/")[0] == 200
    statuses = [server.get("/api/")[0] for server in (reader_server, editor_server)]
    assert statuses == [200, 429]  # the 7th API request of the test, on either server
    assert json.loads(reader_server.get("/api/")[2])["detail"].startswith("Request was throttled")
