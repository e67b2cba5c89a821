import pytest

from broadsheet.counting.buffer import flush_all
from broadsheet.links import clicks
from broadsheet.links.models import ShortLink

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"


@pytest.fixture(autouse=True)
def counts_written_only_when_asked(settings):
    """Counts are written by flush_all() in the test, never by the background flusher.

    A flusher thread would write on its own connection, outside the test's transaction, where
    the test's links do not exist yet.
    """
    settings.COUNT_FLUSH_SECONDS = 0
    forget_unwritten()
    yield
    forget_unwritten()


def forget_unwritten():
    """Let go of the clicks and misses left in the buffers, unwritten (other tests' counts)."""
    for buffer in (clicks.clicks, clicks.misses):
        buffer.done(buffer.take()[1])


@pytest.fixture
def reader(client):
    """A reader's browser: a user agent no crawler list knows."""
    client.defaults["HTTP_USER_AGENT"] = BROWSER
    return client


@pytest.fixture
def article(make_article, china_tag):
    return make_article("Short and shared", tags=[china_tag])


@pytest.fixture
def link(article):
    return ShortLink.objects.get(page=article)


def clicks_of(link):
    flush_all()
    return sum(link.daily_clicks.values_list("clicks", flat=True))
