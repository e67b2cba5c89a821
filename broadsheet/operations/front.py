"""The edge in front of Django: bodies, limits and files handled on granian's event loop (RSGI).

Why not granian's WSGI interface: it hands a request to one of the few Python threads as soon as
its headers arrive, and the thread then blocks reading the body. Two clients sending a vote at one
byte a second held both threads of `make run` and froze every page, cached or not (issue 7,
finding 2). granian has no body timeout to stop that. Here the body is read on the event loop,
where a slow client costs a socket and a coroutine, and only a complete request takes a thread.

On the way in, a body larger than its endpoint allows is refused with 413 before it is read
(`body_limit` in broadsheet/middleware.py is the one policy), and a client that stops sending for
REQUEST_BODY_IDLE_TIMEOUT seconds gets 408. Static and media files are sent by granian (Rust)
with a correct Content-Type and nosniff, which its static mount cannot add; documents are never
sent from media, only by Wagtail's permission-checking view.
"""

import asyncio
import gc
import mimetypes
import os
import queue
import sys
import threading
from io import BytesIO
from pathlib import Path
from tempfile import SpooledTemporaryFile

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from broadsheet.middleware import TOO_LARGE_MESSAGE, body_limit
from broadsheet.pagecache import files as page_files
from broadsheet.pagecache.fastpath import FastPages
from broadsheet.pagecache.middleware import release

from .early import early_answer_for, loop_answer_for, run_early
from .signals import worker_stopping

# Files under these folders of MEDIA_ROOT are never sent as media: Wagtail's documents view
# checks collection privacy and sends them as downloads (issue 7, finding 3).
PRIVATE_MEDIA = ("documents",)
SLOW_BODY_MESSAGE = "The request took too long to arrive. Check your connection and try again."
# Types a browser could run as a page or script on our origin if a file claimed them; media is
# uploaded by editors, so anything else is sent as an opaque download.
MEDIA_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "image/avif", "audio/mpeg", "audio/ogg"}
STATIC_CACHE = "public, max-age=86400"


def _settle(future, result, error):
    if not future.cancelled():
        future.set_exception(error) if error else future.set_result(result)


class DjangoThreads:
    """A fixed number of threads running Django, fed whole requests; results return as loop futures.

    Leaner than ThreadPoolExecutor + run_in_executor (one queue put, one wake-up of the loop):
    this hop is on every request, and cached pages take a few hundred microseconds in all.
    """

    def __init__(self, count):
        self.jobs = queue.SimpleQueue()
        for number in range(count):
            threading.Thread(target=self.work, name=f"django-{number}", daemon=True).start()

    def run(self, function, *args):
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self.jobs.put((loop, future, function, args))
        return future

    def work(self):
        while True:
            loop, future, function, args = self.jobs.get()
            try:
                result, error = function(*args), None
            except BaseException as exception:  # handed to the request's coroutine, raised there
                result, error = None, exception
            loop.call_soon_threadsafe(_settle, future, result, error)


def as_rsgi(response):
    """Return an HttpResponse as (status, headers, body) for granian, with the headers every answer has."""
    headers = [(name.lower(), value) for name, value in response.items()]
    headers += [(name.lower(), value) for name, value in EARLY_HEADERS if not response.has_header(name)]
    # As Django's WSGI handler sends them (a vote's answer gives a new reader their token).
    headers += [("set-cookie", cookie.OutputString()) for cookie in response.cookies.values()]
    return response.status_code, headers, response.content


# What Django's security middleware would have added to an answer that never reaches it.
EARLY_HEADERS = [("X-Content-Type-Options", "nosniff"), ("Cache-Control", "no-store")]


def plain(status, message):
    body = (message + "\n").encode()
    headers = [
        ("content-type", "text/plain; charset=utf-8"),
        ("x-content-type-options", "nosniff"),
        ("cache-control", "no-store"),
        # The client may still be sending: say we will not read the rest.
        ("connection", "close"),
    ]
    return status, headers, body


