from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Reader accounts: sign-up, sign-in (own password or an outside provider), a display name, deletion."""

    name = "broadsheet.accounts"
    label = "accounts"
    verbose_name = "Reader accounts"
    urls = "broadsheet.accounts.urls"
