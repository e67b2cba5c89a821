"""Speech engines behind one small interface: text in, 16-bit mono PCM out.

espeak-ng runs as a fixed program without a shell, its text on stdin (hence the bandit markers).

espeak-ng (a Debian package, run as a separate process) is the default that always works where
it is installed. Piper, a neural engine on ONNX, is used when the `piper-tts` package and a voice
model file (`LISTEN_PIPER_MODEL`) are both installed; models are not shipped with the site.
"""

import io
import os
import shutil
import subprocess  # nosec B404
import tempfile
import wave
from dataclasses import dataclass
from importlib import util
from pathlib import Path

from django.conf import settings


class EngineFailure(Exception):
    """The engine is missing, crashed, hung or produced nothing usable."""


@dataclass
class Speech:
    pcm: bytes  # signed 16-bit little-endian mono samples
    sample_rate: int

    @property
    def duration_seconds(self):
        return len(self.pcm) / 2 / self.sample_rate


class Espeak:
    name = "espeak-ng"

    @property
    def voice(self):
        return settings.LISTEN_ESPEAK_VOICE

    def unavailable_reason(self):
        if not shutil.which(settings.LISTEN_ESPEAK_COMMAND):
            return (
                f"The speech engine {settings.LISTEN_ESPEAK_COMMAND!r} is not installed. "
                "Install it with: apt-get install -y espeak-ng"
            )
        return None

    def speak(self, text, *, timeout):
        command = shutil.which(settings.LISTEN_ESPEAK_COMMAND)
        if command is None:
            raise EngineFailure(self.unavailable_reason())
        with tempfile.TemporaryDirectory(prefix="listen-") as folder:
            out = Path(folder) / "speech.wav"
            # The text goes in on stdin, never on the command line: no length limit, no option injection.
            arguments = [command, "-v", self.voice, "-s", str(settings.LISTEN_ESPEAK_SPEED), "-w", str(out), "--stdin"]
            try:
                finished = subprocess.run(  # nosec B603
                    arguments, input=text.encode(), capture_output=True, timeout=timeout, check=False
                )
            except subprocess.TimeoutExpired as hung:
                raise EngineFailure(f"{self.name} did not finish within {timeout:.0f} seconds.") from hung
            except OSError as failed:
                raise EngineFailure(f"{self.name} could not be started: {failed}") from failed
            if finished.returncode != 0:
                said = finished.stderr.decode(errors="replace").strip()[-500:]
                raise EngineFailure(
                    f"{self.name} stopped with exit status {finished.returncode}: {said or 'no message'}"
                )
            return read_wav(out.read_bytes() if out.exists() else b"", self.name)


class Piper:
    name = "piper"

    @property
    def voice(self):
        return Path(settings.LISTEN_PIPER_MODEL).stem if settings.LISTEN_PIPER_MODEL else ""

    def unavailable_reason(self):
        if util.find_spec("piper") is None:
            return "The piper-tts package is not installed."
        if not settings.LISTEN_PIPER_MODEL:
            return "No Piper voice model is set (LISTEN_PIPER_MODEL)."
        if not os.path.isfile(settings.LISTEN_PIPER_MODEL):
            return f"The Piper voice model {settings.LISTEN_PIPER_MODEL} does not exist."
        return None

    def speak(self, text, *, timeout):
        reason = self.unavailable_reason()
        if reason:
            raise EngineFailure(reason)
        from piper import PiperVoice  # an optional package: imported only when installed

        voice = PiperVoice.load(settings.LISTEN_PIPER_MODEL)
        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as wav:
            voice.synthesize_wav(text, wav)
        return read_wav(buffer.getvalue(), self.name)


ENGINES = {"espeak": Espeak, "piper": Piper}


def read_wav(data, name):
    try:
        with wave.open(io.BytesIO(data)) as wav:
            if wav.getsampwidth() != 2 or wav.getnchannels() != 1:
                raise EngineFailure(f"{name} wrote audio in an unexpected format.")
            pcm = wav.readframes(wav.getnframes())
            rate = wav.getframerate()
    except (wave.Error, EOFError) as bad:
        raise EngineFailure(f"{name} wrote no readable audio ({bad}).") from bad
    if not pcm:
        raise EngineFailure(f"{name} wrote no audio.")
    return Speech(pcm, rate)


def installed_engines():
    """Return the engines that can run here, best first."""
    return [engine for engine in (Piper(), Espeak()) if engine.unavailable_reason() is None]


def chosen_engine():
    """Return the engine to use (LISTEN_ENGINE: "auto", "espeak" or "piper"), or raise EngineFailure with why not."""
    choice = settings.LISTEN_ENGINE
    if choice == "auto":
        engines = installed_engines()
        if engines:
            return engines[0]
        raise EngineFailure(Espeak().unavailable_reason())
    if choice not in ENGINES:
        raise EngineFailure(f"LISTEN_ENGINE={choice!r} is not one of auto, {', '.join(ENGINES)}.")
    engine = ENGINES[choice]()
    reason = engine.unavailable_reason()
    if reason:
        raise EngineFailure(reason)
    return engine
