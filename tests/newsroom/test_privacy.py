"""A page made private leaves the page cache and every listing at once, as if it were unpublished."""

from wagtail.models import PageViewRestriction

BODY_TEXT = "Secret paragraph only the newsroom may read."


def restrict(page, committed):
    with committed():
        return PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="embargo-2026"
        )


def test_a_password_on_a_cached_article_takes_it_out_of_the_cache_and_its_listings(
    client, make_article, world, china_tag, committed
):
    article = make_article("Soon private", tags=[china_tag], body=[("paragraph", f"<p>{BODY_TEXT}</p>")])
    for url in (article.url, world.url, china_tag.get_absolute_url(), "/"):
        client.get(url)
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    restrict(article, committed)
    response = client.get(article.url)
    assert BODY_TEXT not in response.content.decode()
    assert response.get("X-Page-Cache") != "hit"
    for listing in (world.url, china_tag.get_absolute_url(), "/"):
        assert "Soon private" not in client.get(listing).content.decode(), listing


def test_a_restriction_on_the_section_takes_its_cached_articles_out(client, make_article, world, committed):
    article = make_article("Under a private section", body=[("paragraph", f"<p>{BODY_TEXT}</p>")])
    client.get(article.url)
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    restrict(world, committed)
    assert BODY_TEXT not in client.get(article.url).content.decode()
    assert "Under a private section" not in client.get("/").content.decode()


def test_lifting_the_restriction_brings_the_article_back(client, make_article, world, committed):
    article = make_article("Private for a while", body=[("paragraph", f"<p>{BODY_TEXT}</p>")])
    restriction = restrict(article, committed)
    assert BODY_TEXT not in client.get(article.url).content.decode()
    with committed():
        restriction.delete()
    assert BODY_TEXT in client.get(article.url).content.decode()
    assert "Private for a while" in client.get(world.url).content.decode()
