from django.urls import path

from . import views

app_name = "errata"
urlpatterns = [path("errata/<int:article_id>/", views.report, name="report")]
