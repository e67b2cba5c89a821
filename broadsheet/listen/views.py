"""Audio files with byte ranges, and the Listen Live player."""

from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from broadsheet.newsroom.models import ArticlePage
from broadsheet.private_apis import widen_content_security_policy

from .models import ArticleAudio, Bulletin
from .ranges import Unsatisfiable, requested_range
from .services import listen_settings

# Names are content-addressed (the hash of the spoken text), so a file never changes under its name.
FOREVER = "public, max-age=31536000, immutable"
CHUNK = 64 * 1024


def serve_audio(request, field, etag):
    """Answer with the file, or the one byte range asked for (206), or 416 for a range beyond it."""
    size = field.size
    wanted = request.headers.get("Range")
    if_range = request.headers.get("If-Range")
    if if_range and if_range != etag:
        wanted = None  # the client's partial copy is of another file: send the whole new one
    try:
        span = requested_range(wanted, size)
    except Unsatisfiable:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        # Never kept by a shared cache: it would answer later whole-file requests for this URL.
        response["Cache-Control"] = "no-store"
    else:
        handle = field.storage.open(field.name, "rb")
        if span is None:
            response = FileResponse(handle, content_type="audio/mpeg")
            response["Content-Length"] = str(size)
        else:
            first, last = span
            response = StreamingHttpResponse(part(handle, first, last), status=206, content_type="audio/mpeg")
            response["Content-Range"] = f"bytes {first}-{last}/{size}"
            response["Content-Length"] = str(last - first + 1)
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    response.setdefault("Cache-Control", FOREVER)
    return response


def part(handle, first, last):
    with handle:
        handle.seek(first)
        left = last - first + 1
        while left > 0:
            chunk = handle.read(min(CHUNK, left))
            if not chunk:
                return
            left -= len(chunk)
            yield chunk


@require_safe
def article_audio(request, article_id, audio_hash):
    """The audio of an article visible now (404 for any other, and for a name not of its current file)."""
    audio = (
        ArticleAudio.objects.filter(article__in=ArticlePage.objects.visible(), pk=article_id, audio_hash=audio_hash)
        .exclude(file="")
        .first()
    )
    if audio is None:
        raise Http404("No such audio.")
    return serve_audio(request, audio.file, f'"{audio.audio_hash}"')


@require_safe
def bulletin_audio(request, bulletin_id):
    bulletin = Bulletin.objects.filter(pk=bulletin_id).first()
    if bulletin is None:
        raise Http404("No such bulletin.")
    return serve_audio(request, bulletin.file, f'"bulletin-{bulletin.pk}-{bulletin.size}"')


@require_safe
def live(request):
    """Listen Live: the station's stream when one is set, otherwise the newsroom's latest bulletin.

    Opened in its own small window by listen.js, so it keeps playing while the reader browses.
    """
    chosen = listen_settings()
    response = render(
        request,
        "listen/live.html",
        {
            "stream_url": chosen.live_stream_url,
            "stream_title": chosen.live_stream_title,
            "stream_is_hls": chosen.is_live_stream_hls,
            "bulletin": Bulletin.objects.first(),
        },
    )
    if chosen.live_stream_origin:
        # The stream is on the station's host: let this page (and only this page) play it. HLS in a
        # browser without native HLS is fetched by hls.js (connect-src) and played through Media
        # Source Extensions, whose media URL is a blob:. (Both the enforced and the report-only
        # policy: development reports, https enforces.)
        allowed = {"media-src": [chosen.live_stream_origin]}
        if chosen.is_live_stream_hls:
            allowed = {
                "media-src": [chosen.live_stream_origin, "blob:"],
                "connect-src": ["'self'", chosen.live_stream_origin],
            }
        widen_content_security_policy(response, allowed)
    response["Cache-Control"] = "no-cache"
    return response
