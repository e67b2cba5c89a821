"""A live blog's JSON-LD: schema.org's LiveBlogPosting with its latest entries as liveBlogUpdate.

The core describes every article as a NewsArticle; a live blog is registered to turn that into a
LiveBlogPosting (`plugins.register_structured_data`), keeping what an article says of itself
(headline, description, authors, publisher, pictures, breadcrumbs) and adding the coverage's times
and its entries. It is printed in the page's kept head part, which an entry's change re-renders
(the services invalidate the page's key).
"""

from datetime import datetime

from django.db.models import Max
from django.utils import timezone

from broadsheet.newsroom.addresses import clean_text
from broadsheet.newsroom.datelines import format_time
from broadsheet.newsroom.structured_data import person

from .models import LiveEntry

# Google reads the latest updates of a live blog; more only make every page view heavier.
UPDATES_SHOWN = 10
# An entry without a title is headed by its first words, as many as fit a search result's line.
HEADLINE_WORDS = 12
HEADLINE_LENGTH = 110


def latest_entry_change(page):
    """Return when readers last saw an entry of the page published or corrected, or None."""
    seen = page.entries.exclude(status=LiveEntry.Status.SUBMITTED)
    moments = seen.aggregate(published=Max("published_at"), corrected=Max("corrected_at"))
    return max((m for m in moments.values() if m), default=None)


def headline_of(entry, text):
    """Return an entry's headline: its title, else its first words, else the time it was published."""
    if entry.title:
        return clean_text(entry.title)[:HEADLINE_LENGTH]
    words = text.split()
    if words:
        headline = " ".join(words[:HEADLINE_WORDS]) + ("…" if len(words) > HEADLINE_WORDS else "")
        return headline[:HEADLINE_LENGTH]
    return f"Update at {format_time(entry.published_at, 'dateline')}"


def blog_posting(entry, page_url):
    """Return one entry as a BlogPosting, addressed by its anchor on the live page."""
    text = clean_text(entry.plain_text())
    posting = {
        "@type": "BlogPosting",
        "headline": headline_of(entry, text),
        "datePublished": entry.published_at.isoformat(),
        "url": f"{page_url}#{entry.anchor()}",
        "articleBody": text,
    }
    if entry.corrected_at:
        posting["dateModified"] = entry.corrected_at.isoformat()
    if entry.author:
        posting["author"] = person(entry.author)
    return posting


def live_blog_posting(page, data):
    """Return the page's JSON-LD with its NewsArticle made a LiveBlogPosting (a structured-data builder)."""
    article, *others = data
    # A dateline belongs to NewsArticle alone; everything else an article says is an Article's.
    posting = {key: value for key, value in article.items() if key != "dateline"}
    posting["@type"] = "LiveBlogPosting"
    changed = latest_entry_change(page)
    if changed and changed > datetime.fromisoformat(article["dateModified"]):
        posting["dateModified"] = changed.isoformat()
    start = page.coverage_start or page.first_published_at or timezone.now()
    posting["coverageStartTime"] = start.isoformat()
    about = {"@type": "Event", "name": clean_text(page.title), "startDate": start.isoformat()}
    if page.coverage_status == page.Status.ENDED:
        end = page.coverage_end or changed or start
        posting["coverageEndTime"] = about["endDate"] = end.isoformat()
    posting["about"] = about
    entries = page.entries.published().newest_first().select_related("author")[:UPDATES_SHOWN]
    posting["liveBlogUpdate"] = [blog_posting(entry, article["url"]) for entry in entries]
    return [posting, *others]
