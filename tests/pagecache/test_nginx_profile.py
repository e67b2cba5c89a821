"""The production profile (deploy/nginx): nginx sends stored pages itself; changes reach readers at once."""

import gzip

import brotli
import pytest
import requests

from broadsheet.newsroom.demo.articles import REFERENCE_SLUG
from tests.harness.nginx import RunningNginx, nginx_binary

pytestmark = [
    pytest.mark.concurrency,
    pytest.mark.skipif(nginx_binary() is None, reason="nginx is not installed (.ci/run installs it)"),
]

ARTICLE = f"/china/{REFERENCE_SLUG}/"
HEADERS = (
    "from broadsheet.pagecache.headers import as_nginx, stored_page_headers\n"
    "print(as_nginx(stored_page_headers()), end='')\n"
)


@pytest.fixture(scope="module")
def profile(app_site):
    app, pages = app_site, app_site.folder / "pages"
    nginx = RunningNginx(
        app_servers=[f"127.0.0.1:{app.port}"],
        page_files_dir=pages,
        static_root=app.folder / "static",
        page_headers_text=app.shell(HEADERS),
    ).start()
    yield app, nginx, pages
    nginx.stop()


def get(nginx, path=ARTICLE, **headers):
    headers.setdefault("Accept-Encoding", "identity")
    return requests.get(nginx.url + path, headers=headers, timeout=30)


def from_file(nginx, path=ARTICLE, **headers):
    for _ in range(3):
        response = get(nginx, path, **headers)
        if response.headers.get("X-Page-Cache") == "file":
            return response
    raise AssertionError(f"nginx never sent {path} from a file")


def directives(value):
    """A policy's directives in any order (django-csp writes them in no fixed order)."""
    return sorted(part.strip() for part in value.split(";"))


def path_of(app, slug):
    code = f"from broadsheet.newsroom.models import ArticlePage; print(ArticlePage.objects.get(slug={slug!r}).url)"
    return app.shell(code).strip()


def test_nginx_sends_the_stored_page_with_the_apps_bytes_and_headers(profile):
    app, nginx, pages = profile
    through_app = requests.get(app.url + ARTICLE, headers={"Accept-Encoding": "identity"}, timeout=30)
    sent = from_file(nginx)
    assert sent.content == through_app.content
    assert (pages / "127.0.0.1" / ARTICLE.strip("/") / "index.html").exists()
    for header in (
        "Content-Security-Policy-Report-Only",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Cache-Control",
    ):
        assert directives(sent.headers[header]) == directives(through_app.headers[header]), header
    assert sent.headers["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize(
    ("accept", "coding", "decode"), [("br", "br", brotli.decompress), ("gzip", "gzip", gzip.decompress)]
)
def test_nginx_sends_the_copies_compressed_when_the_page_was_stored(profile, accept, coding, decode):
    _, nginx, _ = profile
    plain = from_file(nginx).content
    response = requests.get(nginx.url + ARTICLE, headers={"Accept-Encoding": accept}, stream=True, timeout=30)
    assert response.headers["X-Page-Cache"] == "file"
    assert response.headers["Content-Encoding"] == coding
    assert decode(response.raw.read(decode_content=False)) == plain


def test_an_edit_replaces_the_stored_page_at_once_and_unpublishing_removes_it(profile):
    app, nginx, pages = profile
    slug = "xi-pledges-fresh-impetus-for-ties-with-moscow"  # the fast path's tests change another
    path = path_of(app, slug)
    from_file(nginx, path)
    app.shell(
        "from broadsheet.newsroom.models import ArticlePage\n"
        f"page = ArticlePage.objects.get(slug={slug!r})\n"
        "page.title = 'Xi promises new energy for ties with Moscow'\n"
        "page.save_revision().publish()\n"
    )
    assert not (pages / "127.0.0.1" / path.strip("/") / "index.html").exists()
    assert "Xi promises new energy for ties with Moscow" in get(nginx, path).text
    assert "Xi promises new energy for ties with Moscow" in from_file(nginx, path).text
    app.shell(f"from broadsheet.newsroom.models import ArticlePage; ArticlePage.objects.get(slug={slug!r}).unpublish()")
    assert [get(nginx, path).status_code for _ in range(3)] == [404] * 3


def test_writes_fragments_and_the_back_office_reach_the_app(profile):
    _, nginx, _ = profile
    assert requests.post(nginx.url + "/f/views/", data={"article": "1"}, timeout=30).status_code in (204, 403)
    assert get(nginx, "/f/account/").status_code == 200
    assert requests.get(nginx.url + "/admin/", allow_redirects=False, timeout=30).status_code == 302


def test_junk_queries_share_the_file_and_other_pages_of_a_listing_go_to_the_app(profile):
    _, nginx, _ = profile
    from_file(nginx)
    assert get(nginx, ARTICLE + "?utm_source=mail").headers["X-Page-Cache"] == "file"
    assert get(nginx, ARTICLE + "?page=abc").headers.get("X-Page-Cache") != "file"
    assert get(nginx, "/?page=2").status_code in (200, 404)
