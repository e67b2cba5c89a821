"""The demo poll: the reference page's question and counts, added to the demo site by the polls app."""

from bs4 import BeautifulSoup

from broadsheet.operations.demo import build_demo
from broadsheet.polls.demo import POSITION_IN_BODY
from broadsheet.polls.models import Ballot
from tests.reference import REFERENCE_POLL_COUNTS


def test_reference_article_carries_the_reference_poll_with_real_ballots(client, db):
    demo = build_demo()
    reference = demo["reference"].specific
    reference.refresh_from_db()
    assert [block.block_type for block in reference.body].index("poll") == POSITION_IN_BODY
    polls = [block.value for block in reference.body if block.block_type == "poll"]
    assert polls == [demo["poll"]]
    options = list(polls[0].options.order_by("sort_order"))
    assert [o.votes for o in options] == REFERENCE_POLL_COUNTS
    assert [Ballot.objects.filter(option=o).count() for o in options] == REFERENCE_POLL_COUNTS
    assert [r.percent for r in polls[0].results().options] == ["68.3", "18.0", "13.7"]
    html = client.get(f"/f/poll/{polls[0].pk}/").content.decode()
    assert '68.3%</span> (<span class="poll-votes">1,559</span>)' in html
    assert 'Voted: <span class="poll-total-count">2,281</span>' in html


def test_the_published_reference_article_shows_the_poll_after_its_third_paragraph(client, db):
    reference = build_demo()["reference"]
    body = BeautifulSoup(client.get(reference.url).content, "html.parser").select_one(".article-body")
    children = [child for child in body.children if getattr(child, "name", None)]
    assert [c.name for c in children[:POSITION_IN_BODY]] == ["p"] * POSITION_IN_BODY
    assert children[POSITION_IN_BODY].name == "section" and "poll" in children[POSITION_IN_BODY]["class"]
