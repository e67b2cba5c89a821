"""Speech to MP3: loudness brought to one level, then encoded with LAME (lameenc)."""

import lameenc
import numpy

# Speech level every file is brought to (RMS, dBFS), with peaks kept below PEAK_DBFS. An RMS
# target rather than BS.1770 loudness: for speech alone the two differ by a fraction of a dB, and
# it needs no filter library.
TARGET_DBFS = -18.0
PEAK_DBFS = -1.0
BIT_RATE = 48  # kbit/s mono: clear speech, about 21 MB for two hours


def normalise(pcm):
    """Return the samples scaled to the target level, never clipping."""
    samples = numpy.frombuffer(pcm, dtype="<i2").astype(numpy.float64)
    if not samples.size:
        return pcm
    rms = float(numpy.sqrt(numpy.mean(samples**2)))
    peak = float(numpy.max(numpy.abs(samples)))
    if rms == 0 or peak == 0:
        return pcm
    full_scale = 32767.0
    gain = min(full_scale * 10 ** (TARGET_DBFS / 20) / rms, full_scale * 10 ** (PEAK_DBFS / 20) / peak)
    return numpy.clip(samples * gain, -32768, 32767).astype("<i2").tobytes()


def encode_mp3(speech):
    """Return the MP3 bytes of a Speech."""
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(BIT_RATE)
    encoder.set_in_sample_rate(speech.sample_rate)
    encoder.set_channels(1)
    encoder.set_quality(5)
    return bytes(encoder.encode(normalise(speech.pcm)) + encoder.flush())
