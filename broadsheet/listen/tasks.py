"""Slow work, run by the task worker (`make run` starts it): rendering audio and bulletins."""

import logging

from django_tasks import task

from .engines import EngineFailure

logger = logging.getLogger(__name__)


@task()
def render_audio(*, article_id, text_hash):
    """Render one article's audio (idempotent: a superseded or finished job does nothing)."""
    from .services import engine_failed, render_article_audio

    try:
        audio = render_article_audio(article_id=article_id, text_hash_wanted=text_hash)
    except Exception as error:
        # Anything else (the encoder, the storage) is recorded and retried like an engine failure,
        # so the back office never shows an audio "rendering" for ever.
        logger.exception("Rendering the audio of article %s failed", article_id)
        audio = engine_failed(article_id, text_hash, f"{type(error).__name__}: {error}", retry=render_audio)
    return audio.status if audio else None


@task()
def make_bulletin(*, force=False):
    """Build a bulletin if one is due; an engine that cannot run leaves the previous one playing."""
    from .services import build_bulletin

    try:
        bulletin = build_bulletin(force=force)
    except EngineFailure as failure:
        logger.warning("No bulletin made: %s", failure)
        return None
    return bulletin.pk if bulletin else None
