"""The RSGI edge: which chain serves a request, what it refuses unread, and how it hands Django's answers on."""

import asyncio
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.wsgi import get_wsgi_application
from django.test import Client

from broadsheet.edge.chain import Chains, ShortChainHandler
from broadsheet.edge.limits import session_is_staff
from broadsheet.edge.server import Edge

BIG = 60 * 2**20  # an upload's size: over anyone's limit but staff's in the back office


class Transport:
    def __init__(self):
        self.sent = []

    async def send_bytes(self, chunk):
        self.sent.append(chunk)


class Proto:
    """granian's side of one request: its body, sent in chunks, and the answer given to it."""

    def __init__(self, body=b"", chunk=65536):
        self.transport = Transport()
        self.status = self.headers = self.body = None
        self.chunks = [body[i : i + chunk] for i in range(0, len(body), chunk)]
        self.bytes_read = 0

    def __aiter__(self):
        return self.read()

    async def read(self):
        for chunk in self.chunks:
            self.bytes_read += len(chunk)
            yield chunk

    def response_bytes(self, status, headers, body):
        self.status, self.headers, self.body = status, dict(headers), body

    def response_stream(self, status, headers):
        self.status = status
        return self.transport

    def response_file(self, status, headers, path):
        self.status, self.headers = status, dict(headers)


def scope(path, method="POST", **headers):
    return SimpleNamespace(
        proto="http",
        method=method,
        path=path,
        query_string="",
        http_version="1.1",
        scheme="http",
        client="198.51.100.4:50000",
        server="testserver:80",
        headers={"host": "testserver", **{name.replace("_", "-").lower(): v for name, v in headers.items()}},
    )


@pytest.fixture
def edge(db):
    """The edge over Django's two handlers, as granian's factory builds it.

    Its thread has a database connection of its own, which does not see what a test writes in its
    transaction: tests here write nothing that the edge's thread must read.
    """
    return Edge(Chains(full=get_wsgi_application(), short=ShortChainHandler()), threads=1)


def serve(edge, request_scope, proto):
    asyncio.run(edge.__rsgi__(request_scope, proto))
    return proto


def test_a_multipart_body_without_a_boundary_gets_djangos_400_with_its_headers(edge):
    body = b"article=1"
    proto = serve(
        edge,
        scope("/f/views/", content_type="multipart/form-data", content_length=str(len(body))),
        Proto(body),
    )
    assert proto.status == 400
    assert proto.headers["X-Content-Type-Options"] == "nosniff" and len(proto.headers["X-Request-ID"]) == 32
    assert proto.headers["X-Frame-Options"] == "DENY"


def session_cookie(group=None):
    user = get_user_model().objects.create_user("someone", password="a-long-passphrase")
    if group:
        user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def upload_environ(cookie):
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/admin/images/add/", "SERVER_NAME": "testserver"}
    return {**environ, "SERVER_PORT": "80", "wsgi.input": BytesIO(), "HTTP_COOKIE": cookie}


def test_django_confirms_a_signed_in_editor_from_the_session_cookie(db):
    assert session_is_staff(upload_environ(session_cookie("Editor")))


@pytest.mark.parametrize("cookie", ["", "sessionid=forged", "reader"], ids=["none", "forged", "signed-in reader"])
def test_anyone_else_is_not_staff(db, cookie):
    if cookie == "reader":
        cookie = session_cookie()
    assert not session_is_staff(upload_environ(cookie))


@pytest.mark.parametrize("cookie", [None, "sessionid=forged"], ids=["anonymous", "forged cookie"])
def test_an_upload_from_anyone_but_staff_is_refused_unread(edge, cookie):
    headers = {"content_type": "multipart/form-data; boundary=x", "content_length": str(BIG)}
    if cookie:
        headers["cookie"] = cookie
    proto = serve(edge, scope("/admin/images/add/", **headers), Proto(b"x" * 4096))
    assert proto.status == 413
    assert proto.bytes_read == 0
    assert proto.headers["x-content-type-options"] == "nosniff" and proto.headers["x-frame-options"] == "DENY"


def test_an_upload_the_session_of_staff_sends_is_read_and_handed_to_django(edge, monkeypatch):
    asked = []
    # What Django answers for a staff session (proved above); the edge's thread cannot see this test's rows.
    monkeypatch.setattr("broadsheet.edge.server.session_is_staff", lambda environ: asked.append(environ) or True)
    body = b"x" * 3000  # over what anyone may send
    headers = {"content_type": "multipart/form-data; boundary=x", "content_length": str(len(body))}
    proto = serve(edge, scope("/admin/images/add/", cookie="sessionid=abc", **headers), Proto(body))
    assert len(asked) == 1 and asked[0]["HTTP_COOKIE"] == "sessionid=abc"
    assert proto.bytes_read == len(body)
    # Handed to Django, whose own limit asks `request.user` again (this cookie is nobody's: 413 there).
    assert "X-Request-ID" in proto.headers


def test_a_small_body_to_the_back_office_is_read_without_asking_who_sends_it(edge, monkeypatch):
    monkeypatch.setattr("broadsheet.edge.server.session_is_staff", lambda environ: pytest.fail("asked"))
    body = b"username=a&password=b"
    headers = {"content_type": "application/x-www-form-urlencoded", "content_length": str(len(body))}
    proto = serve(edge, scope("/admin/login/", cookie="sessionid=abc", **headers), Proto(body))
    assert proto.bytes_read == len(body)


def test_a_chunked_body_past_the_limit_is_refused_with_the_security_headers(edge):
    proto = serve(edge, scope("/f/views/", transfer_encoding="chunked"), Proto(b"a" * 8192, chunk=1024))
    assert proto.status == 413
    assert proto.headers["x-content-type-options"] == "nosniff" and proto.headers["connection"] == "close"


def test_a_file_that_is_not_there_is_a_404_with_the_security_headers(edge):
    proto = serve(edge, scope("/static/nothing-here.css", method="GET"), Proto())
    assert proto.status == 404
    assert proto.headers["x-content-type-options"] == "nosniff" and proto.headers["x-frame-options"] == "DENY"


class StreamingAnswer:
    """What Django's WSGI handler returns for a streaming response (a file, a byte range, a CSV)."""

    streaming = True

    def __init__(self):
        self.closed = False

    def __iter__(self):
        return map(bytes, [b"first ", b"second"])

    def close(self):
        self.closed = True


def test_a_streaming_answer_is_sent_chunk_by_chunk_and_then_closed(db):
    answer = StreamingAnswer()

    def wsgi_app(environ, start_response):
        start_response("206 Partial Content", [("content-range", "bytes 0-11/100")])
        return answer

    edge, proto = Edge(Chains(full=wsgi_app, short=wsgi_app), threads=1), Proto()

    async def serve_stream():
        status, headers, content, rest, _ = await edge.threads.run(edge.call_django, wsgi_app, {})
        await edge.send(proto, status, headers, content, rest)

    # Before the fix, closing raised AttributeError ('map' object has no attribute 'close') after
    # every byte range of article audio, and Django's end-of-request work never ran.
    asyncio.run(serve_stream())
    assert proto.status == 206
    assert b"".join(proto.transport.sent) == b"first second"
    assert answer.closed
