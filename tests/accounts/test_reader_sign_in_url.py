"""Readers are sent to their own sign-in, never to the back office's."""

import pytest

from broadsheet.polls.factories import PollFactory
from broadsheet.polls.models import Poll


def test_a_reader_only_page_sends_a_signed_out_reader_to_the_readers_sign_in(client, db):
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_headers_sign_in_link_without_javascript_is_the_readers(client, home):
    from bs4 import BeautifulSoup

    link = BeautifulSoup(client.get("/").content, "html.parser").select_one(".masthead [data-fragment] a")
    assert link["href"] == "/accounts/login/?next=/"


@pytest.mark.django_db
def test_a_signed_in_only_poll_asks_readers_to_sign_in_as_readers(client):
    poll = PollFactory(who_may_vote=Poll.Voters.SIGNED_IN)
    html = client.get(f"/f/poll/{poll.pk}/").content.decode()
    assert 'href="/accounts/login/?next=' in html and "/admin/login/" not in html
