from django.urls import path, re_path

from . import feeds, sitemaps, views

app_name = "newsroom"
urlpatterns = [
    path("tags/<slug:slug>/", views.tag_page, name="tag"),
    path("authors/<slug:slug>/", views.author_page, name="author"),
    path("feeds/<str:format>/", feeds.feed, name="feed"),
    re_path(
        r"^feeds/(?P<kind>sections|tags|authors)/(?P<slug>[-\w]+)/(?P<format>\w+)/$",
        feeds.feed,
        name="scoped_feed",
    ),
    path("sitemap.xml", sitemaps.index, name="sitemap_index"),
    path("sitemaps/news.xml", sitemaps.news, name="news_sitemap"),
    re_path(r"^sitemaps/(?P<name>[a-z]+)-(?P<number>[1-9][0-9]{0,5})\.xml$", sitemaps.section, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("manifest.webmanifest", views.web_manifest, name="web_manifest"),
]
