import stat

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from mutagen.mp3 import MP3

from broadsheet.listen.engines import Piper, installed_engines
from broadsheet.listen.models import ArticleAudio, AudioStatus
from broadsheet.listen.spoken import count_words, spoken_text
from broadsheet.newsroom.factories import TagFactory

from .conftest import queued


def rendered(story, run_tasks):
    run_tasks()
    return ArticleAudio.objects.get(pk=story.pk)


def republish(article, committed, **changes):
    for name, value in changes.items():
        setattr(article, name, value)
    with committed():
        article.save_revision().publish()
    article.refresh_from_db()


def test_publishing_renders_an_mp3_a_decoder_opens_with_a_duration_fitting_its_words(story, run_tasks):
    audio = rendered(story, run_tasks)
    assert audio.status == AudioStatus.READY and audio.engine == "espeak-ng" and audio.voice == "en-gb"
    with audio.file.open("rb") as handle:
        mp3 = MP3(handle)
    words = count_words(spoken_text(story))
    # espeak-ng speaks at 165 words a minute; pauses at full stops lengthen it a little.
    assert words / 165 * 60 * 0.6 < mp3.info.length < words / 165 * 60 * 2
    assert abs(mp3.info.length - audio.duration_seconds) < 0.5
    assert mp3.info.channels == 1 and audio.size == audio.file.size > 1000


def test_the_article_shows_listen_once_audio_is_ready_and_the_same_page_for_everyone(story, run_tasks, client):
    assert "Listen ·" not in client.get(story.url).content.decode()
    audio = rendered(story, run_tasks)
    page = client.get(story.url).content.decode()  # the cached copy was invalidated when audio became ready
    assert f"Listen · {audio.minutes} min" in page
    assert reverse("listen:article_audio", args=[story.pk, audio.audio_hash]) in page
    assert client.get(story.url).content.decode() == page


def test_a_text_edit_renders_again_and_a_tag_edit_does_not(story, run_tasks, committed):
    first = rendered(story, run_tasks)
    republish(story, committed, lead_image_caption="A new caption")
    story.tags.add(story.tags.model(tag=TagFactory(name="Trade", slug="trade")))
    story.save()
    republish(story, committed)
    assert story.tags.count() == 2
    assert queued("render_audio") == 0
    republish(story, committed, standfirst="A standfirst that was rewritten.")
    assert queued("render_audio") == 1
    second = rendered(story, run_tasks)
    assert second.audio_hash != first.audio_hash and second.status == AudioStatus.READY
    assert not first.file.storage.exists(first.file.name)  # the old version's file is gone


@pytest.fixture
def reader(client):
    return client


def test_a_byte_range_returns_exactly_those_bytes(story, run_tasks, reader):
    audio = rendered(story, run_tasks)
    url = reverse("listen:article_audio", args=[story.pk, audio.audio_hash])
    whole = b"".join(reader.get(url).streaming_content)
    assert len(whole) == audio.size
    response = reader.get(url, HTTP_RANGE="bytes=100-299")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-299/{audio.size}"
    assert b"".join(response.streaming_content) == whole[100:300]
    tail = reader.get(url, HTTP_RANGE="bytes=-50")
    assert b"".join(tail.streaming_content) == whole[-50:]
    assert response["Accept-Ranges"] == "bytes" and "immutable" in response["Cache-Control"]


@pytest.mark.parametrize(
    "header, status",
    [
        ("bytes=999999999-", 416),  # beyond the file
        ("bytes=-0", 416),
        ("bytes=0-10,20-30", 200),  # several ranges: the whole file, as RFC 9110 allows
        ("bytes=abc", 200),  # malformed: ignored
        ("items=0-10", 200),
        ("bytes=50-10", 200),
    ],
)
def test_bad_ranges_get_416_or_the_whole_file(story, run_tasks, reader, header, status):
    audio = rendered(story, run_tasks)
    response = reader.get(reverse("listen:article_audio", args=[story.pk, audio.audio_hash]), HTTP_RANGE=header)
    assert response.status_code == status
    if status == 416:
        assert response["Content-Range"] == f"bytes */{audio.size}"
    else:
        assert int(response["Content-Length"]) == audio.size