class Streamed:
    """The chunks of a streaming answer, and its close (Django's request_finished) once they are sent.

    Django's streaming responses iterate through a `map`, which has no close of its own.
    """

    def __init__(self, result):
        self.result, self.chunks = result, iter(result)

    def __iter__(self):
        return self

    def __next__(self):
        return next(self.chunks)

    def close(self):
        if hasattr(self.result, "close"):
            self.result.close()


class Front:
    """An RSGI application: files and limits here, everything else to Django in a fixed thread pool."""

    def __init__(self, wsgi_app, *, threads):
        self.wsgi_app = wsgi_app
        self.threads = DjangoThreads(threads)
        self.pages = FastPages()
        self.static_root = Path(settings.STATIC_ROOT).resolve()
        self.media_root = Path(settings.MEDIA_ROOT).resolve()
        self.static_prefix = settings.STATIC_URL
        self.media_prefix = settings.MEDIA_URL
        self.base_environ = {
            "SCRIPT_NAME": "",
            "wsgi.version": (1, 0),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }

    async def __rsgi__(self, scope, proto):
        if scope.proto != "http":
            return  # no websockets here
        path = scope.path
        if scope.method in ("GET", "HEAD") and path.startswith((self.static_prefix, self.media_prefix)):
            return self.send_file(scope, proto, path)
        page = self.pages.lookup(scope)
        if page is not None:
            if page.answer is not None:
                return proto.response_bytes(*page.answer)
            return await self.serve_page(scope, proto, page)
        limit = body_limit(path)
        length = scope.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            return proto.response_bytes(*plain(413, TOO_LARGE_MESSAGE))
        body = None
        if length != "0" and (length is not None or "transfer-encoding" in scope.headers):
            try:
                body = await self.read_body(proto, limit)
            except TimeoutError:
                return proto.response_bytes(*plain(408, SLOW_BODY_MESSAGE))
            except ValueError:
                return proto.response_bytes(*plain(413, TOO_LARGE_MESSAGE))
        environ = self.environ(scope, body)
        early = early_answer_for(path)
        try:
            on_loop = loop_answer_for(path)
            if on_loop is not None:
                answer = on_loop(environ)
                if answer is not None:
                    return proto.response_bytes(*as_rsgi(answer))
                environ = self.environ(scope, body)
                if body is not None:
                    body.seek(0)
            if early is not None:
                answer = await self.threads.run(run_early, early, environ)
                if answer is not None:
                    return proto.response_bytes(*as_rsgi(answer))
                environ = self.environ(scope, body)  # untouched for Django
                if body is not None:
                    body.seek(0)
            status, headers, content, rest, _ = await self.threads.run(self.call_django, environ)
        finally:
            if body is not None:
                body.close()
        return await self.send(proto, status, headers, content, rest)

    async def serve_page(self, scope, proto, page):
        """Send Django's answer to a page the front may answer itself next time, and learn it."""
        try:
            status, headers, content, rest, stored = await self.threads.run(self.call_django, self.environ(scope, None))
        except BaseException:
            self.pages.learn(page, 500, [], None)
            raise
        self.pages.learn(page, status, headers, stored)
        return await self.send(proto, status, headers, content, rest)

    async def send(self, proto, status, headers, content, rest):
        """Send Django's answer: whole, or chunk by chunk as a streaming response produces it."""
        if rest is None:
            return proto.response_bytes(status, headers, content)
        try:
            transport = proto.response_stream(status, headers)
            while chunk := await self.threads.run(next, rest, b""):
                await transport.send_bytes(chunk)
        finally:
            await self.threads.run(rest.close)

    async def read_body(self, proto, limit):
        """Return the body as a file, or raise ValueError past `limit` bytes, TimeoutError on a stall."""
        # Small bodies stay in memory; an editor's upload goes to a temporary file as Django would.
        body = SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)  # noqa: SIM115 (the caller closes it)
        stream = proto.__aiter__()
        try:
            while True:
                try:
                    async with asyncio.timeout(settings.REQUEST_BODY_IDLE_TIMEOUT):
                        chunk = await anext(stream)
                except StopAsyncIteration:
                    body.seek(0)
                    return body
                body.write(chunk)
                if body.tell() > limit:  # a chunked body has no Content-Length to refuse it by
                    raise ValueError(body.tell())
        except BaseException:
            body.close()
            raise

    def environ(self, scope, body):
        environ = self.base_environ.copy()
        for name, value in scope.headers.items():
            if name == "content-type":
                environ["CONTENT_TYPE"] = value
            elif name not in ("content-length", "transfer-encoding"):  # the body is whole now
                key = "HTTP_" + name.upper().replace("-", "_")
                environ[key] = f"{environ[key]},{value}" if key in environ else value
        server, _, port = scope.server.rpartition(":")
        environ.update(
            REQUEST_METHOD=scope.method,
            # granian has percent-decoded the path as UTF-8; WSGI wants those bytes as Latin-1.
            PATH_INFO=scope.path if scope.path.isascii() else scope.path.encode().decode("latin-1"),
            QUERY_STRING=scope.query_string,
            SERVER_PROTOCOL=f"HTTP/{scope.http_version}",
            REMOTE_ADDR=scope.client.rpartition(":")[0].strip("[]"),
            SERVER_NAME=server,
            SERVER_PORT=port,
        )
        environ["wsgi.url_scheme"] = scope.scheme
        if body is None:
            environ["wsgi.input"], environ["CONTENT_LENGTH"] = BytesIO(), "0"
        else:
            environ["CONTENT_LENGTH"] = str(body.seek(0, 2))
            body.seek(0)
            environ["wsgi.input"] = body
        return environ

    def call_django(self, environ):
        """Run Django in a pool thread; return status, headers and the body (or an iterator to stream)."""
        reply = {}

        def start_response(status, headers, exc_info=None):
            reply["status"], reply["headers"] = int(status.split(" ", 1)[0]), headers

        result = self.wsgi_app(environ, start_response)
        if getattr(result, "streaming", False):  # files, CSV exports: sent as they are produced
            return reply["status"], reply["headers"], None, Streamed(result), None
        try:
            content = b"".join(result)
        finally:
            # Django's request_finished (closing this thread's database connection if needed) runs here.
            if hasattr(result, "close"):
                result.close()
        # A page the page cache answered: the front may answer the next requests for it itself.
        stored = getattr(result, "page_cache_entry", None)
        return reply["status"], reply["headers"], content, None, stored

    def __rsgi_del__(self, loop):
        # granian calls this when the worker stops gracefully (atexit handlers never run in its
        # workers): the last moment to write what apps hold in memory.
        worker_stopping.send(sender=type(self))

    def send_file(self, scope, proto, path):
        is_static = path.startswith(self.static_prefix)
        root = self.static_root if is_static else self.media_root
        relative = path[len(self.static_prefix if is_static else self.media_prefix) :]  # already decoded
        file = (root / relative).resolve()
        if (
            not file.is_relative_to(root)
            or not file.is_file()
            or (not is_static and any(file.is_relative_to(root / folder) for folder in PRIVATE_MEDIA))
        ):
            return proto.response_bytes(*plain(404, "Not found."))
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        headers = [
            ("x-content-type-options", "nosniff"),
            ("cache-control", STATIC_CACHE),
            ("referrer-policy", settings.SECURE_REFERRER_POLICY),
        ]
        if is_static or kind in MEDIA_TYPES:
            headers.append(("content-type", f"{kind}; charset=utf-8" if kind.startswith("text/") else kind))
        else:
            headers += [("content-type", "application/octet-stream"), ("content-disposition", "attachment")]
        return proto.response_file(200, headers, str(file))


def build():
    """Return the front over Django's WSGI application (granian's --factory target)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
    django = get_wsgi_application()
    page_files.start_release(release())
    # Everything loaded so far lives as long as the process: keep the garbage collector from walking
    # it again and again (measured at about a tenth of a render's CPU).
    gc.collect()
    gc.freeze()
    return Front(django, threads=int(os.environ.get("BROADSHEET_WEB_THREADS", "2")))
