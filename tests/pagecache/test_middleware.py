"""The full-page cache: same bytes for every reader, fresh exactly when what a page shows changes."""

import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client

from broadsheet.newsroom.factories import ImageFactory, TagFactory
from broadsheet.newsroom.models import ArticlePage, ArticleTag, RelatedArticle
from broadsheet.pagecache.middleware import entry_key
from tests.newsroom.test_images import picture_bytes
from tests.newsroom.test_roles import signed_in


@pytest.fixture
def article(make_article, china_tag):
    return make_article("Cached story", tags=[china_tag])


def test_anonymous_article_sets_no_cookie_and_carries_no_csrf_token(client, article):
    response = client.get(article.url)
    assert response.status_code == 200
    assert not response.cookies
    assert b"csrfmiddlewaretoken" not in response.content
    assert "Cookie" not in response.get("Vary", "")


def test_page_carries_cdn_cache_headers_and_etag(client, article):
    response = client.get(article.url)
    control = response["Cache-Control"]
    assert "public" in control and "s-maxage=" in control
    assert "stale-while-revalidate=" in control and "stale-if-error=" in control
    assert response["ETag"].startswith('"')


def test_second_request_is_served_from_cache_with_same_bytes(client, article):
    first = client.get(article.url)
    second = client.get(article.url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert first.content == second.content


def test_matching_etag_gets_304_without_a_body(client, article):
    etag = client.get(article.url)["ETag"]
    response = client.get(article.url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert client.get(article.url, HTTP_IF_NONE_MATCH='"stale"').status_code == 200


def test_signed_in_reader_gets_the_same_bytes_as_anonymous(client, article, db):
    anonymous = client.get(article.url).content
    editor = get_user_model().objects.create_user("reader", password="a-long-passphrase")
    signed_in = Client()
    signed_in.force_login(editor)
    assert signed_in.get(article.url).content == anonymous


def test_tracking_parameters_do_not_split_the_cache(client, article):
    client.get(article.url)
    assert client.get(article.url, {"utm_source": "newsletter"})["X-Page-Cache"] == "hit"


def test_republishing_with_new_headline_refreshes_the_article_and_listings(client, article, committed, world):
    for url in [article.url, world.url, "/", "/tags/china/"]:
        client.get(url)
    article = ArticlePage.objects.get(pk=article.pk)
    article.title = "Corrected headline"
    with committed():
        article.save_revision().publish()
    for url in [article.url, world.url, "/", "/tags/china/"]:
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "Corrected headline" in response.content.decode(), url


def test_related_headline_change_refreshes_the_article_that_shows_it(client, make_article, committed):
    first = make_article("First story")
    second = make_article("Second story")
    RelatedArticle.objects.create(source=first, article=second, sort_order=0)
    assert "Second story" in client.get(first.url).content.decode()
    second = ArticlePage.objects.get(pk=second.pk)
    second.title = "Second story, renamed"
    with committed():
        second.save_revision().publish()
    assert "Second story, renamed" in client.get(first.url).content.decode()


def test_unrelated_publication_keeps_an_article_cached(client, make_article, economy):
    first = make_article("Quiet story")
    client.get(first.url)
    make_article("Elsewhere", section=economy)
    assert client.get(first.url)["X-Page-Cache"] == "hit"


def test_removing_a_tag_drops_the_article_from_every_page_of_that_tag(
    client, settings, make_article, china_tag, committed
):
    settings.ARTICLES_PER_PAGE = 1
    older = make_article("Older story", tags=[china_tag])
    make_article("Newer story", tags=[china_tag])
    assert "Older story" in client.get("/tags/china/?page=2").content.decode()
    with committed():
        ArticleTag.objects.filter(article=older).delete()
    assert client.get("/tags/china/?page=2").status_code == 404


def test_renaming_a_tag_refreshes_articles_that_show_it(client, article, china_tag, committed):
    client.get(article.url)
    china_tag.name = "People's Republic of China"
    with committed():
        china_tag.save()
    assert "People&#x27;s Republic of China" in client.get(article.url).content.decode()


def test_response_that_read_the_session_is_never_stored(rf, db):
    from broadsheet.pagecache.dependencies import mark_cacheable
    from broadsheet.pagecache.middleware import PageCacheMiddleware

    def per_reader_view(request):
        response = mark_cacheable(HttpResponse("hello reader"), {"page:1"})
        response["Vary"] = "Cookie"
        return response

    middleware = PageCacheMiddleware(per_reader_view)
    assert middleware(rf.get("/x/")).get("X-Page-Cache") is None
    assert middleware(rf.get("/x/")).get("X-Page-Cache") is None


def test_new_tag_page_entry_appears_when_an_article_is_tagged(client, make_article, committed):
    tag = TagFactory(name="Arctic", slug="arctic")
    client.get("/tags/arctic/")
    make_article("Ice story", tags=[tag])
    assert "Ice story" in client.get("/tags/arctic/").content.decode()


def test_an_entry_stored_by_an_older_release_is_rendered_afresh(client, article):
    client.get(article.url)
    request = type("Request", (), {"GET": {}, "path": article.url, "get_host": lambda self: "testserver"})()
    cache.set(entry_key(request), {"content": b"old", "headers": {}, "etag": '"old"'})
    response = client.get(article.url)
    assert response.status_code == 200 and response["X-Page-Cache"] == "miss"
    assert b"Cached story" in response.content


def test_a_new_release_of_static_files_gets_fresh_pages(client, article, settings, tmp_path):
    from broadsheet.pagecache.middleware import release

    settings.STATIC_ROOT = tmp_path
    release.cache_clear()
    (tmp_path / "staticfiles.json").write_text('{"paths": {"css/site.css": "css/site.aaa.css"}}')
    assert client.get(article.url)["X-Page-Cache"] == "miss"
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    (tmp_path / "staticfiles.json").write_text('{"paths": {"css/site.css": "css/site.bbb.css"}}')
    release.cache_clear()  # a new process starts with the new release
    assert client.get(article.url)["X-Page-Cache"] == "miss"
    release.cache_clear()


def test_a_deploy_that_changes_only_a_template_gets_fresh_pages(client, article, settings, tmp_path):
    from broadsheet.pagecache.middleware import release

    template = tmp_path / "broadsheet" / "templates" / "newsroom" / "article_page.html"
    template.parent.mkdir(parents=True)
    template.write_text("<h1>{{ page.title }}</h1>")
    settings.BASE_DIR = tmp_path  # the deployed code, as the release tag reads it
    release.cache_clear()
    try:
        assert client.get(article.url)["X-Page-Cache"] == "miss"
        assert client.get(article.url)["X-Page-Cache"] == "hit"
        template.write_text("<h1 class='headline'>{{ page.title }}</h1>")
        release.cache_clear()  # the new release's processes start
        assert client.get(article.url)["X-Page-Cache"] == "miss"
    finally:
        release.cache_clear()  # the next test's tag is read from the real tree again


def test_a_page_is_never_served_stale_when_the_cache_loses_its_invalidation_state(client, article, committed):
    """Evicting the epoch and version keys (a full file cache culls a third of its entries at
    random; Redis may evict under memory pressure) must cost a re-render, never a stale hit."""
    from broadsheet.pagecache.dependencies import EPOCH_KEY, page_key, version_key

    def evict():
        cache.delete_many([EPOCH_KEY, version_key(page_key(article))])

    evict()
    assert client.get(article.url)["X-Page-Cache"] == "miss"
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    with committed():
        article.unpublish()
    evict()  # the unpublication's new versions are lost too
    response = client.get(article.url)
    assert response.status_code == 404


def test_while_an_invalidation_writes_its_versions_readers_get_the_copy_there_and_nothing_is_rendered_twice(
    client, article
):
    """A render begun while an invalidation writes its versions could not be stored, so it would
    be followed by a second one: readers get the copy proven fresh just before the invalidation."""
    from broadsheet.pagecache.dependencies import EPOCH_KEY, SETTLING_MARK, current_epoch, page_key, version_key

    first = client.get(article.url)
    assert first["X-Page-Cache"] == "miss"
    request = type("Request", (), {"GET": {}, "path": article.url, "get_host": lambda self: "testserver"})()
    key = entry_key(request)
    settling = f"next{SETTLING_MARK}{current_epoch()}"
    cache.set(EPOCH_KEY, settling, timeout=None)  # as `invalidate` does, then its versions
    cache.set(version_key(page_key(article)), "next", timeout=None)
    during = client.get(article.url)
    assert during["X-Page-Cache"] == "stale"
    assert during.content == first.content
    assert cache.get(key)["epoch"] != settling

    cache.delete(key)  # nobody has a copy: the reader gets a render, and it is not kept
    assert client.get(article.url)["X-Page-Cache"] == "miss"
    assert cache.get(key) is None

    cache.set(EPOCH_KEY, "next", timeout=None)  # the invalidation is done
    assert [client.get(article.url)["X-Page-Cache"] for _ in range(2)] == ["miss", "hit"]


def test_a_copy_gone_stale_earlier_is_never_handed_out_while_another_invalidation_settles(client, article, committed):
    from broadsheet.pagecache.dependencies import EPOCH_KEY, SETTLING_MARK, current_epoch

    assert client.get(article.url)["X-Page-Cache"] == "miss"
    with committed():
        article.unpublish()  # its copy is stale from here on; nobody asks for it for a while
    cache.set(EPOCH_KEY, f"other{SETTLING_MARK}{current_epoch()}", timeout=None)  # an unrelated invalidation
    assert [client.get(article.url).status_code for _ in range(3)] == [404] * 3


def test_an_invalidation_that_dies_half_way_leaves_no_settling_epoch_behind(monkeypatch, article, committed):
    """A worker killed, or Redis timing out, between the two epoch writes: the settling epoch
    expires, a new epoch is made, and every page checks its versions again."""
    from broadsheet.pagecache import dependencies

    def unreachable(*args, **kwargs):
        raise ConnectionError("the cache went away")

    monkeypatch.setattr(dependencies, "SETTLING_SECONDS", 1)
    monkeypatch.setattr(dependencies.cache, "set_many", unreachable)
    with pytest.raises(ConnectionError), committed():
        dependencies.invalidate({dependencies.page_key(article)})
    assert dependencies.is_settling(dependencies.current_epoch())
    # The settling epoch expires in the cache itself (Redis keeps its own clock): wait for it.
    deadline = time.monotonic() + 10
    while dependencies.is_settling(dependencies.current_epoch()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not dependencies.is_settling(dependencies.current_epoch())


# Pictures: a new file (whose renditions Wagtail deletes with the old one), a new crop or alt text
# must reach every cached page that shows the picture.
@pytest.fixture
def pictured(make_article, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return make_article("Pictured story", lead_image=ImageFactory(title="Harbour at dawn"))


def rendition_addresses(html):
    return set(re.findall(r"/media/images/[^\s\"',]+", html))


def test_a_new_file_for_a_lead_picture_refreshes_the_article_and_the_listings_that_show_it(
    pictured, world, committed, settings
):
    settings.STAFF_2FA_REQUIRED_FOR = "none"
    reader = Client()
    before = {url: rendition_addresses(reader.get(url).content.decode()) for url in (pictured.url, world.url)}
    assert all(before.values())
    editor = signed_in("Editor")
    with committed():
        response = editor.post(
            f"/admin/images/{pictured.lead_image_id}/",
            {
                "title": "Harbour at dawn",
                "file": SimpleUploadedFile("harbour-2.jpg", picture_bytes("JPEG")),
                "collection": 1,
            },
        )
    assert response.status_code == 302
    for url, addresses in before.items():
        page = reader.get(url)
        assert page["X-Page-Cache"] == "miss", url
        now = rendition_addresses(page.content.decode())
        assert now and not now & addresses, url  # none of the deleted renditions is linked any more


@pytest.mark.parametrize("block", ["image", "gallery"])
def test_a_new_alt_text_for_a_picture_in_an_article_body_refreshes_the_article(
    make_article, committed, settings, tmp_path, block
):
    settings.MEDIA_ROOT = tmp_path / "media"
    picture, other = ImageFactory(title="Pipeline"), ImageFactory(title="Compressor station")
    items = [{"image": p, "caption": "", "credit": ""} for p in (other, picture)]
    value = items[1] if block == "image" else {"title": "", "images": items}
    article = make_article(f"Body {block}", body=[(block, value)])
    client = Client()
    assert 'alt="Pipeline"' in client.get(article.url).content.decode()
    picture.description = "Workers weld a gas pipeline in Heilongjiang"
    with committed():
        picture.save()
    page = client.get(article.url)
    assert page["X-Page-Cache"] == "miss"
    assert 'alt="Workers weld a gas pipeline in Heilongjiang"' in page.content.decode()


def test_a_new_portrait_alt_text_refreshes_the_author_page(author, committed, settings, tmp_path, home):
    settings.MEDIA_ROOT = tmp_path / "media"
    author.photo = ImageFactory(title="Li Wei")
    author.save()
    url = author.get_absolute_url()
    assert 'alt="Li Wei"' in Client().get(url).content.decode()
    with committed():
        author.photo.description = "Li Wei in Beijing"
        author.photo.save()
    assert 'alt="Li Wei in Beijing"' in Client().get(url).content.decode()


def test_a_deleted_lead_picture_leaves_the_cached_article(pictured, committed):
    client = Client()
    assert rendition_addresses(client.get(pictured.url).content.decode())
    with committed():
        pictured.lead_image.delete()
    page = client.get(pictured.url)
    assert page["X-Page-Cache"] == "miss"
    assert not rendition_addresses(page.content.decode())


def test_wagtail_noting_a_pictures_file_hash_keeps_pages_cached(pictured, committed):
    client = Client()
    client.get(pictured.url)
    with committed():
        pictured.lead_image._set_file_hash()
        pictured.lead_image.save(update_fields=["file_hash"])
    assert client.get(pictured.url)["X-Page-Cache"] == "hit"