HUGE = "9" * 5000  # beyond the 4,300 digits Python's int() converts


@pytest.fixture
def stored_audio(story):
    """The story's audio as a finished render leaves it, with known bytes (no speech engine needed)."""
    audio, _ = ArticleAudio.objects.get_or_create(article=story)
    audio.file.save("talks.mp3", ContentFile(bytes(range(256)) * 4), save=False)
    audio.audio_hash, audio.size, audio.status = "a" * 32, 1024, AudioStatus.READY
    audio.save()
    return audio


@pytest.mark.parametrize(
    "header, status, span",
    [
        (f"bytes={HUGE}-", 416, None),  # begins beyond the file: unsatisfiable (RFC 9110 §15.5.17)
        (f"bytes={HUGE}-{HUGE}", 416, None),
        (f"bytes={HUGE}-{HUGE}8", 416, None),
        (f"bytes={HUGE}-1", 200, None),  # last before first: invalid, so ignored (§14.1.1)
        (f"bytes=0-{HUGE}", 206, (0, 1023)),  # a last beyond the file stops at its end
        (f"bytes=-{HUGE}", 206, (0, 1023)),  # a suffix longer than the file is the whole file
        (f"bytes={'0' * 5000}10-{'0' * 5000}19", 206, (10, 19)),  # leading zeros do not make a number big
    ],
)
def test_range_numbers_thousands_of_digits_long_get_what_http_says_not_a_500(
    stored_audio, reader, header, status, span
):
    url = reverse("listen:article_audio", args=[stored_audio.pk, stored_audio.audio_hash])
    response = reader.get(url, HTTP_RANGE=header)
    assert response.status_code == status
    if status == 416:
        assert response["Content-Range"] == "bytes */1024"
    elif status == 206:
        first, last = span
        assert response["Content-Range"] == f"bytes {first}-{last}/1024"
        assert b"".join(response.streaming_content) == (bytes(range(256)) * 4)[first : last + 1]
    else:
        assert int(response["Content-Length"]) == 1024


