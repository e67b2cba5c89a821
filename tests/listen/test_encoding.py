"""Loudness: article audio and bulletins land on the EBU R128 target, whatever level the engine spoke at.

Every check decodes the finished MP3 with ffmpeg (not our code) and measures it with pyloudnorm's
ITU-R BS.1770-4 meter, so the MP3 round trip is part of what is measured.
"""

import io
import subprocess  # nosec B404
import wave

import numpy
import pyloudnorm
import pytest

from broadsheet.listen.encoding import encode_mp3, true_peak
from broadsheet.listen.engines import Espeak, Speech
from broadsheet.listen.models import ArticleAudio, AudioStatus, Bulletin
from broadsheet.listen.services import build_bulletin

NEWS = (
    "The council voted on Tuesday to close the Lindon bridge for three weeks of repairs. Traffic will "
    "be sent through the town centre, and buses will run every ten minutes until the work is done. "
)


def decoded(mp3):
    """Return the float samples and rate of an MP3, decoded by ffmpeg."""
    wav = subprocess.run(  # nosec B603 B607
        ["ffmpeg", "-v", "error", "-i", "-", "-f", "wav", "-"], input=mp3, capture_output=True, check=True
    ).stdout
    with wave.open(io.BytesIO(wav)) as opened:
        samples = numpy.frombuffer(opened.readframes(opened.getnframes()), dtype="<i2") / 32768
        return samples, opened.getframerate()


def loudness_of(mp3):
    samples, rate = decoded(mp3)
    return pyloudnorm.Meter(rate).integrated_loudness(samples), 20 * numpy.log10(true_peak(samples))


def test_a_published_article_is_levelled_to_the_loudness_target(story, run_tasks, settings):
    run_tasks()
    audio = ArticleAudio.objects.get(pk=story.pk)
    assert audio.status == AudioStatus.READY
    with audio.file.open("rb") as handle:
        loudness, peak = loudness_of(handle.read())
    assert abs(loudness - settings.LISTEN_LOUDNESS_LUFS) <= 1
    assert peak <= -1


@pytest.mark.parametrize("decibels", [-30, 0, +18], ids=["quiet", "as spoken", "loud and clipped"])
def test_quiet_and_loud_speech_land_on_the_same_loudness(decibels, settings):
    spoken = Espeak().speak(NEWS * 3, timeout=60)
    samples = numpy.frombuffer(spoken.pcm, dtype="<i2").astype(numpy.float64) * 10 ** (decibels / 20)
    pcm = numpy.clip(samples, -32768, 32767).astype("<i2").tobytes()
    loudness, peak = loudness_of(encode_mp3(Speech(pcm, spoken.sample_rate)))
    assert abs(loudness - settings.LISTEN_LOUDNESS_LUFS) <= 1
    assert peak <= -1


def test_the_loudness_target_is_a_setting(settings):
    settings.LISTEN_LOUDNESS_LUFS = -20
    spoken = Espeak().speak(NEWS, timeout=60)
    loudness, _ = loudness_of(encode_mp3(spoken))
    assert abs(loudness - -20) <= 1


def test_a_bulletin_is_levelled_to_the_loudness_target(story, run_tasks, settings):
    run_tasks()
    build_bulletin(force=True)
    bulletin = Bulletin.objects.first()
    with bulletin.file.open("rb") as handle:
        loudness, peak = loudness_of(handle.read())
    assert abs(loudness - settings.LISTEN_LOUDNESS_LUFS) <= 1
    assert peak <= -1


def test_silence_and_a_blip_shorter_than_one_measuring_block_pass_unchanged():
    silence = bytes(22050 * 2)
    assert encode_mp3(Speech(silence, 22050))
    blip = (numpy.sin(numpy.arange(2205) / 5) * 1000).astype("<i2").tobytes()
    assert encode_mp3(Speech(blip, 22050))
