from django.urls import path

from . import views

app_name = "fragments"
urlpatterns = [path("account/", views.account_bar, name="account")]
