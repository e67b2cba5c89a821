"""Pictures editors upload: a damaged file is a form error with a message, never a server error."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.images.models import Image

from tests.newsroom.test_roles import signed_in


def picture_bytes(kind):
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), "teal").save(buffer, kind)
    return buffer.getvalue()


@pytest.fixture
def editor(db, settings):
    settings.STAFF_2FA_REQUIRED_FOR = "none"
    return signed_in("Editor")


@pytest.mark.parametrize(("name", "kind"), [("broken.gif", "GIF"), ("broken.png", "PNG"), ("broken.jpg", "JPEG")])
def test_a_truncated_picture_is_refused_with_a_message_and_nothing_is_saved(editor, name, kind):
    damaged = picture_bytes(kind)[:40]
    response = editor.post(
        "/admin/images/add/", {"title": "Broken", "file": SimpleUploadedFile(name, damaged), "collection": 1}
    )
    assert response.status_code == 200
    assert "the file is damaged or incomplete" in response.content.decode()
    multiple = editor.post("/admin/images/multiple/add/", {"files[]": SimpleUploadedFile(name, damaged)})
    assert multiple.status_code == 200 and multiple.json()["success"] is False
    assert "damaged or incomplete" in multiple.json()["error_message"]
    assert not Image.objects.filter(title__in=["Broken", name]).exists()


def test_a_whole_picture_is_still_accepted(editor):
    response = editor.post(
        "/admin/images/add/",
        {"title": "Whole", "file": SimpleUploadedFile("whole.gif", picture_bytes("GIF")), "collection": 1},
    )
    assert response.status_code == 302
    assert Image.objects.filter(title="Whole").exists()
