"""Body limits behind any server: the view's own, and the back office's uploads for signed-in staff only."""

from django.test import Client

from tests.newsroom.test_roles import signed_in

UPLOAD = "/admin/images/add/"
BIG = 60 * 2**20


def announced(client, path, length, **extra):
    """POST a small body that announces `length` bytes, as a client about to send them would."""
    return client.post(
        path, b"x" * 3000, content_type="multipart/form-data; boundary=x", CONTENT_LENGTH=str(length), **extra
    )


def test_an_anonymous_upload_to_the_back_office_is_refused_by_its_length(db):
    response = announced(Client(), UPLOAD, BIG)
    assert response.status_code == 413
    assert "larger than this address accepts" in response.content.decode()


def test_a_forged_session_cookie_does_not_open_the_upload_limit(db):
    client = Client()
    client.cookies["sessionid"] = "forged"
    assert announced(client, UPLOAD, BIG).status_code == 413


def test_a_signed_in_editor_may_send_an_upload(db):
    editor = signed_in("Editor")
    assert announced(editor, UPLOAD, 3000).status_code != 413
    assert announced(editor, UPLOAD, 65 * 2**20).status_code == 413  # past even staff's limit


def test_a_view_declares_its_own_limit(client, db):
    assert client.post("/f/views/", {"article": 1, "ref": "x" * 3000}).status_code == 413  # the default
    assert client.post("/polls/1/vote/", {"option": 1, "padding": "x" * 3000}).status_code != 413  # 8 KiB
