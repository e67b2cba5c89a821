import itertools
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from broadsheet.accounts.models import Profile
from broadsheet.comments.models import Comment
from broadsheet.identity import Reader

NUMBERS = itertools.count(1)


def make_reader(name="Reader", *, trusted=True, article=None):
    """Return a signed-up reader with a confirmed address (and, when trusted, one approved comment)."""
    number = next(NUMBERS)
    user = get_user_model().objects.create_user(
        f"reader{number}", email=f"reader{number}@example.org", password="a-long-passphrase"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    Profile.objects.create(user=user, display_name=name)
    if trusted and article is not None:
        # Posted an hour ago, so it counts for trust but not against this minute's rate limit.
        Comment.objects.create(
            article=article,
            author=user,
            body=f"An earlier approved comment {number}.",
            status="approved",
            created_at=timezone.now() - timedelta(hours=1),
        )
    return user


@pytest.fixture
def article(make_article):
    return make_article("Allies without a treaty")


@pytest.fixture
def reader(article):
    return make_reader("Marta K.", article=article)


@pytest.fixture
def network():
    return Reader.at("203.0.113.7")
