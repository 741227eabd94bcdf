import pytest


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Production uses a hashed manifest built by collectstatic; tests serve files as they are."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
