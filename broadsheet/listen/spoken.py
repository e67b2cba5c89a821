"""What the audio of an article says: its text, read aloud the way a presenter would.

Headline, standfirst, bylines and dateline, then the body: paragraphs as written, quotes
announced with their attribution, and everything that is not prose (polls, images, embeds, pull
quotes repeating the text) left out. Numbers, dates and times are read well by the engines
themselves; what they stumble on (money shorthands, a few abbreviations, symbols) is spelled out
here, so every engine says the same thing.
"""

import hashlib
import html
import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags

from broadsheet.newsroom.datelines import gmt_offset, newsroom_zone


class SpokenTextTooLong(ValidationError):
    pass


# Applied in order, whole words only; written for English, the newsroom's language.
ABBREVIATIONS = [
    (r"\$(\d[\d,.]*)\s?(?:bn|billion)\b", r"\1 billion dollars"),
    (r"\$(\d[\d,.]*)\s?(?:m|million)\b", r"\1 million dollars"),
    (r"\$(\d[\d,.]*)", r"\1 dollars"),
    (r"€(\d[\d,.]*)\s?bn\b", r"\1 billion euros"),
    (r"€(\d[\d,.]*)", r"\1 euros"),
    (r"(\d)\s?bn\b", r"\1 billion"),
    (r"(\d)\s?tn\b", r"\1 trillion"),
    (r"(\d)\s?km\b", r"\1 kilometres"),
    (r"(\d)\s?%", r"\1 percent"),
    (r"\bGMT\s?\+\s?(\d+)", r"GMT plus \1"),
    (r"\bGMT\s?[-−]\s?(\d+)", r"GMT minus \1"),
    (r"\bUTC\s?\+\s?(\d+)", r"UTC plus \1"),
    (r"\bMr\.", "Mister"),
    (r"\bMrs\.", "Missus"),
    (r"\bDr\.", "Doctor"),
    (r"\bProf\.", "Professor"),
    (r"\bGen\.", "General"),
    (r"\bSt\.", "Saint"),
    (r"\be\.g\.", "for example"),
    (r"\bi\.e\.", "that is"),
    (r"\betc\.", "et cetera"),
    (r"\bvs\.?(?=\s)", "versus"),
    (r"\bNo\.\s?(\d)", r"number \1"),
    (r"&", " and "),
]
_ABBREVIATIONS = [(re.compile(pattern), spoken) for pattern, spoken in ABBREVIATIONS]
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote)>|<br\s*/?>", re.IGNORECASE)


def clean(text):
    """Return text fit to be spoken: no markup, control characters, emoji or other pictographs."""
    text = html.unescape(strip_tags(_BLOCK_END.sub(lambda m: m.group(0) + "\n", text or "")))
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if char == "\n":
            kept.append(char)
        elif category in ("Cc", "Cf", "Cs", "Co", "Cn"):
            kept.append(" ")  # control, format (zero-width joiners), surrogates, private use
        elif category == "So" or category == "Sk":
            kept.append(" ")  # emoji and pictographs are not read out
        else:
            kept.append(char)
    text = "".join(kept)
    for pattern, spoken in _ABBREVIATIONS:
        text = pattern.sub(spoken, text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def sentence(text):
    """End a line with a full stop unless it already ends a sentence, so the reader pauses."""
    text = text.strip()
    return text if not text or text[-1] in ".!?…:\"'”’" else text + "."


def spoken_dateline(article):
    moment = article.first_published_at
    if moment is None:
        return ""
    local = moment.astimezone(newsroom_zone())
    place = f"{article.dateline_place}. " if article.dateline_place else ""
    return f"{place}{local.day} {local:%B %Y}, {local:%H:%M} {gmt_offset(local)}"


def body_lines(body):
    for block in body:
        if block.block_type == "paragraph":
            yield from clean(block.value.source).split("\n")
        elif block.block_type == "quote":
            quote = clean(block.value.get("text"))
            who = clean(block.value.get("attribution"))
            if quote:
                yield f"{who} said: quote." if who else "Quote."
                yield sentence(quote)
                yield "End quote."
        # Pull quotes repeat the story; polls, images, embeds and other apps' blocks are not prose.


def spoken_text(article):
    """Return the text the audio of this article speaks, one line per pause."""
    authors = [byline.author.name for byline in article.bylines.select_related("author")]
    lines = [sentence(clean(article.title)), sentence(clean(article.standfirst))]
    if authors:
        names = authors[0] if len(authors) == 1 else ", ".join(authors[:-1]) + " and " + authors[-1]
        lines.append(sentence(f"By {clean(names)}"))
    lines.append(sentence(clean(spoken_dateline(article))))
    lines += [sentence(line) for line in body_lines(article.body)]
    text = "\n".join(line for line in lines if line)
    check_length(text)
    return text


def check_length(text):
    words = count_words(text)
    if words > settings.LISTEN_MAX_WORDS:
        raise SpokenTextTooLong(
            f"The text has {words:,} words; audio is made for texts of up to {settings.LISTEN_MAX_WORDS:,} words.",
            code="too_long",
        )


def count_words(text):
    return len(text.split())


def text_hash(text):
    """Return the hash a file is named by: the same text always gives the same file name."""
    return hashlib.sha256(text.encode()).hexdigest()[:32]
