"""Stored pages as files that nginx sends itself (the production profile in deploy/).

With `PAGE_FILES_DIR` set, every HTML page the page cache stores is also written as
`<dir>/<host>/<path>/index.html` (`page-N.html` for page N of a listing), beside its `.gz` and
`.br` copies, which nginx sends with `gzip_static`/`brotli_static` (see deploy/nginx). nginx cannot
compare versions as the cache does, so here invalidation removes files: each stored file is listed
under every dependency key it showed (`<dir>/.keys/<key>/`), and invalidating a key deletes the
files listed under it, after the new version is set.

A render that overlapped an invalidation must not leave its file behind. The file is moved into
place first and the epoch read after: if it changed since the render began, the file is removed
again. Either the invalidation came before that read (seen, file removed here), or after the file
was in place and listed (removed by the invalidation).
"""

import hashlib
import os
import re
import shutil
from pathlib import Path

from django.conf import settings

KEYS_FOLDER = ".keys"
RELEASE_FILE = ".release"
CODINGS = {"gzip": ".gz", "br": ".br"}
# Paths written as folders of files: what Wagtail's page URLs are made of. Anything else (a
# percent-encoded oddity) is simply not written, and the app keeps answering it.
SAFE_PATH = re.compile(r"/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*/)*")
SAFE_HOST = re.compile(r"[a-z0-9.-]+")


def root():
    return Path(settings.PAGE_FILES_DIR) if settings.PAGE_FILES_DIR else None


def page_file(host, path, page_number=None):
    """Return where nginx finds this page, or None if it is not one written as a file."""
    folder = root()
    host = host.rsplit(":", 1)[0] if host.rsplit(":", 1)[-1].isdigit() else host
    if folder is None or not SAFE_PATH.fullmatch(path) or not SAFE_HOST.fullmatch(host) or host.startswith("."):
        return None
    name = f"page-{page_number}.html" if page_number else "index.html"
    return folder / host / path.strip("/") / name


def _listed(key):
    return root() / KEYS_FOLDER / hashlib.blake2b(key.encode(), digest_size=12).hexdigest()


def store(host, path, page_number, entry, dependencies, epoch, current_epoch):
    """Write a stored page for nginx (if the profile is on and the page is HTML).

    `current_epoch()` reads the cache's epoch now: if it is no longer `epoch`, an invalidation
    overlapped the render and the file is removed again.
    """
    if root() is None or not entry["headers"].get("Content-Type", "").startswith("text/html"):
        return
    if entry.get("shared_seconds") is not None:
        # A page kept by CDNs for less than the usual time (a live blog and its updates): nginx
        # sends every file with the usual headers, so such a page is left to the app.
        return
    target = page_file(host, path, page_number)
    if target is None:
        return
    relative = str(target.relative_to(root()))
    name = hashlib.blake2b(relative.encode(), digest_size=12).hexdigest()
    for key in dependencies:
        listing = _listed(key)
        listing.mkdir(mode=0o755, parents=True, exist_ok=True)
        (listing / name).write_text(relative)
    target.parent.mkdir(mode=0o755, parents=True, exist_ok=True)
    copies = entry.get("copies", {})
    bodies = [
        (target.with_name(target.name + suffix), copies[coding])
        for coding, suffix in CODINGS.items()
        if coding in copies
    ]
    for path, body in [*bodies, (target, entry["content"])]:
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_bytes(body)
        temporary.chmod(0o644)
        os.replace(temporary, path)
    if current_epoch() != epoch:
        _remove(target)


def _remove(target):
    for path in (target, *(target.with_name(target.name + suffix) for suffix in CODINGS.values())):
        path.unlink(missing_ok=True)


def discard(dependencies):
    """Remove the files of every page that showed one of these keys (after their versions changed)."""
    folder = root()
    if folder is None:
        return
    for key in dependencies:
        listing = _listed(key)
        try:
            names = list(listing.iterdir())
        except FileNotFoundError:
            continue
        for name in names:
            try:
                relative = name.read_text()
            except FileNotFoundError:
                continue
            target = (folder / relative).resolve()
            if target.is_relative_to(folder.resolve()):
                _remove(target)
            name.unlink(missing_ok=True)


def start_release(release):
    """Empty the folder when the deployed release changes (new pages point at new stylesheets)."""
    folder = root()
    if folder is None:
        return
    folder.mkdir(mode=0o755, parents=True, exist_ok=True)
    marker = folder / RELEASE_FILE
    if marker.exists() and marker.read_text() == release:
        return
    for child in folder.iterdir():
        if child.name != RELEASE_FILE:
            shutil.rmtree(child, ignore_errors=True) if child.is_dir() else child.unlink(missing_ok=True)
    marker.write_text(release)
