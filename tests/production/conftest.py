# The browser fixtures of tests/e2e, for the CSP check in this folder.
from tests.e2e.conftest import browser, new_page, page  # noqa: F401
