# The real-browser fixture (Debian chromium) for the document test.
from tests.browser.conftest import browser  # noqa: F401
