from django.apps import apps
from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from broadsheet import views

handler404 = views.page_not_found

urlpatterns = [
    # Wagtail's deliberate-500 test view: nobody outside its developers needs it (issue 7).
    path("admin/failwhale/", views.not_found),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("opensearch.xml", views.opensearch, name="opensearch"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("f/", include("broadsheet.fragments.urls")),
    path("", include("broadsheet.newsroom.urls")),
]

# Feature apps bring their own URLs (an app config's `urls`): adding a feature is one line in
# INSTALLED_APPS, nothing here.
urlpatterns += [path("", include(config.urls)) for config in apps.get_app_configs() if getattr(config, "urls", None)]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree answers everything else (home, sections, articles).
urlpatterns.append(path("", include(wagtail_urls)))
