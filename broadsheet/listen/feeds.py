"""Podcast feeds (RSS 2.0 with iTunes and Podcasting 2.0 tags), built on Django's syndication framework."""

import uuid

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from wagtail.models import Site

from broadsheet.newsroom.addresses import absolute
from broadsheet.newsroom.models import ArticlePage, SectionPage

from .models import ArticleAudio, Bulletin
from .services import listen_settings

EPISODES = 50
# Podcasting 2.0 asks for a stable podcast:guid, a UUIDv5 of the feed's address without scheme.
PODCAST_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


class PodcastRss(Rss201rev2Feed):
    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
            "xmlns:podcast": "https://podcastindex.org/namespace/1.0",
        }

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        feed = self.feed
        handler.addQuickElement("itunes:author", feed["podcast_author"])
        handler.addQuickElement("itunes:summary", feed["description"])
        handler.addQuickElement("itunes:explicit", "true" if feed["is_explicit"] else "false")
        handler.addQuickElement("itunes:type", "episodic")
        handler.addQuickElement("itunes:image", attrs={"href": feed["image"]})
        handler.startElement("itunes:category", {"text": "News"})
        handler.addQuickElement("itunes:category", attrs={"text": "Daily News"})
        handler.endElement("itunes:category")
        handler.startElement("image", {})
        handler.addQuickElement("url", feed["image"])
        handler.addQuickElement("title", feed["title"])
        handler.addQuickElement("link", feed["link"])
        handler.endElement("image")
        handler.addQuickElement("podcast:guid", feed["podcast_guid"])
        handler.addQuickElement("podcast:locked", "no")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("itunes:duration", str(round(item["duration"])))
        handler.addQuickElement("itunes:explicit", "true" if self.feed["is_explicit"] else "false")
        handler.addQuickElement("itunes:episodeType", "full")


class PodcastFeed(Feed):
    feed_type = PodcastRss

    def feed_extra_kwargs(self, obj):
        chosen = listen_settings()
        site = Site.objects.filter(is_default_site=True).first()
        name = site.site_name if site and site.site_name else "Broadsheet"
        address = absolute(self.request.path)
        return {
            "podcast_author": chosen.podcast_author or name,
            "is_explicit": chosen.podcast_is_explicit,
            "image": absolute(static("listen/podcast.png")),
            "podcast_guid": str(uuid.uuid5(PODCAST_NAMESPACE, address.split("://", 1)[-1].rstrip("/"))),
        }

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return None

    def item_extra_kwargs(self, item):
        return {"duration": item.duration_seconds}

    def item_enclosure_mime_type(self, item):
        return "audio/mpeg"

    def item_enclosure_length(self, item):
        return item.size


class ArticleAudioFeed(PodcastFeed):
    """Every article's audio, newest first: the whole site, or one section."""

    description = "The newsroom's articles, read aloud."

    def get_object(self, request, section_id=None):
        self.request = request
        if section_id is None:
            return None
        return get_object_or_404(SectionPage.objects.visible(), pk=section_id)

    def title(self, section):
        return f"{section.title}: listen" if section else "Broadsheet: listen"

    def link(self, section):
        return absolute(section.url if section else "/")

    def items(self, section):
        articles = ArticlePage.objects.visible()
        if section is not None:
            articles = articles.children_of(section)
        return (
            ArticleAudio.objects.filter(article__in=articles)
            .exclude(file="")
            .select_related("article")
            .order_by("-article__first_published_at", "-pk")[:EPISODES]
        )

    def item_title(self, item):
        return item.article.title

    def item_description(self, item):
        return item.article.standfirst

    def item_link(self, item):
        return absolute(item.article.url)

    def item_guid(self, item):
        # One episode per article and version of its text.
        return f"{absolute(item.article.url)}#audio-{item.audio_hash}"

    def item_guid_is_permalink(self, item):
        return False

    def item_pubdate(self, item):
        return item.article.first_published_at

    def item_enclosure_url(self, item):
        return absolute(reverse("listen:article_audio", args=[item.pk, item.audio_hash]))


class BulletinFeed(PodcastFeed):
    title = "Broadsheet: news bulletins"
    description = "The top stories, read every hour and whenever they change."

    def link(self):
        return absolute(reverse("listen:live"))

    def items(self):
        return Bulletin.objects.all()[:EPISODES]

    def item_title(self, item):
        return f"News bulletin, {item.made_at:%d %B %Y %H:%M} UTC"

    def item_description(self, item):
        return item.script

    def item_link(self, item):
        return absolute(reverse("listen:bulletin_audio", args=[item.pk]))

    def item_guid(self, item):
        return f"bulletin-{item.pk}-{item.made_at:%Y%m%dT%H%M%S}"

    def item_guid_is_permalink(self, item):
        return False

    def item_pubdate(self, item):
        return item.made_at

    def item_enclosure_url(self, item):
        return absolute(reverse("listen:bulletin_audio", args=[item.pk]))
