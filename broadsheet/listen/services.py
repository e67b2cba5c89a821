"""Making audio: queue an article's audio when its spoken text changes, render it, build bulletins."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from broadsheet.newsroom.datelines import gmt_offset, newsroom_zone
from broadsheet.newsroom.models import ArticlePage, HomePage

from .encoding import encode_mp3
from .engines import EngineFailure, chosen_engine
from .models import ArticleAudio, AudioStatus, Bulletin, ListenSettings
from .spoken import SpokenTextTooLong, check_length, clean, count_words, sentence, spoken_text, text_hash

logger = logging.getLogger(__name__)


def listen_settings(page=None):
    site = page.get_site() if page is not None else Site.objects.filter(is_default_site=True).first()
    return ListenSettings.for_site(site) if site else ListenSettings()


def audio_refused_reason(article):
    """Return why this article gets no audio (switched off, or its section is), or None."""
    chosen = listen_settings(article)
    if not chosen.is_audio_enabled:
        return "Article audio is switched off in Settings › Listening."
    if chosen.pk and chosen.sections_without_audio.filter(pk=article.get_parent().pk).exists():
        return "Audio is switched off for this section in Settings › Listening."
    return None


@transaction.atomic
def queue_article_audio(*, article, force=False):
    """Queue a render of the article's audio when its spoken text changed (or `force`); return the ArticleAudio.

    A non-text edit (a tag, the picture) leaves the text and so its hash unchanged: nothing is queued.
    """
    from .tasks import render_audio

    audio, _ = ArticleAudio.objects.select_for_update().get_or_create(article=article, defaults={"text_hash": ""})
    try:
        text = spoken_text(article)
    except SpokenTextTooLong as too_long:
        audio.status, audio.error, audio.text_hash = AudioStatus.FAILED, too_long.message, ""
        audio.save()
        return audio
    wanted = text_hash(text)
    same_text = audio.text_hash == wanted and audio.status != AudioStatus.UNAVAILABLE
    if same_text and not force and audio.status != AudioStatus.FAILED:
        return audio
    refused = audio_refused_reason(article)
    if refused is None:
        try:
            chosen_engine()
        except EngineFailure as missing:
            refused = str(missing)
    audio.text_hash, audio.attempts, audio.queued_at = wanted, 0, timezone.now()
    if refused:
        audio.status, audio.error = AudioStatus.UNAVAILABLE, refused
    else:
        audio.status, audio.error = AudioStatus.QUEUED, ""
        transaction.on_commit(lambda: render_audio.enqueue(article_id=article.pk, text_hash=wanted))
    audio.save()
    return audio


def render_article_audio(*, article_id, text_hash_wanted):
    """Render the article's audio if the queued text is still the article's text; return the ArticleAudio.

    Idempotent: a job for a text since replaced, or already rendered, does nothing. Synthesis runs
    outside any transaction (it takes seconds to minutes); the result is stored only if the text
    is still the one wanted when it is done.
    """
    from .tasks import render_audio

    audio = ArticleAudio.objects.filter(pk=article_id).first()
    if audio is None or audio.text_hash != text_hash_wanted or audio.status == AudioStatus.UNAVAILABLE:
        return audio
    if audio.audio_hash == text_hash_wanted and audio.file:
        if audio.status != AudioStatus.READY:
            ArticleAudio.objects.filter(pk=article_id).update(status=AudioStatus.READY, error="")
        return audio
    article = ArticlePage.objects.get(pk=article_id)
    text = spoken_text(article)
    if text_hash(text) != text_hash_wanted:
        return audio  # edited since: the newer job renders the newer text
    ArticleAudio.objects.filter(pk=article_id, text_hash=text_hash_wanted).update(status=AudioStatus.RENDERING)
    try:
        engine = chosen_engine()
        speech = engine.speak(text, timeout=render_timeout(text))
        mp3 = encode_mp3(speech)
    except EngineFailure as failure:
        return engine_failed(article_id, text_hash_wanted, str(failure), retry=render_audio)
    name = f"listen/articles/{article_id}/{text_hash_wanted}.mp3"
    with transaction.atomic():
        audio = ArticleAudio.objects.select_for_update().get(pk=article_id)
        if audio.text_hash != text_hash_wanted:
            return audio
        old = audio.file.name if audio.file else None
        stored = store(name, mp3)
        audio.file.name = stored
        audio.audio_hash, audio.size, audio.duration_seconds = text_hash_wanted, len(mp3), speech.duration_seconds
        audio.words, audio.engine, audio.voice = count_words(text), engine.name, engine.voice
        audio.status, audio.error, audio.rendered_at = AudioStatus.READY, "", timezone.now()
        audio.save()
        if old and old != stored:
            transaction.on_commit(lambda: default_storage.delete(old))
    return audio


def engine_failed(article_id, wanted, reason, *, retry):
    """Record the failure; try again later with a growing wait until LISTEN_RENDER_ATTEMPTS are used."""
    with transaction.atomic():
        audio = ArticleAudio.objects.select_for_update().filter(pk=article_id).first()
        if audio is None or audio.text_hash != wanted:
            return audio  # the article is gone, or a newer text has its own job
        audio.attempts += 1
        if audio.attempts < settings.LISTEN_RENDER_ATTEMPTS:
            delay = settings.LISTEN_RETRY_SECONDS * 4 ** (audio.attempts - 1)
            at = timezone.now() + timedelta(seconds=delay)
            audio.status = AudioStatus.QUEUED
            audio.error = f"Attempt {audio.attempts} failed: {reason} Trying again at {at:%H:%M:%S} UTC."
            transaction.on_commit(lambda: retry.using(run_after=at).enqueue(article_id=article_id, text_hash=wanted))
        else:
            audio.status = AudioStatus.FAILED
            audio.error = f"Failed after {audio.attempts} attempts: {reason}"
        audio.save()
    logger.warning("Audio of article %s: %s", article_id, reason)
    return audio


def render_timeout(text):
    """Seconds an engine may take: generous for the text's length, never unbounded."""
    return settings.LISTEN_ENGINE_TIMEOUT * (1 + count_words(text) / 1000)


