"""Speech engines behind one small interface: text in, 16-bit mono PCM out.

Both engines run as separate processes, fixed programs without a shell, their text on stdin (hence
the bandit markers): a crash or a hang stops one render, not the worker, and the GPL-licensed
engines stay outside this BSD-licensed site's process.

espeak-ng (a Debian package) is the default that always works where it is installed. Piper, a
neural engine on ONNX, is used when the `piper-tts` package and a voice model file
(`LISTEN_PIPER_MODEL`, an .onnx with its .onnx.json beside it) are both installed.
"""

import io
import os
import shutil
import subprocess  # nosec B404
import sys
import tempfile
import wave
from dataclasses import dataclass
from importlib import metadata
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
        speed = str(settings.LISTEN_ESPEAK_SPEED)
        return run_engine(self.name, [command, "-v", self.voice, "-s", speed, "-w", "{out}", "--stdin"], text, timeout)


class Piper:
    name = "piper"

    @property
    def voice(self):
        return Path(settings.LISTEN_PIPER_MODEL).stem if settings.LISTEN_PIPER_MODEL else ""

    def unavailable_reason(self):
        try:
            # By its distribution's name: an unrelated "piper" module on the path must not count.
            metadata.distribution("piper-tts")
        except metadata.PackageNotFoundError:
            return "The piper-tts package is not installed (pip install piper-tts)."
        if not settings.LISTEN_PIPER_MODEL:
            return "No Piper voice model is set (LISTEN_PIPER_MODEL)."
        if not os.path.isfile(settings.LISTEN_PIPER_MODEL):
            return f"The Piper voice model {settings.LISTEN_PIPER_MODEL} does not exist."
        if not os.path.isfile(f"{settings.LISTEN_PIPER_MODEL}.json"):
            return f"The Piper voice model's settings file {settings.LISTEN_PIPER_MODEL}.json does not exist."
        return None

    def speak(self, text, *, timeout):
        reason = self.unavailable_reason()
        if reason:
            raise EngineFailure(reason)
        # Each line is a sentence or paragraph of the spoken text; a short pause follows each.
        pause = ["--sentence-silence", "0.3"]
        arguments = [sys.executable, "-m", "piper", "--model", settings.LISTEN_PIPER_MODEL, "--output-file", "{out}"]
        return run_engine(self.name, arguments + pause, text, timeout)


ENGINES = {"espeak": Espeak, "piper": Piper}


def run_engine(name, arguments, text, timeout):
    """Run an engine that writes a WAV file ("{out}" in its arguments), with the text on stdin."""
    with tempfile.TemporaryDirectory(prefix="listen-") as folder:
        out = Path(folder) / "speech.wav"
        # The text goes in on stdin, never on the command line: no length limit, no option injection.
        arguments = [str(out) if argument == "{out}" else argument for argument in arguments]
        try:
            finished = subprocess.run(  # nosec B603
                arguments, input=text.encode(), capture_output=True, timeout=timeout, check=False, cwd=folder
            )
        except subprocess.TimeoutExpired as hung:
            raise EngineFailure(f"{name} did not finish within {timeout:.0f} seconds.") from hung
        except OSError as failed:
            raise EngineFailure(f"{name} could not be started: {failed}") from failed
        if finished.returncode != 0:
            said = finished.stderr.decode(errors="replace").strip()[-500:]
            raise EngineFailure(f"{name} stopped with exit status {finished.returncode}: {said or 'no message'}")
        return read_wav(out.read_bytes() if out.exists() else b"", name)


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