def test_an_if_range_for_another_version_gets_the_whole_file(story, run_tasks, reader):
    audio = rendered(story, run_tasks)
    url = reverse("listen:article_audio", args=[story.pk, audio.audio_hash])
    assert reader.get(url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"old"').status_code == 200
    assert reader.get(url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=f'"{audio.audio_hash}"').status_code == 206


def test_unpublishing_removes_the_audio_from_its_url_and_the_feed(story, run_tasks, reader, committed):
    audio = rendered(story, run_tasks)
    url = reverse("listen:article_audio", args=[story.pk, audio.audio_hash])
    assert reader.get(url).status_code == 200
    with committed():
        story.unpublish()
    assert reader.get(url).status_code == 404
    assert url.encode() not in reader.get(reverse("listen:podcast")).content
    assert reader.get(reverse("listen:article_audio", args=[story.pk, "0" * 32])).status_code == 404


def fake_engine(tmp_path, script):
    path = tmp_path / "fake-espeak"
    path.write_text("#!/bin/sh\n" + script + "\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


@pytest.mark.parametrize(
    "script, error",
    [
        ("echo 'voice data missing' >&2; exit 3", "exit status 3: voice data missing"),
        ("exec sleep 30", "did not finish within"),
        ("exit 0", "wrote no readable audio"),
    ],
)
def test_an_engine_that_crashes_or_hangs_is_retried_then_fails_with_the_error(
    story, settings, tmp_path, run_tasks, client, script, error
):
    settings.LISTEN_ESPEAK_COMMAND = fake_engine(tmp_path, script)
    settings.LISTEN_ENGINE_TIMEOUT = 0.5
    settings.LISTEN_RETRY_SECONDS = 0  # retry at once, so the worker's batch runs every attempt
    settings.LISTEN_RENDER_ATTEMPTS = 2
    run_tasks()
    audio = ArticleAudio.objects.get(pk=story.pk)
    assert audio.status == AudioStatus.FAILED and audio.attempts == settings.LISTEN_RENDER_ATTEMPTS
    assert error in audio.error
    assert client.get(story.url).status_code == 200


def test_a_missing_engine_marks_audio_unavailable_with_the_reason(make_article, settings):
    settings.LISTEN_ESPEAK_COMMAND = "no-such-espeak"
    audio = ArticleAudio.objects.get(pk=make_article("No voice here").pk)
    assert audio.status == AudioStatus.UNAVAILABLE
    assert "apt-get install -y espeak-ng" in audio.error
    assert queued("render_audio") == 0


def test_piper_is_skipped_cleanly_without_its_package_or_model(settings):
    settings.LISTEN_PIPER_MODEL = "/nowhere/voice.onnx"
    assert Piper().unavailable_reason()
    assert [engine.name for engine in installed_engines()] == ["espeak-ng"]


def test_audio_is_not_made_in_a_section_where_it_is_switched_off(make_article, world, home):
    from wagtail.models import Site

    from broadsheet.listen.models import ListenSettings

    chosen = ListenSettings.for_site(Site.objects.get(is_default_site=True))
    chosen.save()
    chosen.sections_without_audio.add(world)
    audio = ArticleAudio.objects.get(pk=make_article("An opinion").pk)
    assert audio.status == AudioStatus.UNAVAILABLE and "this section" in audio.error


def test_make_run_is_told_why_audio_is_unavailable_and_the_command_that_fixes_it(settings):
    from broadsheet.listen.engines_check import speech_engine_installed

    assert speech_engine_installed(None) == []
    settings.LISTEN_ESPEAK_COMMAND = "no-such-espeak"
    (warning,) = speech_engine_installed(None)
    assert warning.id == "listen.W001" and "apt-get install -y espeak-ng" in warning.msg


def test_publishing_a_text_beyond_the_word_limit_fails_at_once_with_the_reason(make_article, client):
    article = make_article("A very long read", body=[("paragraph", "<p>" + "word " * 50_000 + "</p>")])
    audio = ArticleAudio.objects.get(pk=article.pk)
    assert audio.status == AudioStatus.FAILED and "50,021 words" in audio.error and "up to 20,000 words" in audio.error
    assert queued("render_audio") == 0
    assert client.get(article.url).status_code == 200


def test_insisting_on_piper_without_a_model_marks_audio_unavailable_with_the_reason(make_article, settings):
    settings.LISTEN_ENGINE = "piper"
    audio = ArticleAudio.objects.get(pk=make_article("Read by a neural voice").pk)
    assert audio.status == AudioStatus.UNAVAILABLE and "piper" in audio.error.lower()


def test_head_answers_the_headers_without_the_audio(story, run_tasks, client):
    audio = rendered(story, run_tasks)
    response = client.head(reverse("listen:article_audio", args=[story.pk, audio.audio_hash]))
    assert response.status_code == 200 and int(response["Content-Length"]) == audio.size
    assert client.post(reverse("listen:article_audio", args=[story.pk, audio.audio_hash])).status_code == 405


def test_a_storage_that_refuses_the_file_is_recorded_and_retried_too(story, settings, tmp_path, run_tasks):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocked
    settings.LISTEN_RETRY_SECONDS = 0
    run_tasks()
    audio = ArticleAudio.objects.get(pk=story.pk)
    assert audio.status == AudioStatus.FAILED and audio.attempts == settings.LISTEN_RENDER_ATTEMPTS
    assert "Error" in audio.error and not audio.file
