"""A reader who signs up or in from an article comes back to it, through the confirmation e-mail too; never off-site."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import Client

from broadsheet.accounts.returning import same_site_path
from tests.comments.conftest import make_reader

from .helpers import link_in, sign_up

pytestmark = pytest.mark.django_db


def header_links(html):
    page = BeautifulSoup(html, "html.parser")
    return {a.get_text(strip=True): a["href"] for a in page.select(".masthead [data-fragment] a")}


def test_the_headers_links_carry_the_page_the_reader_is_on(make_article):
    article = make_article("A story worth a comment")
    links = header_links(Client().get(article.url).content)
    assert links == {
        "Sign in": f"/accounts/login/?next={article.url}",
        "Create an account": f"/accounts/signup/?next={article.url}",
    }
    # The account bar that replaces them after load says the same.
    fragment = header_links(
        '<div class="masthead"><div data-fragment>'
        + Client().get("/f/account/", {"next": article.url}).content.decode()
        + "</div></div>"
    )
    assert fragment == links
    # An account page sends nobody back to itself.
    assert header_links(Client().get("/accounts/login/").content)["Sign in"] == settings.LOGIN_URL


def test_signing_up_from_an_article_returns_to_it_after_the_confirmation_link(make_article, mailoutbox):
    article = make_article("A story worth a comment")
    client = Client()
    signup_href = header_links(client.get(article.url).content)["Create an account"]
    form = BeautifulSoup(client.get(signup_href).content, "html.parser")
    assert form.select_one("main form input[name=next]")["value"] == article.url
    assert sign_up(client, next_path=article.url).status_code == 302
    confirmed = client.post(link_in(mailoutbox[-1], "/accounts/confirm-email/"))
    assert confirmed.status_code == 302 and confirmed["Location"] == article.url
    assert "_auth_user_id" in client.session


def test_signing_in_from_an_article_returns_to_it(make_article):
    article = make_article("A story worth a comment")
    reader = make_reader("Returning")
    response = Client().post(
        f"/accounts/login/?next={article.url}",
        {"login": reader.email, "password": "a-long-passphrase", "next": article.url},
    )
    assert response.status_code == 302 and response["Location"] == article.url


def test_an_off_site_next_is_refused_and_the_reader_lands_on_their_profile(mailoutbox):
    client = Client()
    assert sign_up(client, next_path="//evil.example/steal").status_code == 302
    assert "accounts_return_to" not in client.session
    confirmed = client.post(link_in(mailoutbox[-1], "/accounts/confirm-email/"))
    assert confirmed.status_code == 302 and confirmed["Location"] == settings.LOGIN_REDIRECT_URL


@pytest.mark.parametrize(
    "url, kept",
    [
        ("/news/a-story/", "/news/a-story/"),
        ("/news/a-story/?page=2#comments", "/news/a-story/?page=2#comments"),
        ("//evil.example/", None),
        ("/\\evil.example", None),
        ("https://evil.example/", None),
        ("javascript:alert(1)", None),
        ("news/relative/", None),
        ("", None),
        (None, None),
    ],
)
def test_only_a_path_on_this_site_is_kept(url, kept):
    assert same_site_path(url) == kept
