from django.urls import include, path

from . import signup, views

urlpatterns = [
    path("accounts/profile/", views.profile, name="accounts_profile"),
    path("accounts/delete/", views.delete_account, name="accounts_delete"),
    path("accounts/my-data/", views.export_data, name="accounts_export"),
    # Before allauth's own patterns, so this address is answered by our sign-up (same name).
    path("accounts/signup/", signup.signup, name="account_signup"),
    path("accounts/", include("allauth.urls")),
]
