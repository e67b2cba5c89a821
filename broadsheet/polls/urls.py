from django.urls import path

from . import views

app_name = "polls"
urlpatterns = [
    path("polls/<int:poll_id>/", views.poll_page, name="page"),
    path("polls/<int:poll_id>/vote/", views.vote, name="vote"),
    path("polls/<int:poll_id>/embed/", views.poll_embed, name="embed"),
    path("f/poll/<int:poll_id>/", views.poll_fragment, name="fragment"),
    path("f/poll/<int:poll_id>/results/", views.poll_results, name="results"),
]
