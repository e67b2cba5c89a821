import pytest

from broadsheet.counting import buffer


@pytest.fixture(autouse=True)
def fresh_counting():
    """Start every test with empty buffers."""
    buffer.flush_all()
    yield
