import pytest

# The browser fixtures of tests/e2e, for the CSP check in this folder.
from tests.e2e.conftest import browser, new_page, page  # noqa: F401


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    """tests/conftest.py turns the page cache off for the rest of the suite."""
    settings.PAGE_CACHE_SECONDS = 600
