"""The edge in front of Django: bodies, limits and files handled on granian's event loop (RSGI).

Why not granian's WSGI interface: it hands a request to one of the few Python threads as soon as
its headers arrive, and the thread then blocks reading the body. Two clients sending a vote at one
byte a second held both threads of `make run` and froze every page, cached or not (issue 7,
finding 2). granian has no body timeout to stop that. Here the body is read on the event loop,
where a slow client costs a socket and a coroutine, and only a complete request takes a thread.

On the way in, the path is resolved with Django's URL resolver, once: its view says how large a
body it takes (broadsheet/edge/limits.py is the one policy) and whether it may be served by the
short middleware chain (broadsheet/edge/chain.py). A body larger than that is refused with 413
before it is read, and a client that stops sending for REQUEST_BODY_IDLE_TIMEOUT seconds gets 408.
Static and media files are sent by granian (Rust) with a correct Content-Type and the security
headers, which its static mount cannot add, compressed and cached as broadsheet/edge/static.py
says; documents are never sent from media, only by Wagtail's permission-checking view.
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
from django.core.handlers.wsgi import WSGIRequest
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

from broadsheet.operations.signals import worker_stopping
from broadsheet.pagecache import files as page_files
from broadsheet.pagecache.fastpath import FastPages
from broadsheet.pagecache.middleware import release

from .chain import Chains, ShortChainHandler, view_for
from .limits import TOO_LARGE_MESSAGE, body_limit, session_is_staff
from .refusals import refusal, security_headers
from .static import answer_for_file

# Files under these folders of MEDIA_ROOT are never sent as media: Wagtail's documents view
# checks collection privacy and sends them as downloads (issue 7, finding 3).
PRIVATE_MEDIA = ("documents",)
SLOW_BODY_MESSAGE = "The request took too long to arrive. Check your connection and try again."
# Types a browser could run as a page or script on our origin if a file claimed them; media is
# uploaded by editors, so anything else is sent as an opaque download.
MEDIA_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "image/avif", "audio/mpeg", "audio/ogg"}


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


class Edge:
    """An RSGI application: files and limits here, everything else to Django in a fixed thread pool.

    `chains` holds Django's two handlers (the full middleware chain and the short one); each
    request goes to the one `Chains.pick` chooses, the same choice the tests' client makes.
    """

    def __init__(self, chains, *, threads):
        self.chains = chains
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
        environ = self.environ(scope)
        view = view_for(path)
        length = scope.headers.get("content-length")
        body = None
        if length != "0" and (length is not None or "transfer-encoding" in scope.headers):
            limit = await self.body_limit(environ, path, view, length)
            if limit is None:
                return proto.response_bytes(*self.refuse(413, TOO_LARGE_MESSAGE, environ))
            try:
                body = await self.read_body(proto, limit)
            except TimeoutError:
                return proto.response_bytes(*self.refuse(408, SLOW_BODY_MESSAGE, environ))
            except ValueError:
                return proto.response_bytes(*self.refuse(413, TOO_LARGE_MESSAGE, environ))
        self.attach_body(environ, body)
        django = self.chains.pick(environ, view)
        try:
            status, headers, content, rest, _ = await self.threads.run(self.call_django, django, environ)
        finally:
            if body is not None:
                body.close()
        return await self.send(proto, status, headers, content, rest)

    async def body_limit(self, environ, path, view, length):
        """Return how many bytes of body this request may send, or None to refuse it unread.

        A limit granted only to staff (the back office's uploads) is asked of Django, in a thread,
        only for a body larger than anyone may send, and only when a session cookie is there to ask about.
        """
        if length is not None and not length.isdigit():
            return None
        limit = body_limit(path, view)
        size = limit.for_reader(is_staff=False)
        wants_more = length is None or int(length) > size
        has_session = settings.SESSION_COOKIE_NAME in environ.get("HTTP_COOKIE", "")
        if limit.needs_staff and wants_more and has_session and await self.threads.run(asked_of_django, environ):
            size = limit.for_reader(is_staff=True)
        return None if length is not None and int(length) > size else size

    def refuse(self, status, message, environ):
        return refusal(status, message, is_secure=WSGIRequest(environ).is_secure())

    async def serve_page(self, scope, proto, page):
        """Send Django's answer to a page the edge may answer itself next time, and learn it."""
        environ = self.environ(scope)
        try:
            status, headers, content, rest, stored = await self.threads.run(self.call_django, self.chains.full, environ)
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

    def environ(self, scope):
        """Return the WSGI environ of a request's head; `attach_body` completes it."""
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
        environ["wsgi.input"], environ["CONTENT_LENGTH"] = BytesIO(), "0"  # until `attach_body`
        return environ

    @staticmethod
    def attach_body(environ, body):
        if body is not None:
            environ["CONTENT_LENGTH"] = str(body.seek(0, 2))
            body.seek(0)
            environ["wsgi.input"] = body

    @staticmethod
    def call_django(django, environ):
        """Run a Django handler in a pool thread; return status, headers and the body (or an iterator to stream)."""
        reply = {}

        def start_response(status, headers, exc_info=None):
            reply["status"], reply["headers"] = int(status.split(" ", 1)[0]), headers

        result = django(environ, start_response)
        if getattr(result, "streaming", False):  # files, CSV exports: sent as they are produced
            return reply["status"], reply["headers"], None, Streamed(result), None
        try:
            content = b"".join(result)
        finally:
            # Django's request_finished (closing this thread's database connection if needed) runs here.
            if hasattr(result, "close"):
                result.close()
        # A page the page cache answered: the edge may answer the next requests for it itself.
        stored = getattr(result, "page_cache_entry", None)
        return reply["status"], reply["headers"], content, None, stored

    def __rsgi_del__(self, loop):
        # granian calls this when the worker stops gracefully (atexit handlers never run in its
        # workers): the last moment to write what apps hold in memory.
        worker_stopping.send(sender=type(self))

    def send_file(self, scope, proto, path):
        is_secure = WSGIRequest(self.environ(scope)).is_secure()
        is_static = path.startswith(self.static_prefix)
        root = self.static_root if is_static else self.media_root
        relative = path[len(self.static_prefix if is_static else self.media_prefix) :]  # already decoded
        file = (root / relative).resolve()
        if (
            not file.is_relative_to(root)
            or not file.is_file()
            or (not is_static and any(file.is_relative_to(root / folder) for folder in PRIVATE_MEDIA))
        ):
            return proto.response_bytes(*refusal(404, "Not found.", is_secure=is_secure, closes=False))
        status, headers, sent = answer_for_file(file, relative, scope.headers, is_static=is_static)
        headers += security_headers(is_secure=is_secure)
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if is_static or kind in MEDIA_TYPES:
            headers.append(("content-type", f"{kind}; charset=utf-8" if kind.startswith("text/") else kind))
        else:
            headers += [("content-type", "application/octet-stream"), ("content-disposition", "attachment")]
        if sent is None:
            return proto.response_bytes(status, headers, b"")
        return proto.response_file(status, headers, str(sent))


def asked_of_django(environ):
    """Return whether the request's session is signed-in staff, asked in a Django thread as a request is.

    The thread's database connection is checked before and after, as Django's request signals do
    around every request (one broken by a database restart is replaced).
    """
    close_old_connections()
    try:
        return session_is_staff(environ)
    finally:
        close_old_connections()


def build():
    """Return the edge over Django's two handlers (granian's --factory target)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
    django = Chains(full=get_wsgi_application(), short=ShortChainHandler())
    page_files.start_release(release())
    # Everything loaded so far lives as long as the process: keep the garbage collector from walking
    # it again and again (measured at about a tenth of a render's CPU).
    gc.collect()
    gc.freeze()
    return Edge(django, threads=int(os.environ.get("BROADSHEET_WEB_THREADS", "2")))
