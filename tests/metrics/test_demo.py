"""The demo's readership: the reference article's 439 views, and a most-read list on the front page."""

from bs4 import BeautifulSoup
from django.test import Client

from broadsheet.metrics.demo import REFERENCE_VIEWS
from broadsheet.operations.demo import build_demo


def test_the_reference_article_shows_its_views_and_the_front_page_its_most_read(client, db, committed):
    with committed():
        reference = build_demo()["reference"]
    assert REFERENCE_VIEWS == 439
    assert "439 views" in Client().get(f"/f/counts/{reference.pk}/").content.decode()
    front = BeautifulSoup(client.get("/").content, "html.parser")
    assert len(front.select("aside.most-read ol li a")) == 5
