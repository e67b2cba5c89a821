"""Uploaded documents never run as pages on our origin, and private ones never leave through media (issue 7, 3)."""

import json
import urllib.error
import urllib.request

import pytest

from tests.harness.sites import RunningSite

HTML = b"<html><body><script>document.title = 'pwned'; fetch('/f/account/?ran=1')</script>hi</body></html>"


@pytest.fixture(scope="module")
def site():
    running = RunningSite(workers=1, threads=2).prepare().start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def documents(site):
    """Create, as an editor's upload would, a public `.key` document of HTML and a private one."""
    return json.loads(
        site.shell(
            f"""
import json
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction
private = Collection.get_first_root_node().add_child(name="Private papers")
CollectionViewRestriction.objects.create(collection=private, restriction_type="password", password="s3cret-words")
public = Document.objects.create(title="Keynote", file=ContentFile({HTML!r}, name="keynote.key"))
secret = Document.objects.create(
    title="Secret", collection=private, file=ContentFile(b"the secret text", name="secret.txt")
)
print(json.dumps({{
    "public": public.url, "public_media": "/media/" + public.file.name,
    "secret": secret.url, "secret_media": "/media/" + secret.file.name,
}}))
"""
        )
    )


def status_and_body(site, path):
    try:
        with urllib.request.urlopen(site.url + path, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_a_private_document_is_not_served_from_media(site, documents):
    status, _, body = status_and_body(site, documents["secret_media"])
    assert status == 404
    assert b"the secret text" not in body
    # Wagtail's view asks for the collection's password instead of sending it.
    status, _, body = status_and_body(site, documents["secret"])
    assert b"the secret text" not in body
    assert b"password" in body.lower()


def test_a_document_is_sent_as_a_download_with_nosniff(site, documents):
    status, headers, _ = status_and_body(site, documents["public"])
    assert status == 200
    assert headers["Content-Disposition"].startswith("attachment")
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_an_html_document_runs_no_script_on_the_sites_origin(site, documents, browser):
    page = browser.new_page()
    ran = []
    page.on("request", lambda request: ran.append(request.url) if "ran=1" in request.url else None)
    page.goto(site.url + "/")
    # Straight from media, as the attack did: the front refuses documents there.
    response = page.goto(site.url + documents["public_media"])
    assert response.status == 404
    assert page.title() != "pwned"
    # Through Wagtail's view: a download, never rendered.
    with page.expect_download() as download:
        try:
            page.goto(site.url + documents["public"])
        except Exception as error:  # Chromium reports a navigation that became a download as an error
            assert "Download is starting" in str(error)
    assert download.value.suggested_filename == "keynote.key"
    page.wait_for_timeout(500)
    assert page.title() != "pwned"
    assert ran == []
    page.close()
