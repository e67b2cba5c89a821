from django.urls import path

from . import views

app_name = "legal"
urlpatterns = [path("contact/send/", views.send, name="send")]
