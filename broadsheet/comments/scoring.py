"""Local toxicity scoring: alt-profanity-check's trained model, shipped inside the package, no cloud service.

The model (a linear SVM over words, trained on English comments) is loaded once per process on first
use. It knows English only and scores profanity rather than meaning: polite abuse passes and
quoted swear words may be held. Its scores decide only whether a human looks first.
"""

from functools import cache


@cache
def _model():
    from profanity_check import predict_prob

    return predict_prob


def toxicity(text):
    """Return the probability, 0 to 1, that the text is abusive."""
    return round(float(_model()([text])[0]), 4)
