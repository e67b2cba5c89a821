from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "broadsheet.pagecache"
    label = "pagecache"
    verbose_name = "Page cache"
