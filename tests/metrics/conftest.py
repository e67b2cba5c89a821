import pytest

from broadsheet.counting import buffer
from broadsheet.metrics import services


@pytest.fixture(autouse=True)
def fresh_counting():
    """Start every test with empty buffers and no remembered article visibility."""
    buffer.flush_all()
    services._visible.clear()
    yield
    services._visible.clear()
