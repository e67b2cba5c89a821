from django.urls import reverse

from broadsheet.listen.models import ArticleAudio, AudioStatus
from tests.newsroom.test_roles import signed_in

from .conftest import queued


def test_the_back_office_lists_each_articles_audio_with_status_engine_and_error(story, run_tasks, settings):
    run_tasks()
    editor = signed_in("Editor")
    page = editor.get(reverse("listen_audio")).content.decode()
    assert "Talks on trade resume" in page and "Ready" in page and "espeak-ng (en-gb)" in page
    audio = ArticleAudio.objects.get(pk=story.pk)
    assert f"<td>{audio.clock}</td>" in page  # minutes and seconds, as a player shows them
    settings.LISTEN_ESPEAK_COMMAND = "no-such-espeak"
    page = editor.get(reverse("listen_audio")).content.decode()
    assert "Audio is unavailable" in page and "apt-get install -y espeak-ng" in page


def test_an_editor_regenerates_audio_and_a_reporter_may_not(story, run_tasks, committed):
    run_tasks()
    url = reverse("listen_regenerate", args=[story.pk])
    refused = signed_in("Reporter").post(url)  # Wagtail turns PermissionDenied into a redirect home
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    assert queued("render_audio") == 0
    editor = signed_in("Editor")
    with committed():
        response = editor.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("listen_audio")
    assert queued("render_audio") == 1 and ArticleAudio.objects.get(pk=story.pk).status == AudioStatus.QUEUED
    assert signed_in("Editor").get(url).status_code == 405
    assert signed_in("Editor").post(reverse("listen_regenerate", args=[999999])).status_code == 404


def test_readers_cannot_see_the_audio_list(client):
    assert client.get(reverse("listen_audio")).status_code == 302  # to the sign-in page


def test_a_length_reads_as_minutes_and_seconds():
    assert ArticleAudio(duration_seconds=113.4).clock == "1:53"
    assert ArticleAudio(duration_seconds=59.6).clock == "1:00"
    assert ArticleAudio(duration_seconds=7).clock == "0:07"
