from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Reader accounts: sign-up with consent, sign-in (password or outside provider), a name, own data, deletion."""

    name = "broadsheet.accounts"
    label = "accounts"
    verbose_name = "Reader accounts"
    urls = "broadsheet.accounts.urls"
