"""Static files and pictures as browsers should keep them: compressed once, sent for a year, validated.

A static file whose name carries its content's hash (ManifestStaticFilesStorage) never changes
under that name, and neither does a picture Wagtail stored (an original or a rendition: a new
upload or a new focal point gets a new name). Both are sent `immutable` for a year. Other files
(the unhashed copies collectstatic also writes, audio) keep a day.

Our own scripts and stylesheets (those under broadsheet/, not Wagtail's or a vendored library's)
are minified first: comments and spacing are for whoever reads the source, and the page weight
budgets count what browsers download. Licence comments (`/*! … */`) are kept.

Text files (CSS, JavaScript, SVG) are compressed when collectstatic writes them, with the same
brotli and gzip settings as stored pages (broadsheet/pagecache/encodings.py), beside the file as
`name.br` and `name.gz`, which is also where nginx's brotli_static and gzip_static look
(deploy/nginx). Pictures are not: JPEG, PNG and WebP are compressed already.
"""

import re
from pathlib import Path

import rcssmin
import rjsmin
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from django.utils.http import http_date

from broadsheet.pagecache.encodings import chosen_encoding, compressed_copies
from broadsheet.pagecache.middleware import held_by_client, variant_etag

COMPRESSIBLE = {".css", ".js", ".mjs", ".svg", ".json", ".map", ".txt", ".xml", ".ico", ".webmanifest"}
SUFFIXES = {"br": ".br", "gzip": ".gz"}
IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=86400"
# Folders of MEDIA_ROOT whose files are never rewritten under the same name (Wagtail's pictures).
IMMUTABLE_MEDIA = ("images/", "original_images/")
# A name collectstatic gave a file from its content: "site.3f2a9c1b0d4e.css".
HASHED_NAME = re.compile(r"\.[0-9a-f]{12}\.[^./]+$")


class CompressedManifestStaticFilesStorage(ManifestStaticFilesStorage):
    """Django's hashed static files, each text one also kept brotli- and gzip-compressed beside it."""

    def post_process(self, paths, dry_run=False, **options):
        yield from super().post_process(paths, dry_run, **options)
        if not dry_run:
            ours = {
                self.hashed_files[name]
                for name, (storage, source) in paths.items()
                if name in self.hashed_files and is_ours(Path(storage.path(source)))
            }
            for name in set(self.hashed_files.values()):
                path = Path(self.path(name))
                if name in ours:
                    minify(path)
                compress(path)


PROJECT = Path(__file__).resolve().parent.parent
MINIFIERS = {
    ".js": lambda text: rjsmin.jsmin(text, keep_bang_comments=True),
    ".css": lambda text: rcssmin.cssmin(text, keep_bang_comments=True),
}


def is_ours(source):
    """Return whether a static file is the project's own source (not Wagtail's, not a vendored library)."""
    return source.is_relative_to(PROJECT) and "vendor" not in source.parts


def minify(path):
    """Rewrite our hashed script or stylesheet without comments and spacing.

    Minifying twice changes nothing, so a file an earlier collectstatic minified is left as it is
    (and so are its compressed copies); one collectstatic wrote again is minified again.
    """
    minifier = MINIFIERS.get(path.suffix)
    if minifier is None or not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    smaller = minifier(text)
    if len(smaller) < len(text):
        path.write_text(smaller, encoding="utf-8")


def compress(path):
    """Write `path.br` and `path.gz` beside a text file (each only if smaller), unless already up to date."""
    if path.suffix not in COMPRESSIBLE or not path.is_file():
        return
    made_at = path.stat().st_mtime_ns
    siblings = [path.with_name(path.name + suffix) for suffix in SUFFIXES.values()]
    if all(s.exists() and s.stat().st_mtime_ns >= made_at for s in siblings):
        return  # an earlier collectstatic made them: the name is the content
    copies = compressed_copies(path.read_bytes())
    for coding, suffix in SUFFIXES.items():
        sibling = path.with_name(path.name + suffix)
        if coding in copies:
            sibling.write_bytes(copies[coding])
        else:
            sibling.unlink(missing_ok=True)


def is_immutable(relative, *, is_static):
    return bool(HASHED_NAME.search(relative)) if is_static else relative.startswith(IMMUTABLE_MEDIA)


def answer_for_file(file, relative, request_headers, *, is_static):
    """Return (status, headers, file to send) for a static or media file that exists.

    The validator is the file's modification time and size, as nginx makes its own; each coding
    has its own ETag (RFC 9110 §8.8.3), and a client holding any of them gets 304.
    """
    stat = file.stat()
    etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
    last_modified = http_date(stat.st_mtime)
    headers = [
        ("cache-control", IMMUTABLE if is_immutable(relative, is_static=is_static) else SHORT),
        ("last-modified", last_modified),
    ]
    coding, sent = None, file
    if file.suffix in COMPRESSIBLE:
        headers.append(("vary", "Accept-Encoding"))
        available = {c for c, suffix in SUFFIXES.items() if file.with_name(file.name + suffix).is_file()}
        coding = chosen_encoding(request_headers.get("accept-encoding"), available)
        if coding:
            sent = file.with_name(file.name + SUFFIXES[coding])
            headers.append(("content-encoding", coding))
    headers.append(("etag", variant_etag(etag, coding)))
    if held_by_client(
        request_headers.get("if-none-match"), request_headers.get("if-modified-since"), etag, last_modified
    ):
        return 304, [h for h in headers if h[0] != "content-encoding"], None
    return 200, headers, sent
