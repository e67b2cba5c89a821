"""Demo audio: the reference article read aloud, and a first bulletin."""

import contextlib

from .engines import EngineFailure
from .services import build_bulletin, queue_article_audio, render_article_audio


def add_demo_audio(demo):
    # Rendered here rather than by the worker, so the demo's lead story plays at once. Other
    # articles get audio when an editor publishes them.
    reference = demo.get("reference")
    if reference is None:
        return
    audio = queue_article_audio(article=reference)
    render_article_audio(article_id=reference.pk, text_hash_wanted=audio.text_hash)
    with contextlib.suppress(EngineFailure):  # no engine here: the back office and `make run` say so
        build_bulletin(force=True)
