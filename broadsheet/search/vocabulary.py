"""The index's vocabulary: every word of the live, public articles (headlines, text, tag and author
names), with how many articles contain it, and the keys that find a word from a misspelling of it.

The indexer keeps it exact by difference as entries come and go (`count_words`), so it never holds
a word that only a draft, a private page or a deleted article contains. Close words are found by
SymSpell's symmetric delete: each word is stored under itself and under every way of leaving out
one letter; a typed word looks up itself with up to two letters left out. Two words within about
two edits of each other share a key ("pootin" and "putin" meet at "ptin"), so finding candidates
is one indexed `IN` look-up of a few dozen keys, on SQLite and PostgreSQL alike, whatever the size
of the vocabulary; the candidates are then measured exactly (`distance`).
"""

import re
from collections import Counter

from django.db import connection

from .models import Word, WordKey

# Words a reader might misspell: letters only, three or more of them (shorter ones have too many
# neighbours to guess from), and no longer than the column.
VOCABULARY_WORD = re.compile(r"[^\W\d_]{3,40}")
BATCH = 500
# Keys of a word shared by many words ("ab" from a three-letter word) stop here: the closest
# words are found among the first ones, and a look-up stays bounded.
MAX_CANDIDATES = 5000


def words_of(text):
    """Return the set of vocabulary words in a text, lower-cased."""
    return set(VOCABULARY_WORD.findall(text.lower()))


def words_in(texts):
    """Return a Counter of how many of these documents (tuples of texts) contain each word."""
    counts = Counter()
    for parts in texts:
        counts.update(words_of(" ".join(parts)))
    return counts


def deletes(word):
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def keys_of(word):
    """Return the keys a vocabulary word is stored under: itself and itself less any one letter."""
    return {word} | deletes(word)


def lookup_keys(word):
    """Return the keys to look a typed word up by: itself less up to two letters (one if short)."""
    near = {word} | deletes(word)
    if len(word) >= 5:
        near |= {shorter for one in deletes(word) for shorter in deletes(one)}
    return near


def count_words(*, added, removed):
    """Apply the words articles gained and lost (Counters of word → articles) to the vocabulary."""
    changes = Counter(added)
    changes.subtract(removed)
    # One statement per word in word order, gains and losses alike, so concurrent publications
    # take the rows' locks in the same order (no deadlock). The count changes in the row, so two
    # publications adding the same word both count; a word lost that was never counted (an index
    # built before the vocabulary) stays at zero and goes.
    changed = sorted((word, n) for word, n in changes.items() if n)
    with connection.cursor() as cursor:
        for start in range(0, len(changed), BATCH):
            batch = changed[start : start + BATCH]
            gained = [word for word, n in batch if n > 0]
            known = set(Word.objects.filter(word__in=gained).values_list("word", flat=True))
            cursor.executemany(
                "INSERT INTO search_word (word, articles) VALUES (%s, %s) ON CONFLICT (word) DO UPDATE"
                " SET articles = CASE WHEN search_word.articles + %s > 0 THEN search_word.articles + %s ELSE 0 END",
                [(word, max(n, 0), n, n) for word, n in batch],
            )
            add_keys(
                Word.objects.filter(word__in=[word for word in gained if word not in known]).values_list("pk", "word")
            )
            Word.objects.filter(word__in=[word for word, n in batch if n < 0], articles=0).delete()


def add_keys(words):
    """Store the keys of these (pk, word) pairs (a key already there for a word is kept)."""
    keys = [WordKey(key=key, word_id=pk) for pk, word in words for key in keys_of(word)]
    WordKey.objects.bulk_create(keys, batch_size=2000, ignore_conflicts=True)


def rebuild_vocabulary(counts):
    """Replace the vocabulary with these word counts (a rebuild of the whole index)."""
    WordKey.objects.all().delete()
    Word.objects.all().delete()
    Word.objects.bulk_create((Word(word=word, articles=n) for word, n in sorted(counts.items())), batch_size=2000)
    pairs = list(Word.objects.values_list("pk", "word"))
    for start in range(0, len(pairs), 20 * BATCH):
        add_keys(pairs[start : start + 20 * BATCH])


def close_words(terms):
    """Return {typed word: [(distance, -articles, word)…]} for the vocabulary's words near each term.

    A term the vocabulary holds as it is gets no entry: it is not misspelt.
    """
    terms = [t for t in set(terms) if VOCABULARY_WORD.fullmatch(t)]
    known = set(Word.objects.filter(word__in=terms).values_list("word", flat=True))
    wanted = {term: lookup_keys(term) for term in terms if term not in known}
    every_key = set().union(*wanted.values()) if wanted else set()
    if not every_key:
        return {}
    rows = (
        WordKey.objects.filter(key__in=every_key)
        .values_list("key", "word__word", "word__articles")
        .order_by("-word__articles")[:MAX_CANDIDATES]
    )
    by_key = {}
    for key, word, articles in rows:
        by_key.setdefault(key, {})[word] = articles
    found = {}
    for term, keys in wanted.items():
        candidates = {}
        for key in keys & by_key.keys():
            candidates.update(by_key[key])
        limit = 1 if len(term) <= 4 else 2
        near = []
        for word, articles in candidates.items():
            apart = distance(term, word)
            if apart <= limit:
                near.append((apart, -articles, word))
        found[term] = sorted(near)
    return found


def distance(a, b):
    """Return the edit distance of two words, a swap of neighbouring letters counting as one edit."""
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], previous2[j - 2] + 1)
        previous2, previous = previous, row
    return previous[len(b)]
