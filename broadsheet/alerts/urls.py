from django.urls import path

from . import views

app_name = "alerts"

# Outside /f/ on purpose: the page cache and the edge's fast path skip /f/, and this fragment is
# the same for everyone, so they keep it.
urlpatterns = [path("alerts/banner/", views.banner, name="banner")]
