import pytest


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    """tests/conftest.py turns the page cache off for the rest of the suite."""
    settings.PAGE_CACHE_SECONDS = 600
