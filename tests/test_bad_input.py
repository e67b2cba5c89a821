"""Malformed requests get a clear 4xx page in the site's design, never a 500."""

import pytest


@pytest.mark.parametrize(
    "url",
    ["/no/such/page/", "/world/no-such-article/", "/tags/", "/tags/%00/", "/authors/..%2F/", "/world/?page=abc"],
)
def test_unknown_or_malformed_urls_are_404_in_site_design(client, world, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "We can’t find that page" in response.content.decode()
    assert 'class="masthead"' in response.content.decode()


def test_oversized_query_string_is_a_400_in_site_design(client, world):
    response = client.get("/world/?" + "q=" + "x" * 5000)
    assert response.status_code == 400
    assert "That request didn’t make sense to us" in response.content.decode()


def test_many_query_parameters_are_ignored_by_the_page(client, world):
    response = client.get("/world/?" + "&".join(f"p{n}=1" for n in range(300)))
    assert response.status_code == 200
    assert response.content == client.get("/world/").content


def test_a_query_too_long_to_be_a_readers_is_refused_not_crashed(client, world):
    response = client.get("/world/?" + "&".join(f"p{n}=1" for n in range(1000)))
    assert response.status_code == 400
    assert "That request didn’t make sense to us" in response.content.decode()
