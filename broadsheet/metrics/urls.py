from django.urls import path

from . import views

app_name = "metrics"
urlpatterns = [
    path("f/views/", views.view_beacon, name="beacon"),
    path("f/counts/<int:article_id>/", views.article_counts, name="counts"),
]
