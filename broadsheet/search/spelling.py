"""A misspelt search corrected from the index's own vocabulary ("Did you mean …?"), only if that finds something."""

from itertools import product

from .queries import find_articles, stem, terms_of
from .vocabulary import close_words

# Each misspelt word keeps its two closest words; at most this many corrected searches are run.
CHOICES_PER_WORD = 2
MAX_TRIES = 3


def suggest(*, q, **filters):
    """Return the reader's words with misspellings replaced by close words of the index, or None.

    A correction is offered only when it finds a visible article with the same filters (it is run
    first), so "Did you mean" never leads to "Nothing found". A word the engine already matches by
    its stem ("alliances" for "alliance") is not misspelt, even though the vocabulary lacks it.
    """
    terms = terms_of(q)
    near = close_words(terms)
    choices = []
    for term in terms:
        words = [word for _, _, word in near.get(term, [])][:CHOICES_PER_WORD]
        choices.append([term] if not words or stem(words[0]) == stem(term) else words)
    tries = sorted(product(*choices), key=lambda words: rank(words, terms, near))
    for words in tries[:MAX_TRIES]:
        if list(words) == terms:
            continue
        corrected = " ".join(words)
        if find_articles(q=corrected, **filters)[0:1]:
            return corrected
    return None


def rank(words, terms, near):
    """Order corrections by how far they are from what was typed, then by how common their words are."""
    apart, common = 0, 0
    for word, term in zip(words, terms, strict=True):
        for distance, minus_articles, close in near.get(term, []):
            if close == word:
                apart, common = apart + distance, common + minus_articles
    return apart, common