def store(name, data):
    """Store bytes under a content-addressed name, replacing a file of that name (same text, same name)."""
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(data))


# Bulletins --------------------------------------------------------------------------------------

BULLETIN_STORIES = 5


def top_stories():
    """Return the front page's lead and top stories, then the newest, up to BULLETIN_STORIES articles."""
    visible = ArticlePage.objects.visible()
    home = HomePage.objects.live().first()
    chosen = []
    if home:
        chosen = [home.lead_story_id, *home.top_stories.values_list("article_id", flat=True)]
    found = visible.in_bulk([pk for pk in chosen if pk])
    stories = [found[pk] for pk in dict.fromkeys(chosen) if pk in found]
    for article in visible.newest_first()[: BULLETIN_STORIES * 2]:
        if len(stories) >= BULLETIN_STORIES:
            break
        if article not in stories:
            stories.append(article)
    return stories[:BULLETIN_STORIES]


def bulletin_script(stories, at):
    local = at.astimezone(newsroom_zone())
    site = Site.objects.filter(is_default_site=True).first()
    name = clean(site.site_name) if site and site.site_name else "Broadsheet"
    lines = [f"This is the {name} news bulletin.", f"The time is {local:%H:%M} {gmt_offset(local)}."]
    for story in stories:
        lines += [sentence(clean(story.title)), sentence(clean(story.standfirst))]
    lines.append("That is the news for now.")
    return "\n".join(clean(line) for line in lines)


def build_bulletin(*, force=False):
    """Build a bulletin if the top stories changed or the last one is an hour old; return it, or None."""
    stories = top_stories()
    if not stories:
        return None
    headlines = text_hash("\n".join(f"{s.pk}|{s.title}|{s.standfirst}" for s in stories))
    latest = Bulletin.objects.first()
    now = timezone.now()
    fresh = latest and now - latest.made_at < timedelta(seconds=settings.LISTEN_BULLETIN_EVERY_SECONDS - 60)
    if latest and latest.headlines_hash == headlines and fresh and not force:
        return None
    script = bulletin_script(stories, now)
    check_length(script)
    engine = chosen_engine()
    speech = engine.speak(script, timeout=render_timeout(script))
    mp3 = encode_mp3(speech)
    name = store(f"listen/bulletins/{now:%Y%m%d-%H%M%S}-{text_hash(script)[:12]}.mp3", mp3)
    bulletin = Bulletin.objects.create(
        made_at=now,
        headlines_hash=headlines,
        script=script,
        file=name,
        size=len(mp3),
        duration_seconds=speech.duration_seconds,
        engine=engine.name,
        voice=engine.voice,
    )
    prune_bulletins()
    return bulletin


def prune_bulletins():
    """Keep the newest LISTEN_BULLETINS_KEPT bulletins (the bulletin podcast's episodes); delete older files."""
    old = list(Bulletin.objects.all()[settings.LISTEN_BULLETINS_KEPT :])
    for bulletin in old:
        default_storage.delete(bulletin.file.name)
        bulletin.delete()


def seconds_since_last_bulletin():
    latest = Bulletin.objects.first()
    return (timezone.now() - latest.made_at).total_seconds() if latest else float("inf")
