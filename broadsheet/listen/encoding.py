"""Speech to MP3: loudness brought to one target (ITU-R BS.1770 / EBU R128), then encoded with LAME.

Integrated loudness is measured with pyloudnorm (BS.1770-4: K-weighting, 400 ms blocks, absolute
and relative gates). Peaks are held under a true-peak ceiling, measured on the signal oversampled
four times as BS.1770-4 annex 2 describes, by a gentle look-ahead limiter: raising quiet speech to
-16 LUFS would otherwise clip its loudest syllables.
"""

import lameenc
import numpy
import pyloudnorm
from django.conf import settings
from scipy.ndimage import minimum_filter1d, uniform_filter1d
from scipy.signal import resample_poly

BIT_RATE = 48  # kbit/s mono: clear speech, about 21 MB for two hours
OVERSAMPLING = 4
LIMITER_SECONDS = 0.005  # how far ahead the limiter starts to turn down, and how smoothly
# Limiting a few peaks lowers the loudness a little; a second pass of gain and limiting brings it back.
PASSES = 6


def true_peak(samples):
    """Return the true peak of float samples (1.0 is full scale), measured four times oversampled."""
    if not samples.size:
        return 0.0
    return float(numpy.max(numpy.abs(resample_poly(samples, OVERSAMPLING, 1))))


def limit(samples, rate, ceiling):
    """Return the samples turned down smoothly wherever their true peak would pass the ceiling."""
    oversampled = numpy.abs(resample_poly(samples, OVERSAMPLING, 1))[: samples.size * OVERSAMPLING]
    peaks = oversampled.reshape(-1, OVERSAMPLING).max(axis=1)
    needed = numpy.minimum(1.0, ceiling / numpy.maximum(peaks, 1e-12))
    width = max(1, int(rate * LIMITER_SECONDS))
    # The minimum over twice the width, then averaged over the width: smooth (no clicks), and at
    # every sample never above what that sample needs.
    gain = uniform_filter1d(minimum_filter1d(needed, size=2 * width + 1), size=width)
    return samples * numpy.minimum(gain, needed)


def to_decibels(value):
    return 20 * numpy.log10(max(value, 1e-12))


def normalise(pcm, rate):
    """Return 16-bit PCM brought to LISTEN_LOUDNESS_LUFS, with true peaks under LISTEN_TRUE_PEAK_DBTP."""
    samples = numpy.frombuffer(pcm, dtype="<i2").astype(numpy.float64) / 32768
    meter = pyloudnorm.Meter(rate)
    if samples.size < rate * meter.block_size:
        return pcm  # shorter than one 400 ms measuring block: nothing to measure
    target = settings.LISTEN_LOUDNESS_LUFS
    ceiling = 10 ** (settings.LISTEN_TRUE_PEAK_DBTP / 20)
    for _ in range(PASSES):
        loudness = meter.integrated_loudness(samples)
        if not numpy.isfinite(loudness):
            return pcm  # silence (or all below the absolute gate): leave it be
        if abs(loudness - target) < 0.1:
            break
        samples = limit(samples * 10 ** ((target - loudness) / 20), rate, ceiling)
    return (numpy.clip(numpy.round(samples * 32768), -32768, 32767)).astype("<i2").tobytes()


def encode_mp3(speech):
    """Return the MP3 bytes of a Speech, levelled to the loudness target."""
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(BIT_RATE)
    encoder.set_in_sample_rate(speech.sample_rate)
    encoder.set_channels(1)
    encoder.set_quality(5)
    return bytes(encoder.encode(normalise(speech.pcm, speech.sample_rate)) + encoder.flush())
