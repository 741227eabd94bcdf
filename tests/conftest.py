import os

# Tests run with DEBUG off (as in production) and a throwaway key. Set before Django's settings
# are imported, which pytest-django does after loading this initial conftest.
os.environ.setdefault("SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("DEBUG", "0")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Production uses a hashed manifest built by collectstatic; tests serve files as they are."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
