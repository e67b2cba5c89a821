"""Authors and tags offered above the results when a reader's words name them ("Elena Sokolova — author").

Each word of every author's and tag's name is kept in `NameWord` (by its rough stem, so "alliances"
names the tag *Alliance*), so finding who a search names is an index look-up of the reader's few
words, never a scan of the newsroom's tags. Only authors and tags with a visible article are
offered: a tag a writer created while filing a draft must not give the draft away.
"""

from broadsheet.newsroom.models import ArticlePage, Author, Tag

from .models import NameWord
from .queries import stem, terms_of

MAX_OFFERED = 3
MAX_CANDIDATES = 12
# Words that name nobody on their own: "the" must not offer "The Hague" for "the economy".
LINKING_WORDS = {"the", "of", "and", "for", "in", "on", "at", "to", "de", "la", "le", "von", "van", "al", "el", "bin"}


def remember_name(*, author=None, tag=None):
    """Keep the words of this author's or tag's name; return whether they changed (a rename)."""
    owner = {"author": author} if author else {"tag": tag}
    words = terms_of((author or tag).name)
    stored = list(NameWord.objects.filter(**owner).order_by("pk").values_list("word", flat=True))
    if stored == words:
        return False
    NameWord.objects.filter(**owner).delete()
    NameWord.objects.bulk_create(NameWord(stem=stem(word)[:40], word=word[:40], **owner) for word in words)
    return True


def remember_every_name():
    """Keep the words of every author's and tag's name afresh (a rebuild of the index)."""
    NameWord.objects.all().delete()
    rows = [
        NameWord(stem=stem(word)[:40], word=word[:40], **{field: owner})
        for field, model in (("author", Author), ("tag", Tag))
        for owner in model.objects.only("pk", "name")
        for word in terms_of(owner.name)
    ]
    NameWord.objects.bulk_create(rows, batch_size=2000)


def named_in(terms):
    """Return up to three (author or tag, "author" or "tag") that the reader's words name, best first.

    A name is offered for the words it matches that no better match has taken: "Li Wei" offers
    the author Li Wei and not also a tag "Li Qiang"; "alliances putin" offers both *Alliance* and
    *Vladimir Putin*. Whole names matched rank first.
    """
    stems = {stem(term) for term in terms} - LINKING_WORDS
    if not stems:
        return []
    matched = {}
    for author_id, tag_id, word_stem in NameWord.objects.filter(stem__in=stems).values_list(
        "author_id", "tag_id", "stem"
    )[:500]:
        matched.setdefault(("author", author_id) if author_id else ("tag", tag_id), set()).add(word_stem)
    if not matched:
        return []
    owners = {("author", a.pk): a for a in Author.objects.filter(pk__in=[k[1] for k in matched if k[0] == "author"])}
    owners |= {("tag", t.pk): t for t in Tag.objects.filter(pk__in=[k[1] for k in matched if k[0] == "tag"])}

    def rank(key):
        name_stems = {stem(word) for word in terms_of(owners[key].name)} - LINKING_WORDS
        return (-len(matched[key]), len(name_stems - matched[key]), key[0], owners[key].name.lower())

    offered, covered = [], set()
    for key in sorted((key for key in matched if key in owners), key=rank)[:MAX_CANDIDATES]:
        if matched[key] <= covered or not has_visible_article(*key):
            continue
        offered.append((owners[key], key[0]))
        covered |= matched[key]
        if len(offered) == MAX_OFFERED:
            break
    return offered


def has_visible_article(kind, pk):
    articles = ArticlePage.objects.visible()
    if kind == "author":
        return articles.filter(bylines__author_id=pk).exists()
    return articles.filter(tags__tag_id=pk).exists()
