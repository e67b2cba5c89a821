from django.urls import path, re_path

from . import views
from .models import CODE_LENGTH

app_name = "links"

urlpatterns = [
    # Everything under /s/ (even nothing, even a newline) reaches the view, so junk after a code
    # gets exactly the 404 of an unknown code rather than the page tree's.
    re_path(r"^s/(?P<code>[\s\S]*)\Z", views.follow, name="follow"),
    path("links/qr/<str:code>.svg", views.qr_code, name="qr_code"),
    # What looks like a code (in any case) at the root: /<code> on SHORT_LINK_HOST, where another case
    # gets the 404 of an unknown code; the view leaves other hosts' paths as they were.
    re_path(rf"^(?P<code>[0-9A-Za-z]{{{CODE_LENGTH}}})\Z", views.follow_on_short_host, name="follow_on_short_host"),
]
