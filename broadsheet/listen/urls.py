from django.urls import path

from . import feeds, views

app_name = "listen"

urlpatterns = [
    path("listen/live/", views.live, name="live"),
    path("listen/<int:article_id>/<str:audio_hash>.mp3", views.article_audio, name="article_audio"),
    path("listen/bulletins/<int:bulletin_id>.mp3", views.bulletin_audio, name="bulletin_audio"),
    path("listen/podcast.xml", feeds.ArticleAudioFeed(), name="podcast"),
    path("listen/sections/<int:section_id>/podcast.xml", feeds.ArticleAudioFeed(), name="section_podcast"),
    path("listen/bulletins.xml", feeds.BulletinFeed(), name="bulletin_podcast"),
]
