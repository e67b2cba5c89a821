from django.urls import include, path

from . import views

urlpatterns = [
    path("accounts/profile/", views.profile, name="accounts_profile"),
    path("accounts/delete/", views.delete_account, name="accounts_delete"),
    path("accounts/", include("allauth.urls")),
]
