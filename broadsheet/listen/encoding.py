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
# Limiting a few peaks lowers the loudness a little; further passes of gain and limiting bring it back.
PASSES = 6


def true_peak(samples):
    """Return the true peak of float samples (1.0 is full scale), measured four times oversampled."""
    return float(numpy.max(true_peaks(samples))) if samples.size else 0.0


def true_peaks(samples):
    """Return, for each sample, the highest oversampled value around it."""
    # Single precision: a peak to a hundredth of a dB needs no more, and it halves the time.
    oversampled = numpy.abs(resample_poly(samples.astype(numpy.float32), OVERSAMPLING, 1))
    oversampled = oversampled[: samples.size * OVERSAMPLING]
    return oversampled.reshape(-1, OVERSAMPLING).max(axis=1)


def limiter_gain(peaks, rate, ceiling):
    """Return a gain per sample that keeps these true peaks under the ceiling, changing smoothly."""
    needed = numpy.minimum(1.0, ceiling / numpy.maximum(peaks, 1e-12))
    width = max(1, int(rate * LIMITER_SECONDS))
    # The minimum over twice the width, then averaged over the width: smooth (no clicks), and at
    # every sample never above what that sample needs.
    return numpy.minimum(uniform_filter1d(minimum_filter1d(needed, size=2 * width + 1), size=width), needed)


def normalise(pcm, rate):
    """Return 16-bit PCM brought to LISTEN_LOUDNESS_LUFS, with true peaks under LISTEN_TRUE_PEAK_DBTP."""
    samples = numpy.frombuffer(pcm, dtype="<i2").astype(numpy.float64) / 32768
    meter = pyloudnorm.Meter(rate)
    if samples.size < rate * meter.block_size:
        return pcm  # shorter than one 400 ms measuring block: nothing to measure
    target = settings.LISTEN_LOUDNESS_LUFS
    ceiling = 10 ** (settings.LISTEN_TRUE_PEAK_DBTP / 20)
    # Peaks scale with the gain, so they are found once; each pass only recomputes the limiter.
    peaks = true_peaks(samples)
    gain, levelled = 1.0, samples
    for _ in range(PASSES):
        loudness = meter.integrated_loudness(levelled)
        if not numpy.isfinite(loudness):
            return pcm  # silence (or all below the absolute gate): leave it be
        if abs(loudness - target) < 0.1:
            break
        gain *= 10 ** ((target - loudness) / 20)
        levelled = samples * gain * limiter_gain(peaks * gain, rate, ceiling)
    return numpy.clip(numpy.round(levelled * 32768), -32768, 32767).astype("<i2").tobytes()


def encode_mp3(speech):
    """Return the MP3 bytes of a Speech, levelled to the loudness target."""
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(BIT_RATE)
    encoder.set_in_sample_rate(speech.sample_rate)
    encoder.set_channels(1)
    encoder.set_quality(5)
    return bytes(encoder.encode(normalise(speech.pcm, speech.sample_rate)) + encoder.flush())
