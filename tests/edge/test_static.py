"""Static files and pictures: compressed at collectstatic, sent for a year with a validator, 304 when held."""

import asyncio
import gzip
from types import SimpleNamespace

import brotli
import pytest
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.utils.http import http_date

from broadsheet.edge.chain import Chains, ShortChainHandler
from broadsheet.edge.server import Edge

STYLES = b"/* the site's styles */\n" + b"".join(
    b".rule-%d { color: #1d2a44; margin: 0 auto; }\n" % n for n in range(400)
)


class Proto:
    def response_bytes(self, status, headers, body):
        self.status, self.headers, self.body = status, dict(headers), body

    def response_file(self, status, headers, path):
        self.status, self.headers = status, dict(headers)
        with open(path, "rb") as sent:
            self.body = sent.read()


def get(edge, path, **headers):
    scope = SimpleNamespace(
        proto="http",
        method="GET",
        path=path,
        query_string="",
        http_version="1.1",
        scheme="http",
        client="198.51.100.4:50000",
        server="testserver:80",
        headers={"host": "testserver", **{name.replace("_", "-"): value for name, value in headers.items()}},
    )
    proto = Proto()
    asyncio.run(edge.__rsgi__(scope, proto))
    return proto


@pytest.fixture
def collected(tmp_path, settings, db):
    """collectstatic of one stylesheet into a folder of its own, with the production storage."""
    source = tmp_path / "source" / "css"
    source.mkdir(parents=True)
    (source / "site.css").write_bytes(STYLES)
    settings.STATICFILES_DIRS = [tmp_path / "source"]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STATIC_ROOT = tmp_path / "static"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "broadsheet.edge.static.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    (hashed,) = [p for p in (tmp_path / "static" / "css").iterdir() if p.suffix == ".css" and p.name != "site.css"]
    edge = Edge(Chains(full=get_wsgi_application(), short=ShortChainHandler()), threads=1)
    return edge, f"/static/css/{hashed.name}"


def test_collectstatic_keeps_brotli_and_gzip_copies_that_decompress_to_the_file(collected, settings):
    _, path = collected
    hashed = settings.STATIC_ROOT / path.removeprefix("/static/")
    assert brotli.decompress(hashed.with_name(hashed.name + ".br").read_bytes()) == STYLES
    assert gzip.decompress(hashed.with_name(hashed.name + ".gz").read_bytes()) == STYLES
    assert hashed.with_name(hashed.name + ".br").stat().st_size < len(STYLES) / 4


@pytest.mark.parametrize("accepted, coding", [("gzip, deflate, br, zstd", "br"), ("gzip", "gzip"), ("", None)])
def test_a_hashed_file_is_sent_compressed_as_accepted_and_kept_a_year(collected, accepted, coding):
    edge, path = collected
    answer = get(edge, path, accept_encoding=accepted)
    assert answer.status == 200
    assert answer.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert answer.headers["vary"] == "Accept-Encoding"
    assert answer.headers["etag"] and answer.headers["last-modified"]
    assert answer.headers["content-type"] == "text/css; charset=utf-8"
    assert answer.headers.get("content-encoding") == coding
    decode = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[coding]
    assert decode(answer.body) == STYLES
    assert answer.headers["x-content-type-options"] == "nosniff" and "permissions-policy" in answer.headers


def test_a_client_holding_the_file_gets_304_by_etag_or_by_date(collected):
    edge, path = collected
    first = get(edge, path, accept_encoding="br")
    assert get(edge, path, accept_encoding="br", if_none_match=first.headers["etag"]).status == 304
    # A copy held in another coding is the same file.
    assert get(edge, path, if_none_match=first.headers["etag"]).status == 304
    assert get(edge, path, if_none_match='"something-else"').status == 200
    assert get(edge, path, if_modified_since=first.headers["last-modified"]).status == 304
    assert get(edge, path, if_modified_since=http_date(0)).status == 200


def test_a_name_without_a_hash_is_kept_only_a_day(collected):
    edge, _ = collected
    answer = get(edge, "/static/css/site.css", accept_encoding="br")
    assert answer.status == 200 and answer.headers["cache-control"] == "public, max-age=86400"
    assert answer.body == STYLES


def test_pictures_are_kept_a_year_with_a_validator_and_not_compressed_again(collected, settings):
    edge, _ = collected
    folder = settings.MEDIA_ROOT / "images"
    folder.mkdir(parents=True)
    (folder / "lead.2e16d0ba.fill-1200x675.format-webp.webp").write_bytes(b"RIFF\x00\x00\x00\x00WEBPVP8 ")
    answer = get(edge, "/media/images/lead.2e16d0ba.fill-1200x675.format-webp.webp", accept_encoding="br")
    assert answer.status == 200
    assert answer.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert answer.headers["content-type"] == "image/webp"
    assert "content-encoding" not in answer.headers and answer.headers["etag"]
    held = get(edge, "/media/images/lead.2e16d0ba.fill-1200x675.format-webp.webp", if_none_match=answer.headers["etag"])
    assert held.status == 304


SCRIPT = b"""/*! Example licence: kept. */
// Why this script exists: a comment for whoever reads the source.
(function () {
  "use strict";
  var greeting = "hello  //  not a comment";   // trailing comment
  window.greet = function () { return greeting; };
})();
"""


def test_our_scripts_and_styles_are_minified_with_their_compressed_copies_and_vendored_ones_left_alone(
    tmp_path, settings, monkeypatch, db
):
    from broadsheet.edge import static

    source = tmp_path / "source"
    (source / "app").mkdir(parents=True)
    (source / "app" / "vendor").mkdir()
    (source / "app" / "app.js").write_bytes(SCRIPT)
    (source / "app" / "app.css").write_bytes(STYLES)
    (source / "app" / "vendor" / "lib.js").write_bytes(SCRIPT)
    monkeypatch.setattr(static, "PROJECT", tmp_path)  # the files above count as the project's own
    settings.STATICFILES_DIRS = [source]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "broadsheet.edge.static.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)

    def hashed(folder, suffix):
        (found,) = [p for p in folder.iterdir() if p.suffix == suffix and static.HASHED_NAME.search(p.name)]
        return found

    script = hashed(settings.STATIC_ROOT / "app", ".js")
    text = script.read_text()
    assert "Example licence" in text and "Why this script exists" not in text and "trailing comment" not in text
    assert '"hello  //  not a comment"' in text and len(text) < len(SCRIPT) * 0.7
    assert brotli.decompress(script.with_name(script.name + ".br").read_bytes()) == script.read_bytes()
    styles = hashed(settings.STATIC_ROOT / "app", ".css")
    assert len(styles.read_bytes()) < len(STYLES) and b"the site's styles" not in styles.read_bytes()
    assert hashed(settings.STATIC_ROOT / "app" / "vendor", ".js").read_bytes() == SCRIPT

    # A second collectstatic (every deploy) ends with the same minified file and copies.
    call_command("collectstatic", "--noinput", verbosity=0)
    assert script.read_text() == text
    assert brotli.decompress(script.with_name(script.name + ".br").read_bytes()) == script.read_bytes()
