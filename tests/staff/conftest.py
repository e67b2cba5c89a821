import pytest

from tests.staff.helpers import browser_client


@pytest.fixture
def client():
    """The test client, made to carry CSRF tokens as a browser does."""
    return browser_client()
