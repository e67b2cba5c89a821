"""Every absolute address comes from SITE_URL, and Wagtail's default Site follows it."""

from django.core.management import call_command
from wagtail.models import Site

from broadsheet.links.services import shorten, visible_url
from broadsheet.newsroom.addresses import ensure_default_site, site_host_and_port


def test_site_host_and_port_are_read_from_site_url(settings):
    settings.SITE_URL = "http://127.0.0.1:8201"
    assert site_host_and_port() == ("127.0.0.1", 8201)
    settings.SITE_URL = "https://news.example.org"
    assert site_host_and_port() == ("news.example.org", 443)


def test_ensure_site_moves_the_default_site_to_site_urls_host_and_port(settings, home):
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
    settings.SITE_URL = "http://127.0.0.1:8203"
    call_command("ensure_site")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8203)
    assert site.root_page_id == home.pk
    # Wagtail's own addresses ("View live", previews) now name the same host readers use.
    assert home.full_url == "http://127.0.0.1:8203/"


def test_ensure_site_does_nothing_before_there_is_a_site_to_point(settings, db):
    Site.objects.all().delete()
    assert ensure_default_site() is None


def test_a_new_demo_site_is_made_on_site_urls_host(settings, db):
    settings.SITE_URL = "http://127.0.0.1:8205"
    Site.objects.all().delete()
    from broadsheet.newsroom.factories import home_page

    home_page()
    assert Site.objects.filter(is_default_site=True, hostname="127.0.0.1", port=8205).exists()


def test_short_link_targets_are_on_site_url(settings, make_article, china_tag):
    settings.SITE_URL = "https://news.example.org"
    article = make_article("Addresses on the real host")
    link, _ = shorten(article)
    assert visible_url(link) == "https://news.example.org" + article.url
    tag_link, _ = shorten(china_tag)
    assert visible_url(tag_link) == "https://news.example.org" + china_tag.get_absolute_url()
